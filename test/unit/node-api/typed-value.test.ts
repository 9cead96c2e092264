import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTypedValue, type Message, type NodeContext } from '../../../server/node-api/index.ts';

/** Just enough of a node for the value types that don't touch context or JSONata. */
const msg: Message = { _msgid: 'm1' };
const node = { env: { get: (name: string) => (name === 'HOME_ROOM' ? 'hall' : undefined) } } as unknown as NodeContext;

test('env: a variable, or "" when it is not set (as in Node-RED)', () => {
  assert.equal(compileTypedValue({ type: 'env', value: 'HOME_ROOM' }, node)(msg), 'hall');
  assert.equal(compileTypedValue({ type: 'env', value: 'NOT_SET_ANYWHERE' }, node)(msg), '');
});

test('date: milliseconds, an ISO string or a Date, by the value', () => {
  const before = Date.now();
  const ms = compileTypedValue({ type: 'date', value: '' }, node)(msg) as number;
  assert.ok(ms >= before && ms <= Date.now());
  const iso = compileTypedValue({ type: 'date', value: 'iso' }, node)(msg) as string;
  assert.match(iso, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(compileTypedValue({ type: 'date', value: 'object' }, node)(msg) instanceof Date);
  assert.throws(() => compileTypedValue({ type: 'date', value: 'week' }, node, '/config/payload'),
    (err: Error & { path?: string }) => /Unknown timestamp format "week"/.test(err.message) && err.path === '/config/payload/value');
});
