// device-in on a real registry and broker: the message it sends, "only when the value
// changes", from/to, "for at least N seconds", and its status when the device goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeviceBench, BRIDGE_DEVICES, MOTION } from '../../test/helpers/devices.ts';
import { settle } from '../../test/helpers/node-test.ts';

async function motionSensor(t: Parameters<typeof startDeviceBench>[0]) {
  const bench = await startDeviceBench(t);
  await bench.publish('zigbee2mqtt/bridge/devices', BRIDGE_DEVICES, true);
  await bench.waitForDevice(MOTION.ieee);
  const report = (occupancy: boolean) => bench.publish(`zigbee2mqtt/${MOTION.name}`, { occupancy, illuminance: 20 });
  return { bench, report };
}

const node = (config: Record<string, unknown>) => [
  { id: 'in', type: 'device-in', config: { device: MOTION.ieee, property: 'occupancy', ...config }, wires: [['out']] },
  { id: 'out', type: 'test-sink' },
];

test('a change becomes { payload, topic, device, entity, property, previous, unit }; repeats are dropped', async (t) => {
  const { bench, report } = await motionSensor(t);
  const flows = await bench.flows(node({}));
  await report(true);
  await report(true);
  await report(false);
  const [first, second] = await flows.waitFor('out', 2);
  assert.deepEqual(
    { payload: first!.payload, topic: first!.topic, device: first!.device, entity: first!.entity, property: first!.property, previous: first!.previous, unit: first!.unit },
    { payload: true, topic: 'hall_motion/occupancy', device: MOTION.ieee, entity: 'occupancy', property: 'occupancy', previous: undefined, unit: undefined },
  );
  assert.deepEqual([second!.payload, second!.previous], [false, true]);
  await settle(100);
  assert.equal(flows.received('out').length, 2, 'the repeated report was dropped');
});

test('"only when the value changes" off passes repeats; no property chosen means every property', async (t) => {
  const { bench, report } = await motionSensor(t);
  const flows = await bench.flows(node({ changesOnly: false, property: '' }));
  await report(true);
  await report(true);
  const got = await flows.waitFor('out', 4);
  assert.deepEqual(got.map((m) => m.topic).sort(), ['hall_motion/illuminance', 'hall_motion/illuminance', 'hall_motion/occupancy', 'hall_motion/occupancy']);
  assert.equal(got.find((m) => m.property === 'illuminance')!.unit, 'lx');
});

test('from/to pass only the chosen transition (values typed as on/off)', async (t) => {
  const { bench, report } = await motionSensor(t);
  const flows = await bench.flows(node({ from: 'on', to: 'off' }));
  await report(true);
  await report(false);
  await report(true);
  const [got] = await flows.waitFor('out', 1);
  assert.deepEqual([got!.payload, got!.previous], [false, true]);
  await settle(100);
  assert.equal(flows.received('out').length, 1);
});

test('"for at least" fires once the value has held; a change back cancels the wait', async (t) => {
  const { bench, report } = await motionSensor(t);
  const flows = await bench.flows(node({ to: 'off', forSeconds: 0.3 }));
  await report(true);
  await report(false);
  await report(true); // back before 0.3 s: cancelled
  await settle(500);
  assert.equal(flows.received('out').length, 0, 'cancelled by the change back');
  await report(false);
  await report(false); // a repeat does not restart the wait
  const [got] = await flows.waitFor('out', 1, 3000);
  assert.equal(got!.payload, false);
});

test('the status follows the device: found, offline, removed (the config stays); a device that is not there yet is a warning', async (t) => {
  const { bench } = await motionSensor(t);
  const flows = await bench.flows([...node({}), { id: 'later', type: 'device-in', config: { device: '0x00000000000000ff' } }]);
  await flows.waitForEvent('status', (e) => e.node === 'later' && e.fill === 'yellow');
  await flows.waitForEvent('status', (e) => e.node === 'in' && e.fill === 'green');
  await bench.publish(`zigbee2mqtt/${MOTION.name}/availability`, 'offline', true);
  await flows.waitForEvent('status', (e) => e.node === 'in' && e.fill === 'red' && /offline/.test(e.text ?? ''));
  await bench.publish('zigbee2mqtt/bridge/devices', BRIDGE_DEVICES.filter((d) => d.ieee_address !== MOTION.ieee), true);
  await flows.waitForEvent('status', (e) => e.node === 'in' && e.fill === 'yellow' && /not found/.test(e.text ?? ''));
  assert.equal(flows.runtime.document.nodes.find((n) => n.id === 'in')!.config.device, MOTION.ieee);
});

test('a device-in without a device is refused at deploy, naming the field', async (t) => {
  const { bench } = await motionSensor(t);
  await assert.rejects(bench.flows([{ id: 'in', type: 'device-in', config: {} }]), (err: { details?: Array<{ path: string; message: string }> }) => {
    assert.deepEqual(err.details, [{ node: 'in', path: '/config/device', message: 'Choose a device' }]);
    return true;
  });
});
