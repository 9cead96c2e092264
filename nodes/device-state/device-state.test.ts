// device-state on a real registry and broker: one property, the whole state, unknown devices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeviceBench, BRIDGE_DEVICES, CLIMATE } from '../../test/helpers/devices.ts';

test('puts one property, or the whole state, on the message with the device id and online flag', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.publish('zigbee2mqtt/bridge/devices', BRIDGE_DEVICES, true);
  await bench.publish(`zigbee2mqtt/${CLIMATE.name}`, { temperature: 22.4, humidity: 51 });
  await bench.waitForDevice(CLIMATE.ieee, (d) => d.state.humidity === 51);
  const flows = await bench.flows([
    { id: 'one', type: 'device-state', config: { device: CLIMATE.ieee, property: 'temperature', target: 'reading.value' }, wires: [['out']] },
    { id: 'all', type: 'device-state', config: { device: CLIMATE.ieee }, wires: [['out']] },
    { id: 'gone', type: 'device-state', config: { device: '0x00000000000000ff' }, wires: [['out']] },
    { id: 'catch', type: 'catch', config: {}, wires: [['errors']] },
    { id: 'out', type: 'test-sink' },
    { id: 'errors', type: 'test-sink' },
  ]);
  flows.send('one', { payload: 'tick' });
  const [one] = await flows.waitFor('out', 1);
  assert.deepEqual([(one!.reading as { value: number }).value, one!.payload, one!.device, one!.online], [22.4, 'tick', CLIMATE.ieee, true]);
  flows.send('all', {});
  const [, all] = await flows.waitFor('out', 2);
  assert.deepEqual(all!.payload, { temperature: 22.4, humidity: 51 });
  flows.send('gone', {});
  const [error] = await flows.waitFor('errors', 1);
  assert.equal((error!.error as { code: string }).code, 'DEVICE_NOT_FOUND');
});
