import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkValue, parseText, readValue } from '../../../server/devices/values.ts';

test('commands: booleans from on/off words, numbers from text within range, enums case-insensitively', () => {
  assert.deepEqual(checkValue({ type: 'boolean' }, 'ON'), { ok: true, value: true });
  assert.deepEqual(checkValue({ type: 'boolean' }, 0), { ok: true, value: false });
  assert.equal(checkValue({ type: 'boolean' }, 'maybe').ok, false);
  assert.deepEqual(checkValue({ type: 'number', min: 0, max: 254 }, '120'), { ok: true, value: 120 });
  assert.deepEqual(checkValue({ type: 'number', min: 0, max: 254, unit: 'lx' }, 300), { ok: false, problem: '300 is out of range from 0 to 254 lx' });
  assert.deepEqual(checkValue({ type: 'number' }, ''), { ok: false, problem: 'expected a number, got ""' });
  assert.deepEqual(checkValue({ type: 'enum', values: ['off', 'heat'] }, 'HEAT'), { ok: true, value: 'heat' });
  assert.match((checkValue({ type: 'enum', values: ['off', 'heat'] }, 'cool') as { problem: string }).problem, /one of off, heat/);
  assert.equal(checkValue({ type: 'string' }, { a: 1 }).ok, false);
});

test('reports: numeric text becomes a number and on/off words booleans; anything else stays as it came', () => {
  assert.equal(readValue({ type: 'number' }, '21.5'), 21.5);
  assert.equal(readValue({ type: 'number' }, 'n/a'), 'n/a');
  assert.equal(readValue({ type: 'boolean' }, 'off'), false);
  assert.deepEqual(readValue({ type: 'json' }, { x: 1 }), { x: 1 });
});

test('a person’s text for a comparison ignores the range (a "to" value may be a threshold outside it)', () => {
  assert.deepEqual(parseText({ type: 'number', min: 0, max: 10 }, '12'), { ok: true, value: 12 });
  assert.deepEqual(parseText({ type: 'json' }, '{"x":1}'), { ok: true, value: { x: 1 } });
});
