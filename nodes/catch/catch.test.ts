import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type TestNode } from '../../test/helpers/flows.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const start = async (t: { after(fn: () => Promise<void>): void }, nodes: TestNode[]) => {
  const flows = await runFlows(nodes);
  t.after(() => flows.stop());
  return flows;
};

type ErrorInfo = { message: string; source: { id: string; type: string; name: string; count: number }; stack?: string };

test('flow scope: catches errors of nodes on its own flow, with msg.error and the failed message', async (t) => {
  const flows = await start(t, [
    { id: 'boom', type: 'test-throw', name: 'Boom', flow: 'f1' },
    { id: 'elsewhere', type: 'test-throw', flow: 'f2' },
    { id: 'catch', type: 'catch', flow: 'f1', wires: [['caught']] },
    { id: 'caught', type: 'test-sink', flow: 'f1' },
  ]);
  flows.send('boom', { _msgid: 'm1', payload: 'it broke', topic: 'kept' });
  flows.send('elsewhere', { payload: 'not ours' });
  const [msg] = await flows.waitFor('caught', 1);
  assert.equal(msg!._msgid, 'm1');
  assert.deepEqual([msg!.payload, msg!.topic], ['it broke', 'kept']);
  const error = msg!.error as ErrorInfo;
  assert.equal(error.message, 'it broke');
  assert.deepEqual(error.source, { id: 'boom', type: 'test-throw', name: 'Boom', count: 1 });
  assert.match(error.stack!, /it broke/);
  await pause(20);
  assert.equal(flows.received('caught').length, 1);
});

test('selected scope: catches only the listed nodes, on any flow', async (t) => {
  const flows = await start(t, [
    { id: 'listed', type: 'test-throw', flow: 'f2' },
    { id: 'unlisted', type: 'test-throw', flow: 'f1' },
    { id: 'catch', type: 'catch', flow: 'f1', config: { scope: 'selected', nodes: ['listed'] }, wires: [['caught']] },
    { id: 'caught', type: 'test-sink', flow: 'f1' },
  ]);
  flows.send('unlisted', { payload: 'no' });
  flows.send('listed', { payload: 'yes' });
  await flows.waitFor('caught', 1);
  await pause(20);
  assert.deepEqual(flows.received('caught').map((m) => m.payload), ['yes']);
});

test('uncaught: hears only errors no other catch node heard', async (t) => {
  const flows = await start(t, [
    { id: 'a', type: 'test-throw' },
    { id: 'b', type: 'test-throw' },
    { id: 'forA', type: 'catch', config: { scope: 'selected', nodes: ['a'] }, wires: [['caughtA']] },
    { id: 'rest', type: 'catch', config: { uncaught: true }, wires: [['caughtRest']] },
    { id: 'caughtA', type: 'test-sink' },
    { id: 'caughtRest', type: 'test-sink' },
  ]);
  flows.send('a', { payload: 'from a' });
  flows.send('b', { payload: 'from b' });
  await flows.waitFor('caughtA', 1);
  await flows.waitFor('caughtRest', 1);
  await pause(20);
  assert.deepEqual(flows.received('caughtA').map((m) => m.payload), ['from a']);
  assert.deepEqual(flows.received('caughtRest').map((m) => m.payload), ['from b']);
});

test('several catch nodes each get their own copy of the message', async (t) => {
  const flows = await start(t, [
    { id: 'boom', type: 'test-throw' },
    { id: 'c1', type: 'catch', wires: [['s1']] },
    { id: 'c2', type: 'catch', wires: [['s2']] },
    { id: 's1', type: 'test-sink' },
    { id: 's2', type: 'test-sink' },
  ]);
  flows.send('boom', { payload: 'x', data: { n: 1 } });
  const [one] = await flows.waitFor('s1', 1);
  const [two] = await flows.waitFor('s2', 1);
  assert.deepEqual(one, two);
  assert.notEqual(one!.data, two!.data);
});

test('msg.error.source.count grows while a catch flow keeps failing on the same node (loop guard)', async (t) => {
  const flows = await start(t, [
    { id: 'boom', type: 'test-throw' },
    { id: 'catch', type: 'catch', wires: [['boom', 'caught']] },
    { id: 'caught', type: 'test-sink' },
  ]);
  flows.send('boom', { payload: 'again' });
  await flows.waitFor('caught', 9);
  await pause(50);
  const counts = flows.received('caught').map((m) => (m.error as ErrorInfo).source.count);
  // As Node-RED: counted from 1, the tenth round is not delivered.
  assert.deepEqual(counts, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // The error a message already carried is kept as msg._error (Node-RED).
  assert.deepEqual((flows.received('caught')[1]!._error as ErrorInfo).source.count, 1);
});

test('rejects an unknown scope', async () => {
  await assert.rejects(runFlows([{ id: 'catch', type: 'catch', config: { scope: 'group' } }]));
});

test('catch nodes that name their nodes are served before catch-all ones (Node-RED)', async (t) => {
  const mark = (id: string, by: string) => ({ id, type: 'change', config: { rules: [{ t: 'set', p: 'topic', pt: 'msg', to: { type: 'str', value: by } }] }, wires: [['caught']] });
  const flows = await start(t, [
    { id: 'boom', type: 'test-throw' },
    { id: 'all', type: 'catch', wires: [['mark-all']] },
    { id: 'scoped', type: 'catch', config: { scope: 'selected', nodes: ['boom'] }, wires: [['mark-scoped']] },
    mark('mark-all', 'all'), mark('mark-scoped', 'scoped'),
    { id: 'caught', type: 'test-sink' },
  ]);
  flows.send('boom', { payload: 'x' });
  await flows.waitFor('caught', 2);
  assert.deepEqual(flows.received('caught').map((m) => m.topic), ['scoped', 'all']);
});
