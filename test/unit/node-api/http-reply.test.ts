import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneMessage, HttpReply, type HttpResponse } from '../../../server/node-api/index.ts';
import { encodeDebugValue } from '../../../server/runtime/debug-value.ts';

test('a message clone shares the reply handle and copies everything else', () => {
  const reply = new HttpReply(() => true);
  const msg = { _msgid: '1', payload: { a: 1 }, req: { headers: { host: 'x' } }, res: reply, list: [reply] };
  const copy = cloneMessage(msg);
  assert.equal(copy.res, reply);
  assert.equal(copy.list[0], reply);
  assert.notEqual(copy.payload, msg.payload);
  assert.notEqual(copy.req.headers, msg.req.headers);
  assert.deepEqual(copy.req, msg.req);
});

test('only the first send gets through', () => {
  const sent: HttpResponse[] = [];
  const reply = new HttpReply((response) => {
    sent.push(response);
    return true;
  });
  assert.equal(reply.send({ statusCode: 200, body: 'first' }), true);
  assert.equal(reply.send({ statusCode: 500, body: 'second' }), false);
  assert.deepEqual(sent, [{ statusCode: 200, body: 'first' }]);
});

test('a reply shows no internals to JSON or the debug sidebar', () => {
  const reply = new HttpReply(() => true);
  assert.equal(JSON.stringify({ res: reply }), '{"res":{"__httpReply":true}}');
  assert.deepEqual(Object.keys(reply), []);
  assert.deepEqual(encodeDebugValue({ res: reply }), { res: {} });
});
