import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneMessage, HttpReply } from '../../../server/node-api/index.ts';

test('a clone is deep: changing it leaves the original alone', () => {
  const msg = { _msgid: 'm', payload: { rooms: [{ name: 'hall', temps: [20, 21] }] }, topic: 't' };
  const copy = cloneMessage(msg);
  copy.payload.rooms[0]!.temps.push(22);
  copy.payload.rooms[0]!.name = 'kitchen';
  assert.deepEqual(msg.payload.rooms[0], { name: 'hall', temps: [20, 21] });
  assert.deepEqual(copy.payload.rooms[0], { name: 'kitchen', temps: [20, 21, 22] });
});

test('Buffers, typed arrays, Dates, Maps and Sets are copied as themselves', () => {
  const bytes = Buffer.from('hello');
  const floats = new Float32Array([1.5, 2.5]).subarray(1);
  const msg = { bytes, floats, when: new Date(0), map: new Map([['k', { v: 1 }]]), set: new Set([1, 2]) };
  const copy = cloneMessage(msg);
  assert.ok(Buffer.isBuffer(copy.bytes));
  assert.notEqual(copy.bytes, bytes);
  copy.bytes[0] = 0x4a;
  assert.equal(bytes.toString(), 'hello');
  assert.ok(copy.floats instanceof Float32Array);
  assert.deepEqual([...copy.floats], [2.5]);
  assert.ok(copy.when instanceof Date && copy.when.getTime() === 0 && copy.when !== msg.when);
  assert.deepEqual(copy.map.get('k'), { v: 1 });
  assert.notEqual(copy.map.get('k'), msg.map.get('k'));
  assert.deepEqual([...copy.set], [1, 2]);
});

test('a circular message is copied with its cycle', () => {
  const msg: Record<string, any> = { payload: { list: [] as unknown[] } };
  msg.self = msg;
  msg.payload.list.push(msg.payload);
  const copy = cloneMessage(msg);
  assert.equal(copy.self, copy);
  assert.equal(copy.payload.list[0], copy.payload);
  assert.notEqual(copy.payload, msg.payload);
});

test('an HttpReply (msg.res) is shared by the copies, so any of them can answer', () => {
  const reply = new HttpReply(() => true);
  const copy = cloneMessage({ _msgid: 'm', res: reply });
  assert.equal(copy.res, reply);
});

test('a "__proto__" key from JSON stays an own property and gives the copy no inherited values', () => {
  const msg = JSON.parse('{"payload":{"__proto__":{"admin":true},"name":"x"}}');
  const copy = cloneMessage(msg);
  assert.equal(copy.payload.admin, undefined, 'nothing inherited');
  assert.equal(Object.getPrototypeOf(copy.payload), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(copy.payload, '__proto__')?.value, { admin: true });
  assert.deepEqual(Object.keys(copy.payload), ['__proto__', 'name']);
  assert.equal(({} as Record<string, unknown>).admin, undefined);
});
