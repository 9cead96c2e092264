import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeZ2m, encodeZ2m, exposesToEntities } from '../../../server/devices/adapters/z2m-exposes.ts';

test('endpoints give separate entities; generic exposes get a kind from access and type; malformed entries are skipped', () => {
  const { entities, features } = exposesToEntities([
    { type: 'switch', endpoint: 'l1', features: [{ type: 'binary', name: 'state', property: 'state_l1', access: 7, value_on: 'ON', value_off: 'OFF' }] },
    { type: 'switch', endpoint: 'l2', features: [{ type: 'binary', name: 'state', property: 'state_l2', access: 7, value_on: 'ON', value_off: 'OFF' }] },
    { type: 'enum', name: 'action', property: 'action', access: 1, values: ['single', 'double'] },
    { type: 'numeric', name: 'temperature_offset', property: 'temperature_offset', access: 7, value_min: -5, value_max: 5, unit: '°C' },
    { type: 'binary', name: 'child_lock', property: 'child_lock', access: 3, value_on: 'LOCK', value_off: 'UNLOCK' },
    { name: 'no type' }, 'nonsense', { type: 'numeric', name: 'no property' },
  ]);
  assert.deepEqual(entities.map((e) => [e.id, e.kind, e.properties.map((p) => p.key).join()]), [
    ['switch_l1', 'switch', 'state_l1'], ['switch_l2', 'switch', 'state_l2'], ['action', 'event', 'action'],
    ['temperature_offset', 'number', 'temperature_offset'], ['child_lock', 'switch', 'child_lock'],
  ]);
  assert.deepEqual([decodeZ2m(features.get('child_lock'), 'LOCK'), encodeZ2m(features.get('child_lock'), false)], [true, 'UNLOCK']);
  assert.equal(decodeZ2m(features.get('action'), 'single'), 'single');
});
