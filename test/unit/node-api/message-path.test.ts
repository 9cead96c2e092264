import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deleteProperty, getProperty, parsePath, setProperty } from '../../../server/node-api/message-path.ts';

test('paths in dot and bracket notation', () => {
  assert.deepEqual(parsePath('payload.a["b c"][0]'), ['payload', 'a', 'b c', 0]);
  for (const bad of ['', 'a.', '.a', 'a..b', 'a[x]', 'a["b]']) assert.throws(() => parsePath(bad), /property path/, bad);
});

test('a split path is reused but cannot be changed by whoever got it; bad paths keep failing', () => {
  const first = parsePath('payload.temp');
  assert.equal(parsePath('payload.temp'), first, 'split once');
  assert.ok(Object.isFrozen(first));
  for (let i = 0; i < 3; i++) assert.throws(() => parsePath('a..b'), /Invalid property path/);
});

test('a path cannot reach the prototypes every object shares', () => {
  for (const path of ['__proto__.polluted', 'payload.__proto__.polluted', 'constructor.prototype.polluted', 'a["__proto__"].polluted']) {
    assert.throws(() => setProperty({ payload: {} }, path, 'yes'), /is not allowed/, path);
    assert.throws(() => getProperty({}, path), /is not allowed/, path);
    assert.throws(() => deleteProperty({}, path), /is not allowed/, path);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('setProperty creates missing steps, objects or arrays by the next step', () => {
  const msg: Record<string, unknown> = {};
  setProperty(msg, 'a.b[1].c', 5);
  assert.ok(Array.isArray(getProperty(msg, 'a.b')));
  assert.deepEqual(getProperty(msg, 'a.b[1]'), { c: 5 });
});

test('setProperty refuses to write under a value that is not an object, leaving it as it was', () => {
  const msg: Record<string, unknown> = { payload: 'abc', n: null };
  assert.throws(() => setProperty(msg, 'payload.a', 1), /Cannot set payload\.a: payload is a string, not an object/);
  assert.throws(() => setProperty(msg, 'n.x.y', 1), /Cannot set n\.x\.y: n is null, not an object/);
  assert.deepEqual(msg, { payload: 'abc', n: null });
});
