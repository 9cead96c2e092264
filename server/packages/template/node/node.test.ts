import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from 'patchbay/node-api/testing';
import node from './index.ts';

test('puts the prefix in front of the property and counts in its status', async (t) => {
  const running = await startNode(node, { config: { prefix: '>> ' } });
  t.after(() => running.close());
  running.input({ payload: 'world' });
  const [out] = await running.waitForSent();
  assert.equal(out!.port, 0);
  assert.equal(out!.msg.payload, '>> world');
  assert.equal((await running.waitForStatus()).text, '1 sent');
});

test('a message without the property is an error, and nothing is sent', async (t) => {
  const running = await startNode(node, { config: { property: 'topic' } });
  t.after(() => running.close());
  running.input({ payload: 'no topic' });
  assert.match((await running.waitForError()).message, /msg.topic is not set/);
  assert.deepEqual(running.sent, []);
});

test('an empty property is refused at deploy', async () => {
  await assert.rejects(startNode(node, { config: { property: '' } }), /error/);
});
