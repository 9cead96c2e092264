// Message ids come from a pool of random bytes: the format stays Node-RED's and no id repeats
// across refills of the pool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageId } from '../../server/runtime/message-id.ts';

test('message ids are 16 hex digits and distinct, across several refills of the pool', () => {
  const ids = Array.from({ length: 5000 }, () => messageId());
  for (const id of ids) assert.match(id, /^[0-9a-f]{16}$/);
  assert.equal(new Set(ids).size, ids.length);
});
