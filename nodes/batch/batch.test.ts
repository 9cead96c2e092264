import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployErrors, settle, startNode } from '../../test/helpers/node-test.ts';

test('count: a sequence every N messages; parts.id is the first message\'s id', async (t) => {
  const flows = await startNode(t, 'batch', { mode: 'count', count: 2 });
  for (const [i, id] of ['a', 'b', 'c'].entries()) flows.send('n', { _msgid: id, payload: i });
  const out = await flows.waitFor('out0', 2);
  assert.deepEqual(out.map((m) => [m.payload, m.parts]), [[0, { id: 'a', index: 0, count: 2 }], [1, { id: 'a', index: 1, count: 2 }]]);
  await settle();
  assert.equal(flows.received('out0').length, 2, 'the third waits for its group');
});

test('count with overlap: the last messages start the next group too', async (t) => {
  const flows = await startNode(t, 'batch', { mode: 'count', count: 3, overlap: 1 });
  for (let i = 0; i < 5; i++) flows.send('n', { payload: i });
  const out = await flows.waitFor('out0', 6);
  assert.deepEqual(out.map((m) => m.payload), [0, 1, 2, 2, 3, 4]);
});

test('msg.reset drops what is held', async (t) => {
  const flows = await startNode(t, 'batch', { mode: 'count', count: 2 });
  flows.send('n', { payload: 'dropped' });
  flows.send('n', { reset: true });
  flows.send('n', { payload: 1 });
  flows.send('n', { payload: 2 });
  assert.deepEqual((await flows.waitFor('out0', 2)).map((m) => m.payload), [1, 2]);
});

test('interval: what arrived in the interval, or an empty message when allowed', async (t) => {
  const flows = await startNode(t, 'batch', { mode: 'interval', interval: 0.05, allowEmptySequence: true });
  flows.send('n', { payload: 'x' });
  flows.send('n', { payload: 'y' });
  const out = await flows.waitFor('out0', 3);
  assert.deepEqual(out.slice(0, 2).map((m) => [m.payload, (m.parts as { count: number }).count]), [['x', 2], ['y', 2]]);
  assert.equal(out[2]!.payload, null);
  assert.deepEqual({ ...(out[2]!.parts as object), id: 'x' }, { id: 'x', index: 0, count: 1 });
});

test('concat: whole sequences of the listed topics, in the order listed', async (t) => {
  const flows = await startNode(t, 'batch', { mode: 'concat', topics: [{ topic: 'a' }, { topic: 'b' }] });
  flows.send('n', { topic: 'b', payload: 'b0', parts: { id: 'B', index: 0, count: 1 } });
  flows.send('n', { topic: 'a', payload: 'a0', parts: { id: 'A', index: 0, count: 2 } });
  flows.send('n', { topic: 'c', payload: 'ignored', parts: { id: 'C', index: 0, count: 1 } });
  flows.send('n', { topic: 'a', payload: 'a1', parts: { id: 'A', index: 1, count: 2 } });
  const out = await flows.waitFor('out0', 3);
  assert.deepEqual(out.map((m) => [m.payload, (m.parts as { index: number; count: number }).index, (m.parts as { count: number }).count]), [['a0', 0, 3], ['a1', 1, 3], ['b0', 2, 3]]);
});

test('an overlap as large as the count is a deploy error', async () => {
  const errors = await deployErrors('batch', { mode: 'count', count: 2, overlap: 2 });
  assert.deepEqual(errors.map((e) => e.path), ['/config/overlap']);
});
