import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from 'patchbay/node-api/testing';
import threshold from './index.ts';

test('switches on above high and off below low, silent in between', async (t) => {
  const node = await startNode(threshold, { config: { high: 22, low: 20 } });
  t.after(() => node.close());
  for (const payload of [23, 21, 22.5, 19.5, 21]) node.input({ payload });
  await node.waitForSent(2);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(node.sent.map((s) => s.msg.payload), ['on', 'off']);
  assert.deepEqual(node.statuses.map((s) => s.text), ['on at 23', 'off at 19.5']);
});

test('reads the configured property', async (t) => {
  const node = await startNode(threshold, { config: { property: 'temperature', high: 10, low: 5 } });
  t.after(() => node.close());
  node.input({ temperature: 12 });
  assert.equal((await node.waitForSent())[0]!.msg.payload, 'on');
});

test('a value that is not a number is an error', async (t) => {
  const node = await startNode(threshold);
  t.after(() => node.close());
  node.input({ payload: 'warm' });
  assert.match((await node.waitForError()).message, /msg.payload is not a number/);
});

test('low above high is refused at deploy, on the low field', async () => {
  await assert.rejects(startNode(threshold, { config: { high: 18, low: 20 } }), (err: { details?: Array<{ path: string }> }) => {
    assert.deepEqual(err.details?.map((e) => e.path), ['/config/low']);
    return true;
  });
});
