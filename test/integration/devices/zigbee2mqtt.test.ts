// Zigbee2MQTT through the real broker: bridge/devices with exposes (as Zigbee2MQTT publishes
// them), availability, state, /set encoding, groups, removal and malformed payloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeviceBench } from '../../helpers/devices.ts';
import { waitUntil } from '../../helpers/mqtt.ts';
import { BRIDGE_DEVICES, BRIDGE_GROUPS, CLIMATE, LIGHT, MOTION } from '../../../server/simulator/zigbee2mqtt-devices.ts';

async function bridge(t: Parameters<typeof startDeviceBench>[0]) {
  const bench = await startDeviceBench(t);
  await bench.publish('zigbee2mqtt/bridge/state', '{"state":"online"}', true);
  await bench.publish('zigbee2mqtt/bridge/devices', BRIDGE_DEVICES, true);
  await bench.waitForDevice(CLIMATE.ieee);
  return bench;
}

test('bridge/devices becomes devices with typed properties from exposes and access bits; the coordinator is left out', async (t) => {
  const bench = await bridge(t);
  const light = await bench.waitForDevice(LIGHT.ieee);
  assert.equal(light.name, 'living_room_light');
  assert.equal(light.source, 'zigbee2mqtt');
  assert.equal(light.manufacturer, 'Philips');
  assert.equal(light.model, '9290022166');
  assert.match(light.via!, /Zigbee2MQTT/);
  const entity = light.entities.find((e) => e.kind === 'light')!;
  const byId = Object.fromEntries(entity.properties.map((p) => [p.id, p]));
  assert.deepEqual(Object.keys(byId), ['state', 'brightness', 'color_temp', 'color']);
  assert.deepEqual([byId.state!.type, byId.state!.readable, byId.state!.settable, byId.state!.gettable], ['boolean', true, true, true]);
  assert.deepEqual([byId.brightness!.min, byId.brightness!.max], [0, 254]);
  assert.equal(byId.color_temp!.unit, 'mired');
  assert.equal(byId.color!.type, 'json');
  const effect = light.entities.find((e) => e.id === 'effect')!;
  assert.deepEqual([effect.kind, effect.properties[0]!.type, effect.properties[0]!.readable, effect.properties[0]!.settable], ['select', 'enum', false, true]);
  const motion = await bench.waitForDevice(MOTION.ieee);
  assert.deepEqual(motion.entities.find((e) => e.id === 'occupancy')!.kind, 'binary_sensor');
  assert.equal(bench.registry.list().some((d) => d.name === 'Coordinator'), false);
});

test('state messages become typed values (binary value_on/value_off → true/false); a repeat is reported as unchanged', async (t) => {
  const bench = await bridge(t);
  const changes: Array<{ property: string; value: unknown; changed: boolean }> = [];
  bench.registry.events.on('state', (c) => { if (c.device === MOTION.ieee) changes.push(c); });
  await bench.publish(`zigbee2mqtt/${MOTION.name}`, { occupancy: true, illuminance: 23, battery: 100, linkquality: 120 });
  await bench.publish(`zigbee2mqtt/${MOTION.name}`, { occupancy: true, illuminance: 23, battery: 100, linkquality: 120 });
  await waitUntil(() => changes.filter((c) => c.property === 'occupancy').length === 2, 3000, 'two occupancy reports');
  assert.deepEqual(changes.filter((c) => c.property === 'occupancy').map((c) => [c.value, c.changed]), [[true, true], [true, false]]);
  await bench.publish(`zigbee2mqtt/${LIGHT.name}`, { state: 'ON', brightness: 200 });
  const light = await bench.waitForDevice(LIGHT.ieee, (d) => d.state.state === true, 'the light on');
  assert.equal(light.state.brightness, 200);
});

test('availability: per device (JSON or plain) and bridge/state offline marks every device offline', async (t) => {
  const bench = await bridge(t);
  await bench.publish(`zigbee2mqtt/${LIGHT.name}/availability`, '{"state":"offline"}', true);
  await bench.waitForDevice(LIGHT.ieee, (d) => !d.online, 'the light offline');
  await bench.publish(`zigbee2mqtt/${LIGHT.name}/availability`, 'online', true);
  await bench.waitForDevice(LIGHT.ieee, (d) => d.online, 'the light online');
  await bench.publish('zigbee2mqtt/bridge/state', '{"state":"offline"}', true);
  await bench.waitForDevice(CLIMATE.ieee, (d) => !d.online, 'the climate sensor offline with its bridge');
  await bench.waitForDevice(LIGHT.ieee, (d) => !d.online, 'the light offline with its bridge');
});

