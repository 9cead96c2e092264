import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type TestNode } from '../../test/helpers/flows.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const start = async (t: { after(fn: () => Promise<void>): void }, nodes: TestNode[]) => {
  const flows = await runFlows(nodes);
  t.after(() => flows.stop());
  return flows;
};

test('flow scope: reports status changes of nodes on its flow as msg.status', async (t) => {
  const flows = await start(t, [
    { id: 'dev', type: 'test-throw', name: 'Device', flow: 'f1' },
    { id: 'other', type: 'test-throw', flow: 'f2' },
    { id: 'st', type: 'status', flow: 'f1', wires: [['out']] },
    { id: 'out', type: 'test-sink', flow: 'f1' },
  ]);
  flows.send('other', { status: { fill: 'red', shape: 'dot', text: 'not ours' } });
  flows.send('dev', { status: { fill: 'green', shape: 'ring', text: 'connected' } });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.status, { fill: 'green', shape: 'ring', text: 'connected', source: { id: 'dev', type: 'test-throw', name: 'Device' } });
  assert.equal(typeof msg!._msgid, 'string');
  await pause(20);
  assert.equal(flows.received('out').length, 1);
});

test('selected scope: only the listed nodes, on any flow; a cleared status has only its source', async (t) => {
  const flows = await start(t, [
    { id: 'listed', type: 'test-throw', flow: 'f2' },
    { id: 'unlisted', type: 'test-throw', flow: 'f1' },
    { id: 'st', type: 'status', flow: 'f1', config: { scope: 'selected', nodes: ['listed'] }, wires: [['out']] },
    { id: 'out', type: 'test-sink', flow: 'f1' },
  ]);
  flows.send('unlisted', { status: { text: 'no' } });
  flows.send('listed', { status: {} });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.status, { source: { id: 'listed', type: 'test-throw', name: '' } });
  await pause(20);
  assert.equal(flows.received('out').length, 1);
});

test('hears status shown by real nodes (a delay queue)', async (t) => {
  const flows = await start(t, [
    { id: 'd', type: 'delay', config: { pauseType: 'rate', rate: 1, rateUnits: 'minute' } },
    { id: 'st', type: 'status', wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  for (const payload of [1, 2, 3]) flows.send('d', { payload });
  await flows.waitFor('out', 1, 1000);
  assert.equal((flows.received('out')[0]!.status as { source: { id: string } }).source.id, 'd');
});
