// The registry across conventions and restarts: a device seen through Zigbee2MQTT and its HA
// discovery is one device; state and ids survive a restart; a damaged state file is moved aside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDeviceBench } from '../../helpers/devices.ts';
import { waitUntil } from '../../helpers/mqtt.ts';
import { BRIDGE_DEVICES, LIGHT } from '../../../server/simulator/zigbee2mqtt-devices.ts';

// What Zigbee2MQTT publishes for the light when its Home Assistant integration is on.
const HA_LIGHT = {
  availability: [{ topic: 'zigbee2mqtt/bridge/state', value_template: '{{ value_json.state }}' }],
  brightness: true, brightness_scale: 254, command_topic: `zigbee2mqtt/${LIGHT.name}/set`,
  device: { identifiers: [`zigbee2mqtt_${LIGHT.ieee}`], manufacturer: 'Philips', model: 'Hue white and color ambiance E26/E27', name: LIGHT.name, via_device: 'zigbee2mqtt_bridge_0x00124b0021a1b2c3' },
  name: null, object_id: LIGHT.name, origin: { name: 'Zigbee2MQTT', sw: '1.40.2' }, schema: 'json', state_topic: `zigbee2mqtt/${LIGHT.name}`,
  supported_color_modes: ['xy', 'color_temp'], unique_id: `${LIGHT.ieee}_light_zigbee2mqtt`,
};

test('a Zigbee2MQTT device that also has HA discovery is one device, listed with both sources and its native entities', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.publish(`homeassistant/light/${LIGHT.ieee}/light/config`, HA_LIGHT, true);
  const fromHa = await bench.waitForDevice(LIGHT.ieee);
  assert.equal(fromHa.source, 'homeassistant');
  await bench.publish('zigbee2mqtt/bridge/devices', BRIDGE_DEVICES, true);
  const merged = await bench.waitForDevice(LIGHT.ieee, (d) => d.source === 'zigbee2mqtt', 'the native source');
  assert.deepEqual(merged.sources.sort(), ['homeassistant', 'zigbee2mqtt']);
  assert.equal(bench.registry.list().filter((d) => d.name === LIGHT.name).length, 1);
  assert.deepEqual(merged.entities.map((e) => e.id), ['light', 'effect', 'linkquality'], 'the native entities, no HA duplicates');
  const sent = await bench.received(`zigbee2mqtt/${LIGHT.name}/set`);
  await bench.registry.command(LIGHT.ieee, { brightness: 10 });
  await waitUntil(() => sent.length === 1, 3000, 'one /set, from the native adapter');
  assert.deepEqual(JSON.parse(sent[0]!.text), { brightness: 10 });
});

test('state, last-changed times and ids survive a restart; until announced again the device is offline and not commandable', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.publish('homie/5/lamp/$description', { homie: '5.0', version: 1, name: 'Lamp', nodes: { light: { name: 'Light', properties: { on: { datatype: 'boolean', settable: true } } } } }, true);
  await bench.publish('homie/5/lamp/$state', 'ready', true);
  await bench.publish('homie/5/lamp/light/on', 'true');
  const before = await bench.waitForDevice('lamp', (d) => d.state.on === true);
  const changedAt = before.entities[0]!.properties[0]!.changedAt!;
  await bench.stopRegistry();
  // While Patchbay is down the device's discovery disappears from the broker (it will announce again).
  await bench.publish('homie/5/lamp/$description', '', true);
  await bench.publish('homie/5/lamp/$state', '', true);
  const registry = await bench.restart();
  const restored = registry.get('lamp')!;
  assert.deepEqual([restored.online, restored.announced, restored.state.on], [false, false, true]);
  assert.equal(restored.entities[0]!.properties[0]!.changedAt, changedAt);
  await assert.rejects(registry.command('lamp', { on: false }), { code: 'DEVICE_NOT_ANNOUNCED' });

  const changes: unknown[] = [];
  registry.events.on('state', (c) => changes.push([c.value, c.previous, c.changed]));
  await bench.publish('homie/5/lamp/$description', { homie: '5.0', version: 1, name: 'Lamp', nodes: { light: { name: 'Light', properties: { on: { datatype: 'boolean', settable: true } } } } }, true);
  await bench.publish('homie/5/lamp/$state', 'ready', true);
  await bench.publish('homie/5/lamp/light/on', 'true');
  await waitUntil(() => changes.length === 1, 3000, 'a report after the restart');
  assert.deepEqual(changes[0], [true, true, false], 'the same value again is no change');
  assert.deepEqual([registry.get('lamp')!.online, registry.get('lamp')!.announced], [true, true]);
});

test('a damaged devices.json is moved aside with a warning and the registry starts empty', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.stopRegistry();
  await writeFile(join(bench.dataDir, 'devices.json'), '{"format": "patchbay-devices", "identities": [');
  const registry = await bench.restart();
  assert.deepEqual(registry.list(), []);
  assert.ok((await readdir(bench.dataDir)).some((f) => f.startsWith('devices.json.invalid-')));
  assert.ok(bench.warnings.some((w) => w.code === 'DEVICE_STATE_UNREADABLE'));
});
