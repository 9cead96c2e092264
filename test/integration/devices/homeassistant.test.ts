// Home Assistant MQTT discovery through the real broker: per-entity and device-based configs,
// abbreviated keys and `~`, value and command templates, availability, removal by an empty
// payload, the birth message, and malformed configs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeviceBench } from '../../helpers/devices.ts';
import { waitUntil } from '../../helpers/mqtt.ts';

// As ESPHome publishes a climate entity (abbreviated, with `~`).
const THERMOSTAT = {
  '~': 'esp-hall/climate/thermostat', name: 'Thermostat', uniq_id: '246f28abcdefclimate', avty_t: 'esp-hall/status',
  curr_temp_t: '~/current_temperature/state', mode_cmd_t: '~/mode/command', mode_stat_t: '~/mode/state', modes: ['off', 'heat'],
  temp_cmd_t: '~/target_temperature/command', temp_stat_t: '~/target_temperature/state', min_temp: 5, max_temp: 30, temp_step: 0.5,
  dev: { ids: '246f28abcdef', name: 'Hall thermostat', mf: 'espressif', mdl: 'esp32dev', sa: 'Hallway', cns: [['mac', '24:6f:28:ab:cd:ef']] },
};

test('a per-entity config with abbreviations and ~ becomes a climate entity; state through topics; commands to command topics', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.publish('homeassistant/climate/esp-hall/thermostat/config', THERMOSTAT, true);
  await bench.publish('esp-hall/status', 'online', true);
  await bench.publish('esp-hall/climate/thermostat/current_temperature/state', '19.5', true);
  await bench.publish('esp-hall/climate/thermostat/mode/state', 'heat', true);
  const device = await bench.waitForDevice('246f28abcdef', (d) => d.state.current_temperature === 19.5 && d.state.mode === 'heat', 'the thermostat with its state');
  assert.deepEqual([device.name, device.source, device.area, device.manufacturer, device.online], ['Hall thermostat', 'homeassistant', 'Hallway', 'espressif', true]);
  const climate = device.entities[0]!;
  assert.equal(climate.kind, 'climate');
  const setpoint = climate.properties.find((p) => p.id === 'temperature')!;
  assert.deepEqual([setpoint.min, setpoint.max, setpoint.step, setpoint.unit, setpoint.settable], [5, 30, 0.5, '°C', true]);
  assert.deepEqual(climate.properties.find((p) => p.id === 'mode')!.values, ['off', 'heat']);
  assert.equal(climate.properties.find((p) => p.id === 'current_temperature')!.settable, false);

  const sent = await bench.received('esp-hall/climate/thermostat/+/command');
  await bench.registry.command(device.id, { temperature: 21.5, mode: 'off' });
  await waitUntil(() => sent.length === 2, 3000, 'two commands');
  assert.deepEqual(sent.map((m) => [m.topic, m.text]).sort(), [
    ['esp-hall/climate/thermostat/mode/command', 'off'],
    ['esp-hall/climate/thermostat/target_temperature/command', '21.5'],
  ]);
  await assert.rejects(bench.registry.command(device.id, { temperature: 40 }), { code: 'DEVICE_VALUE_INVALID' });
  await assert.rejects(bench.registry.command(device.id, { mode: 'cool' }), { code: 'DEVICE_VALUE_INVALID', message: /off, heat/ });

  await bench.publish('esp-hall/status', 'offline', true);
  await bench.waitForDevice(device.id, (d) => !d.online, 'offline by its availability topic');
});

test('entities of one device from several configs are one device; value_template reads JSON state; payload_on/off map to booleans', async (t) => {
  const bench = await startDeviceBench(t);
  const dev = { identifiers: ['zigbee2mqtt_0x00158d0001a1b2c3'], name: 'hall_motion', manufacturer: 'Aqara', model: 'RTCGQ11LM', via_device: 'zigbee2mqtt_bridge_0x00124b0021a1b2c3' };
  await bench.publish('homeassistant/binary_sensor/0x00158d0001a1b2c3/occupancy/config', {
    name: 'Occupancy', unique_id: '0x00158d0001a1b2c3_occupancy_zigbee2mqtt', device_class: 'occupancy', state_topic: 'zigbee2mqtt/hall_motion',
    value_template: '{{ value_json.occupancy }}', payload_on: true, payload_off: false, device: dev,
  }, true);
  await bench.publish('homeassistant/sensor/0x00158d0001a1b2c3/illuminance/config', {
    name: 'Illuminance', unique_id: '0x00158d0001a1b2c3_illuminance_zigbee2mqtt', device_class: 'illuminance', state_class: 'measurement',
    unit_of_measurement: 'lx', state_topic: 'zigbee2mqtt/hall_motion', value_template: '{{ value_json.illuminance }}', device: dev,
  }, true);
  const device = await bench.waitForDevice('0x00158d0001a1b2c3', (d) => d.entities.length === 2, 'both entities on one device');
  assert.deepEqual(device.entities.map((e) => [e.id, e.kind]), [['occupancy', 'binary_sensor'], ['illuminance', 'sensor']]);
  await bench.publish('zigbee2mqtt/hall_motion', { occupancy: true, illuminance: 31 });
  const after = await bench.waitForDevice(device.id, (d) => d.state.illuminance === 31 && d.state.occupancy === true, 'templated values');
  assert.equal(after.entities[1]!.properties[0]!.unit, 'lx');
  await bench.publish('zigbee2mqtt/hall_motion', { occupancy: false, illuminance: 31 });
  await bench.waitForDevice(device.id, (d) => d.state.occupancy === false, 'payload_off false');
});

