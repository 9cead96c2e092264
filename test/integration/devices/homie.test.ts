// Homie 5 through the real broker: $description, $state, typed values, /set, removal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeviceBench } from '../../helpers/devices.ts';
import { waitUntil } from '../../helpers/mqtt.ts';

const DESCRIPTION = {
  homie: '5.0', version: 1717171717, name: 'Living room dimmer',
  nodes: {
    light: { name: 'Ceiling', type: 'light', properties: {
      on: { name: 'On', datatype: 'boolean', settable: true, retained: true },
      level: { name: 'Level', datatype: 'integer', format: '0:100', unit: '%', settable: true, retained: true },
      scene: { name: 'Scene', datatype: 'enum', format: 'relax,read,off', settable: true },
    } },
    sensor: { name: 'Sensor', properties: { temperature: { datatype: 'float', unit: '°C' } } },
  },
};

test('$description becomes typed properties; values and $state follow; /set carries typed strings', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.publish('homie/5/dimmer-1/$state', 'ready', true);
  await bench.publish('homie/5/dimmer-1/$description', DESCRIPTION, true);
  await bench.publish('homie/5/dimmer-1/light/on', 'true', true);
  await bench.publish('homie/5/dimmer-1/light/level', '40', true);
  await bench.publish('homie/5/dimmer-1/sensor/temperature', '21.25', true);
  const device = await bench.waitForDevice('dimmer-1', (d) => d.state.on === true && d.state.level === 40 && d.state.temperature === 21.25, 'the Homie device with values');
  assert.deepEqual([device.name, device.source, device.online], ['Living room dimmer', 'homie', true]);
  assert.deepEqual(device.entities.map((e) => [e.id, e.kind]), [['light', 'light'], ['sensor', 'sensor']]);
  const level = device.entities[0]!.properties.find((p) => p.id === 'level')!;
  assert.deepEqual([level.type, level.min, level.max, level.unit, level.settable], ['number', 0, 100, '%', true]);
  assert.deepEqual(device.entities[0]!.properties.find((p) => p.id === 'scene')!.values, ['relax', 'read', 'off']);

  const sent = await bench.received('homie/5/dimmer-1/+/+/set');
  await bench.registry.command('dimmer-1', { on: 'off', level: '75', scene: 'READ' });
  await waitUntil(() => sent.length === 3, 3000, 'three /set messages');
  assert.deepEqual(sent.map((m) => [m.topic, m.text]), [
    ['homie/5/dimmer-1/light/on/set', 'false'], ['homie/5/dimmer-1/light/level/set', '75'], ['homie/5/dimmer-1/light/scene/set', 'read'],
  ]);
  await bench.publish('homie/5/dimmer-1/$state', 'lost', true);
  await bench.waitForDevice('dimmer-1', (d) => !d.online, '$state lost');
});

test('a wrongly typed value and an unknown $state are logged once and skipped; an empty $state removes the device', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.publish('homie/5/dimmer-2/$description', DESCRIPTION, true);
  await bench.publish('homie/5/dimmer-2/$state', 'ready', true);
  await bench.waitForDevice('dimmer-2');
  await bench.publish('homie/5/dimmer-2/light/level', 'bright');
  await bench.publish('homie/5/dimmer-2/$state', 'dozing');
  await bench.publish('homie/5/dimmer-2/light/level', '10');
  await bench.waitForDevice('dimmer-2', (d) => d.state.level === 10 && d.online, 'a good value after bad ones');
  const skipped = bench.warnings.filter((w) => w.msg === 'device message skipped: malformed payload (logged once)').map((w) => w.topic).sort();
  assert.deepEqual(skipped, ['homie/5/dimmer-2/$state', 'homie/5/dimmer-2/light/level']);
  await bench.publish('homie/5/dimmer-2/$state', '', true);
  await waitUntil(() => bench.registry.get('dimmer-2') === undefined, 3000, 'removal');
});