test('commands are JSON on <name>/set with the expose’s own on/off values; bad values send nothing', async (t) => {
  const bench = await bridge(t);
  const sent = await bench.received('zigbee2mqtt/+/set');
  await bench.registry.command(LIGHT.ieee, { state: 'on', brightness: '120' });
  await waitUntil(() => sent.length === 1, 3000, 'a /set');
  assert.deepEqual([sent[0]!.topic, JSON.parse(sent[0]!.text)], [`zigbee2mqtt/${LIGHT.name}/set`, { state: 'ON', brightness: 120 }]);
  await assert.rejects(bench.registry.command(LIGHT.ieee, { brightness: 300 }), { code: 'DEVICE_VALUE_INVALID', message: /300 is out of range from 0 to 254/ });
  await assert.rejects(bench.registry.command(LIGHT.ieee, { linkquality: 1 }), { code: 'DEVICE_PROPERTY_READ_ONLY' });
  await assert.rejects(bench.registry.command(LIGHT.ieee, { effect: 'dance' }), { code: 'DEVICE_VALUE_INVALID', message: /one of blink, breathe/ });
  await assert.rejects(bench.registry.command(LIGHT.ieee, { state: 'toggle' }), { code: 'DEVICE_VALUE_INVALID', message: /current state is not known/ });
  await bench.publish(`zigbee2mqtt/${LIGHT.name}`, { state: 'ON' });
  await bench.waitForDevice(LIGHT.ieee, (d) => d.state.state === true);
  await bench.registry.command(LIGHT.ieee, { state: 'toggle' });
  await waitUntil(() => sent.length === 2, 3000, 'the toggle');
  assert.deepEqual(JSON.parse(sent[1]!.text), { state: 'OFF' });
});

test('a group is a device with its members’ light, commanded on the group’s name', async (t) => {
  const bench = await bridge(t);
  await bench.publish('zigbee2mqtt/bridge/groups', BRIDGE_GROUPS, true);
  const group = await bench.waitForDevice('zigbee2mqtt-group-1');
  assert.equal(group.name, 'living_room');
  assert.deepEqual(group.entities.map((e) => e.kind), ['light']);
  const sent = await bench.received('zigbee2mqtt/living_room/set');
  await bench.registry.command(group.id, { state: true });
  await waitUntil(() => sent.length === 1, 3000, 'the group /set');
  assert.deepEqual(JSON.parse(sent[0]!.text), { state: 'ON' });
});

test('a device left out of a new bridge/devices is removed; a renamed one keeps its id and state', async (t) => {
  const bench = await bridge(t);
  await bench.publish(`zigbee2mqtt/${CLIMATE.name}`, { temperature: 21.5 });
  await bench.waitForDevice(CLIMATE.ieee, (d) => d.state.temperature === 21.5);
  const renamed = BRIDGE_DEVICES.filter((d) => d.ieee_address !== MOTION.ieee)
    .map((d) => (d.ieee_address === CLIMATE.ieee ? { ...d, friendly_name: 'bathroom/climate' } : d));
  await bench.publish('zigbee2mqtt/bridge/devices', renamed, true);
  await waitUntil(() => bench.registry.get(MOTION.ieee) === undefined, 3000, 'the motion sensor removed');
  const climate = await bench.waitForDevice(CLIMATE.ieee, (d) => d.name === 'bathroom/climate', 'the rename');
  assert.equal(climate.state.temperature, 21.5);
  await bench.publish('zigbee2mqtt/bathroom/climate', { temperature: 22 });
  await bench.waitForDevice(CLIMATE.ieee, (d) => d.state.temperature === 22, 'state under the new name');
});

test('malformed payloads are logged once and skipped; other devices keep working', async (t) => {
  const bench = await bridge(t);
  await bench.publish('zigbee2mqtt/bridge/devices', '{"not": "a list"', true);
  await bench.publish(`zigbee2mqtt/${CLIMATE.name}`, 'temperature=21');
  await bench.publish(`zigbee2mqtt/${CLIMATE.name}`, 'temperature=21');
  await bench.publish(`zigbee2mqtt/${CLIMATE.name}`, { temperature: 19.5 });
  await bench.waitForDevice(CLIMATE.ieee, (d) => d.state.temperature === 19.5, 'a good report after bad ones');
  assert.equal(bench.registry.list().length, 3, 'the devices stay');
  const skipped = bench.warnings.filter((w) => w.msg === 'device message skipped: malformed payload (logged once)');
  assert.deepEqual(skipped.map((w) => w.topic).sort(), ['zigbee2mqtt/bathroom_climate', 'zigbee2mqtt/bridge/devices']);
});
