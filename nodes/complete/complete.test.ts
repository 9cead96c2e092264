import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type TestNode } from '../../test/helpers/flows.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const start = async (t: { after(fn: () => Promise<void>): void }, nodes: TestNode[]) => {
  const flows = await runFlows(nodes);
  t.after(() => flows.stop());
  return flows;
};

test('fires when a selected node has finished with a message, with a copy of it', async (t) => {
  const flows = await start(t, [
    { id: 'd', type: 'delay', config: { timeout: 40, timeoutUnits: 'milliseconds' }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    { id: 'done', type: 'complete', config: { nodes: ['d'] }, wires: [['completed']] },
    { id: 'completed', type: 'test-sink' },
  ]);
  flows.send('d', { _msgid: 'm1', payload: { n: 1 } });
  await pause(20);
  assert.equal(flows.received('completed').length, 0, 'completed before the delay released the message');
  const [msg] = await flows.waitFor('completed', 1);
  const [sent] = await flows.waitFor('out', 1);
  const { complete, ...rest } = msg!;
  assert.deepEqual(rest, sent);
  assert.deepEqual(complete, { source: { id: 'd', type: 'delay', name: '' } }, 'msg.complete names the node (Node-RED)');
  assert.notEqual(msg!.payload, sent!.payload, 'the completed copy shares objects with the message sent on');
});

test('selected nodes anywhere; others, and an empty selection, are not heard', async (t) => {
  const flows = await start(t, [
    { id: 'listed', type: 'test-sink', flow: 'f2' },
    { id: 'unlisted', type: 'test-sink' },
    { id: 'done', type: 'complete', config: { nodes: ['listed'] }, wires: [['completed']] },
    { id: 'none', type: 'complete', wires: [['heardNothing']] },
    { id: 'completed', type: 'test-sink' },
    { id: 'heardNothing', type: 'test-sink' },
  ]);
  flows.send('unlisted', { payload: 'no' });
  flows.send('listed', { payload: 'yes' });
  await flows.waitFor('completed', 1);
  await pause(20);
  assert.deepEqual(flows.received('completed').map((m) => m.payload), ['yes']);
  assert.equal(flows.received('heardNothing').length, 0);
});

test('a message that fails is not complete', async (t) => {
  const flows = await start(t, [
    { id: 'boom', type: 'test-throw' },
    { id: 'done', type: 'complete', config: { nodes: ['boom'] }, wires: [['completed']] },
    { id: 'completed', type: 'test-sink' },
  ]);
  flows.send('boom', { payload: 'fails' });
  await flows.waitForEvent('log', (e) => e.level === 'error');
  await pause(20);
  assert.equal(flows.received('completed').length, 0);
});