test('device-based discovery (cmps) with shared options; leaving a component out removes it; an empty payload removes the device', async (t) => {
  const bench = await startDeviceBench(t);
  const config = {
    dev: { ids: 'plug-7', name: 'Desk plug', mf: 'Acme' }, o: { name: 'acme-fw', sw: '2.1' }, avty_t: 'desk-plug/availability',
    cmps: {
      relay: { p: 'switch', name: 'Relay', uniq_id: 'plug7-relay', stat_t: 'desk-plug/relay', cmd_t: 'desk-plug/relay/set' },
      power: { p: 'sensor', name: 'Power', uniq_id: 'plug7-power', stat_t: 'desk-plug/power', unit_of_meas: 'W', dev_cla: 'power' },
    },
  };
  await bench.publish('homeassistant/device/plug-7/config', config, true);
  await bench.publish('desk-plug/relay', 'ON', true);
  await bench.publish('desk-plug/power', '12.5', true);
  const device = await bench.waitForDevice('plug-7', (d) => d.state.relay === true && d.state.power === 12.5, 'both components with state');
  assert.deepEqual(device.entities.map((e) => e.kind), ['switch', 'sensor']);
  const sent = await bench.received('desk-plug/relay/set');
  await bench.registry.command('plug-7', { relay: 'off' });
  await waitUntil(() => sent.length === 1, 3000, 'the command');
  assert.equal(sent[0]!.text, 'OFF');

  await bench.publish('homeassistant/device/plug-7/config', { ...config, cmps: { relay: config.cmps.relay } }, true);
  await bench.waitForDevice('plug-7', (d) => d.entities.length === 1, 'the power sensor gone');
  await bench.publish('homeassistant/device/plug-7/config', '', true);
  await waitUntil(() => bench.registry.get('plug-7') === undefined, 3000, 'the device removed');
});

test('the registry publishes HA’s birth message, so devices announce themselves again', async (t) => {
  const bench = await startDeviceBench(t);
  const births = await bench.received('homeassistant/status');
  await bench.restart();
  await waitUntil(() => births.some((m) => m.text === 'online'), 3000, 'homeassistant/status online');
});

test('a command template shapes the payload; malformed configs are logged once and skipped', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.publish('homeassistant/number/fan-1/speed/config', {
    name: 'Fan speed', unique_id: 'fan1-speed', command_topic: 'fan-1/speed/set', command_template: '{"speed": {{ value }}}',
    state_topic: 'fan-1/state', value_template: '{{ value_json.speed }}', min: 0, max: 3, step: 1,
  }, true);
  await bench.publish('homeassistant/switch/bad/config', '{"name": "broken"', true);
  await bench.publish('homeassistant/vacuum/robot/config', { name: 'Robot', command_topic: 'robot/cmd' }, true);
  await bench.publish('fan-1/state', { speed: 2 });
  const fan = await bench.waitForDevice('fan1-speed', (d) => d.state['speed'] === 2, 'the fan speed');
  const sent = await bench.received('fan-1/speed/set');
  await bench.registry.command(fan.id, { speed: 3 });
  await waitUntil(() => sent.length === 1, 3000, 'the templated command');
  assert.deepEqual(JSON.parse(sent[0]!.text), { speed: 3 });
  const skipped = bench.warnings.filter((w) => w.msg === 'device message skipped: malformed payload (logged once)').map((w) => w.topic).sort();
  assert.deepEqual(skipped, ['homeassistant/switch/bad/config', 'homeassistant/vacuum/robot/config']);
});
