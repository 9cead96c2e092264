import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { DEBUG_MAX_LENGTH, encodeDebugValue } from '../../../server/runtime/debug-value.ts';

test('values JSON cannot carry are encoded so the sidebar can show them', () => {
  const circular: Record<string, unknown> = { name: 'loop' };
  circular.self = circular;
  const encoded = encodeDebugValue({
    missing: undefined, nan: NaN, inf: -Infinity, big: 12n, when: new Date(0), bytes: Buffer.from('hi'),
    fn: function greet() {}, err: new TypeError('bad'), circular, shared: [circular, circular], map: new Map([['a', 1]]), set: new Set([1]),
    floats: new Float32Array([0.5]), re: /a+/gi,
  });
  assert.deepEqual(JSON.parse(JSON.stringify(encoded)), {
    missing: { __pb: 'undefined' }, nan: { __pb: 'number', value: 'NaN' }, inf: { __pb: 'number', value: '-Infinity' },
    big: { __pb: 'bigint', value: '12' }, when: { __pb: 'date', value: '1970-01-01T00:00:00.000Z' },
    bytes: { __pb: 'buffer', hex: '6869', length: 2 }, fn: { __pb: 'function', name: 'greet' },
    err: { __pb: 'error', name: 'TypeError', message: 'bad' },
    circular: { name: 'loop', self: { __pb: 'circular' } },
    shared: [{ name: 'loop', self: { __pb: 'circular' } }, { name: 'loop', self: { __pb: 'circular' } }],
    // Shown as what they are, as Node-RED's debug sidebar does.
    map: { __pb: 'map', entries: [['a', 1]], size: 1 }, set: { __pb: 'set', values: [1], size: 1 },
    floats: { __pb: 'typedarray', kind: 'Float32Array', values: [0.5], length: 1 }, re: { __pb: 'regexp', value: '/a+/gi' },
  });
});

test('objects made in another vm realm (function nodes) are recognised', () => {
  const foreign = runInNewContext('({ when: new Date(0), err: new RangeError("r"), map: new Map([["k", 2]]) })');
  assert.deepEqual(encodeDebugValue(foreign), {
    when: { __pb: 'date', value: '1970-01-01T00:00:00.000Z' }, err: { __pb: 'error', name: 'RangeError', message: 'r' }, map: { __pb: 'map', entries: [['k', 2]], size: 1 },
  });
});

test('long values are cut so one message cannot flood the browser', () => {
  assert.deepEqual(encodeDebugValue('x'.repeat(DEBUG_MAX_LENGTH + 50)), { __pb: 'string', head: 'x'.repeat(DEBUG_MAX_LENGTH), length: DEBUG_MAX_LENGTH + 50 });
  const list = encodeDebugValue(Array.from({ length: DEBUG_MAX_LENGTH + 5 }, (_, i) => i)) as unknown[];
  assert.equal(list.length, DEBUG_MAX_LENGTH + 1);
  assert.deepEqual(list.at(-1), { __pb: 'truncated', length: DEBUG_MAX_LENGTH + 5 });
  const bytes = encodeDebugValue(Buffer.alloc(5000)) as { hex: string; length: number };
  assert.equal(bytes.hex.length, DEBUG_MAX_LENGTH * 2);
  assert.equal(bytes.length, 5000);
});
