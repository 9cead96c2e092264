// Tasmota native discovery through the real broker: config and sensors, LWT, STATE, SENSOR,
// RESULT and POWER, cmnd encoding, removal and malformed payloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeviceBench } from '../../helpers/devices.ts';
import { waitUntil } from '../../helpers/mqtt.ts';

const MAC = 'DC4F22AB12CD';
// As Tasmota 13 publishes them for a two-relay board with a dimmer on relay 2 (lt_st 1).
const CONFIG = {
  ip: '192.168.1.40', dn: 'Porch', fn: ['Porch light', 'Porch fan', null, null, null, null, null, null], hn: 'tasmota-AB12CD-4557',
  mac: MAC, md: 'Sonoff Dual R2', ty: 0, if: 0, ofln: 'Offline', onln: 'Online', state: ['OFF', 'ON', 'TOGGLE', 'HOLD'], sw: '13.2.0',
  t: 'porch', ft: '%prefix%/%topic%/', tp: ['cmnd', 'stat', 'tele'], rl: [1, 2, 0, 0, 0, 0, 0, 0], swc: [-1, -1, -1, -1, -1, -1, -1, -1],
  swn: [null, null, null, null, null, null, null, null], btn: [0, 0, 0, 0, 0, 0, 0, 0], so: { 4: 0, 11: 0, 13: 0, 17: 0, 20: 0, 30: 0, 68: 0, 73: 0, 82: 0, 114: 0, 117: 0 },
  lk: 0, lt_st: 1, sho: [], sht: [], ver: 1,
};
const SENSORS = { sn: { Time: '2024-05-01T10:00:00', AM2301: { Temperature: 18.4, Humidity: 71.2, DewPoint: 13.1 }, TempUnit: 'C' }, ver: 1 };
const id = MAC.toLowerCase();

async function porch(t: Parameters<typeof startDeviceBench>[0]) {
  const bench = await startDeviceBench(t);
  await bench.publish(`tasmota/discovery/${MAC}/config`, CONFIG, true);
  await bench.publish(`tasmota/discovery/${MAC}/sensors`, SENSORS, true);
  await bench.publish('tele/porch/LWT', 'Online', true);
  await bench.waitForDevice(id, (d) => d.entities.length === 3 && d.online, 'the porch board');
  return bench;
}

test('discovery: relays, a dimmable light and sensor readings with units; POWER<n> with several relays', async (t) => {
  const bench = await porch(t);
  const device = bench.registry.get(id)!;
  assert.deepEqual([device.name, device.source, device.model], ['Porch', 'tasmota', 'Sonoff Dual R2']);
  assert.deepEqual(device.entities.map((e) => [e.id, e.kind, e.name]), [['relay1', 'switch', 'Porch light'], ['light2', 'light', 'Porch fan'], ['am2301', 'sensor', 'AM2301']]);
  const props = Object.fromEntries(device.entities.flatMap((e) => e.properties).map((p) => [p.id, p]));
  assert.deepEqual(Object.keys(props), ['power1', 'power2', 'dimmer', 'am2301_temperature', 'am2301_humidity', 'am2301_dewpoint']);
  assert.deepEqual([props.dimmer!.min, props.dimmer!.max], [0, 100]);
  assert.equal(props.am2301_temperature!.unit, '°C');
  assert.equal(props.am2301_humidity!.unit, '%');
});

test('state from tele/STATE, tele/SENSOR, stat/RESULT and stat/POWER<n>; LWT Offline marks it offline', async (t) => {
  const bench = await porch(t);
  await bench.publish('tele/porch/STATE', { Time: '2024-05-01T10:00:05', POWER1: 'ON', POWER2: 'OFF', Dimmer: 40 });
  await bench.publish('tele/porch/SENSOR', { Time: '2024-05-01T10:00:05', AM2301: { Temperature: 18.9, Humidity: 70.1, DewPoint: 13.4 }, TempUnit: 'C' });
  await bench.waitForDevice(id, (d) => d.state.power1 === true && d.state.dimmer === 40 && d.state.am2301_temperature === 18.9, 'STATE and SENSOR');
  await bench.publish('stat/porch/RESULT', { POWER2: 'ON' });
  await bench.waitForDevice(id, (d) => d.state.power2 === true, 'RESULT');
  await bench.publish('stat/porch/POWER1', 'OFF');
  await bench.waitForDevice(id, (d) => d.state.power1 === false, 'stat/POWER1');
  await bench.publish('tele/porch/LWT', 'Offline', true);
  await bench.waitForDevice(id, (d) => !d.online, 'LWT Offline');
});

test('commands go to cmnd/<topic>/<Command> with the device’s own words', async (t) => {
  const bench = await porch(t);
  const sent = await bench.received('cmnd/porch/+');
  await bench.registry.command(id, { power1: true, dimmer: 55 });
  await waitUntil(() => sent.length === 2, 3000, 'two commands');
  assert.deepEqual(sent.map((m) => [m.topic, m.text]), [['cmnd/porch/POWER1', 'ON'], ['cmnd/porch/Dimmer', '55']]);
  await assert.rejects(bench.registry.command(id, { dimmer: 101 }), { code: 'DEVICE_VALUE_INVALID' });
  await assert.rejects(bench.registry.command(id, { am2301_temperature: 3 }), { code: 'DEVICE_PROPERTY_READ_ONLY' });
});

test('one relay is POWER; an empty retained config removes the device; malformed discovery is skipped', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.publish('tasmota/discovery/A4CF12B3C4D5/config', { ...CONFIG, mac: 'A4CF12B3C4D5', t: 'plug', rl: [1, 0, 0, 0, 0, 0, 0, 0], lt_st: 0 }, true);
  await bench.publish('tasmota/discovery/NOTAMAC/config', CONFIG, true);
  await bench.publish('tasmota/discovery/A4CF12B3C4D6/config', { dn: 'no topics' }, true);
  const plug = await bench.waitForDevice('a4cf12b3c4d5');
  assert.deepEqual(plug.entities.map((e) => e.properties.map((p) => p.id)), [['power']]);
  const sent = await bench.received('cmnd/plug/POWER');
  await assert.rejects(bench.registry.command(plug.id, { power: 'toggle' }), { code: 'DEVICE_VALUE_INVALID', message: /not known/ });
  await bench.publish('stat/plug/POWER', 'ON');
  await bench.waitForDevice(plug.id, (d) => d.state.power === true);
  await bench.registry.command(plug.id, { power: 'toggle' });
  await waitUntil(() => sent.length === 1, 3000, 'the toggle');
  assert.equal(sent[0]!.text, 'OFF');
  await bench.publish('tasmota/discovery/A4CF12B3C4D5/config', '', true);
  await waitUntil(() => bench.registry.get(plug.id) === undefined, 3000, 'removal');
  const skipped = bench.warnings.filter((w) => w.msg === 'device message skipped: malformed payload (logged once)').map((w) => w.topic).sort();
  assert.deepEqual(skipped, ['tasmota/discovery/A4CF12B3C4D6/config', 'tasmota/discovery/NOTAMAC/config']);
});
