import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceInfo } from '../../../server/api/contract.ts';
import { commandChoices, formatValue, fromList, groupDevices, withDevice, withoutDevice, withState } from '../../../editor/src/devices/device-list.ts';

const device = (id: string, name: string, extra: Partial<DeviceInfo> = {}): DeviceInfo => ({
  id, name, source: 'zigbee2mqtt', sources: ['zigbee2mqtt'], online: true, announced: true, state: {},
  entities: [{ id: 'light', name: 'Light', kind: 'light', properties: [{ id: 'state', name: 'State', type: 'boolean', readable: true, settable: true, gettable: false }] }],
  ...extra,
});

test('grouped by area, else bridge, else convention; filtered by name, model or property', () => {
  const devices = fromList([
    device('a', 'Lamp', { area: 'Hallway' }), device('b', 'Bulb', { via: 'Zigbee2MQTT (zigbee2mqtt)' }),
    device('c', 'Plug', { source: 'tasmota', sources: ['tasmota'], model: 'Sonoff S31', entities: [] }),
  ]);
  assert.deepEqual(groupDevices(devices, '').map(([g, list]) => [g, list.map((d) => d.name)]), [
    ['Hallway', ['Lamp']], ['Tasmota', ['Plug']], ['Zigbee2MQTT (zigbee2mqtt)', ['Bulb']],
  ]);
  assert.deepEqual(groupDevices(devices, 's31').map(([, list]) => list[0]!.name), ['Plug']);
  assert.deepEqual(groupDevices(devices, 'STATE').flatMap(([, list]) => list.map((d) => d.name)).sort(), ['Bulb', 'Lamp']);
});

test('events keep the list current: added, state, removed', () => {
  let devices = withDevice(fromList([]), device('a', 'Lamp'));
  devices = withState(devices, { device: 'a', entity: 'light', property: 'state', value: true, previous: undefined, time: 5 });
  assert.deepEqual([devices.get('a')!.state.state, devices.get('a')!.entities[0]!.properties[0]!.value], [true, true]);
  assert.equal(withState(devices, { device: 'zz', entity: 'x', property: 'y', value: 1, previous: undefined, time: 1 }), devices, 'unknown devices are ignored');
  assert.equal(withoutDevice(devices, 'a').size, 0);
});

test('values read as a person would say them; commands offered by type', () => {
  assert.equal(formatValue({ type: 'boolean', value: false }), 'off');
  assert.equal(formatValue({ type: 'number', value: 21.5, unit: '°C' }), '21.5 °C');
  assert.equal(formatValue({ type: 'number' }), '—');
  assert.deepEqual(commandChoices({ type: 'boolean' }), ['on', 'off', 'toggle']);
  assert.deepEqual(commandChoices({ type: 'enum', values: ['a', 'b'] }), ['a', 'b']);
  assert.deepEqual(commandChoices({ type: 'number' }), []);
});
