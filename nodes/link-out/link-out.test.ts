import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows } from '../../test/helpers/flows.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('link mode: sends to every chosen link-in, on any flow, each its own copy', async (t) => {
  const flows = await runFlows([
    { id: 'lo', type: 'link-out', flow: 'f1', config: { mode: 'link', links: ['a', 'b'] } },
    { id: 'a', type: 'link-in', flow: 'f1', wires: [['outA']] },
    { id: 'b', type: 'link-in', flow: 'f2', wires: [['outB']] },
    { id: 'c', type: 'link-in', flow: 'f2', wires: [['outC']] },
    { id: 'outA', type: 'test-sink', flow: 'f1' },
    { id: 'outB', type: 'test-sink', flow: 'f2' },
    { id: 'outC', type: 'test-sink', flow: 'f2' },
  ]);
  t.after(() => flows.stop());
  flows.send('lo', { payload: { n: 1 } });
  const [a] = await flows.waitFor('outA', 1);
  const [b] = await flows.waitFor('outB', 1);
  assert.deepEqual({ ...a, _event: '' }, { ...b, _event: '' });
  assert.deepEqual([a!._event, b!._event], ['node:a', 'node:b'], 'each link-in names itself in msg._event (Node-RED)');
  assert.notEqual(a!.payload, b!.payload, 'the two branches share an object');
  await pause(20);
  assert.equal(flows.received('outC').length, 0, 'an unchosen link-in received the message');
});

test('link mode: a link-in that is not deployed is warned about once', async (t) => {
  const flows = await runFlows([{ id: 'lo', type: 'link-out', config: { links: ['gone'] } }]);
  t.after(() => flows.stop());
  flows.send('lo', { payload: 1 });
  flows.send('lo', { payload: 2 });
  await flows.waitForEvent('log', (e) => e.level === 'warn' && /gone/.test(e.message));
  await pause(20);
  assert.equal(flows.events.log.filter((e) => e.level === 'warn').length, 1);
});

test('return mode: a message that was not sent by a link call is an error', async (t) => {
  const flows = await runFlows([{ id: 'lo', type: 'link-out', config: { mode: 'return' } }]);
  t.after(() => flows.stop());
  flows.send('lo', { payload: 1 });
  await flows.waitForEvent('log', (e) => e.level === 'error' && e.node === 'lo' && /did not come from a link-call/.test(e.message));
});

test('return mode: the calling node must still be deployed', async (t) => {
  const flows = await runFlows([{ id: 'lo', type: 'link-out', config: { mode: 'return' } }]);
  t.after(() => flows.stop());
  flows.send('lo', { payload: 1, _linkSource: [{ id: 'removed-call', call: 'c1' }] });
  await flows.waitForEvent('log', (e) => e.level === 'error' && /removed-call/.test(e.message));
});

test('rejects an unknown mode', async () => {
  await assert.rejects(runFlows([{ id: 'lo', type: 'link-out', config: { mode: 'broadcast' } }]));
});
