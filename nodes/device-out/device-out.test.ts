// device-out on a real registry and broker: a chosen value, msg.payload, several properties
// at once, and invalid values reaching catch nodes with their codes while nothing is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeviceBench, BRIDGE_DEVICES, LIGHT } from '../../test/helpers/devices.ts';
import { waitUntil } from '../../test/helpers/mqtt.ts';
import { settle } from '../../test/helpers/node-test.ts';

async function light(t: Parameters<typeof startDeviceBench>[0], config: Record<string, unknown>) {
  const bench = await startDeviceBench(t);
  await bench.publish('zigbee2mqtt/bridge/devices', BRIDGE_DEVICES, true);
  await bench.waitForDevice(LIGHT.ieee);
  const sent = await bench.received(`zigbee2mqtt/${LIGHT.name}/set`);
  const flows = await bench.flows([
    { id: 'out', type: 'device-out', config: { device: LIGHT.ieee, ...config } },
    { id: 'catch', type: 'catch', config: {}, wires: [['errors']] },
    { id: 'errors', type: 'test-sink' },
  ]);
  return { bench, sent, flows };
}

test('a chosen property and value: the payload does not matter', async (t) => {
  const { sent, flows } = await light(t, { property: 'state', value: 'on' });
  flows.send('out', { payload: 'whatever' });
  await waitUntil(() => sent.length === 1, 3000, 'a /set');
  assert.deepEqual(JSON.parse(sent[0]!.text), { state: 'ON' });
});

test('a chosen property without a value takes msg.payload; no property takes an object of several', async (t) => {
  const { bench, sent, flows } = await light(t, { property: 'brightness' });
  flows.send('out', { payload: '77' });
  await waitUntil(() => sent.length === 1, 3000, 'brightness');
  assert.deepEqual(JSON.parse(sent[0]!.text), { brightness: 77 });
  await flows.redeploy([{ id: 'out2', type: 'device-out', config: { device: LIGHT.ieee } }]);
  flows.send('out2', { payload: { state: 'off', color_temp: 250 } });
  await waitUntil(() => sent.length === 2, 3000, 'two properties at once');
  assert.deepEqual(JSON.parse(sent[1]!.text), { state: 'OFF', color_temp: 250 });
  assert.ok(bench.registry.get(LIGHT.ieee));
});

test('invalid values reach catch nodes with their codes, and nothing is sent', async (t) => {
  const { sent, flows } = await light(t, {});
  flows.send('out', { payload: { brightness: 900 } });
  flows.send('out', { payload: { state: 'on', linkquality: 3 } });
  flows.send('out', { payload: 'on' });
  const errors = await flows.waitFor('errors', 3);
  const codes = errors.map((m) => (m.error as { code: string }).code).sort();
  assert.deepEqual(codes, ['DEVICE_COMMAND_INVALID', 'DEVICE_PROPERTY_READ_ONLY', 'DEVICE_VALUE_INVALID']);
  assert.match(errors.map((m) => (m.error as { message: string }).message).join('\n'), /out of range from 0 to 254/);
  await settle(100);
  assert.equal(sent.length, 0);
});
