// Shelly through the real broker. Gen2: a device played by an mqtt.js client answering JSON-RPC
// frames as a Plus 1PM does (replies on <src>/rpc), status_ntf topics and NotifyStatus.
// Gen1: shellies/announce and the relay topics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeviceBench, type DeviceBench } from '../../helpers/devices.ts';
import { onTeardown, waitUntil } from '../../helpers/mqtt.ts';

const ID = 'shellyplus1pm-08b61fcd1234';

/** Answers RPC like the device (methods in `refuse` with an error, as a device whose relay is locked); records the calls. */
async function plus1pm(t: Parameters<typeof startDeviceBench>[0], bench: DeviceBench, refuse: string[] = []) {
  const calls: Array<{ method: string; params?: Record<string, unknown> }> = [];
  const sw = { id: 0, source: 'init', output: false, apower: 0, voltage: 229.8, current: 0, aenergy: { total: 17.21 }, temperature: { tC: 38.2, tF: 100.8 } };
  const rpc = await bench.received(`${ID}/rpc`);
  let answered = 0;
  const timer = setInterval(() => {
    for (; answered < rpc.length; answered++) {
      const req = JSON.parse(rpc[answered]!.text) as { id: number; src: string; method: string; params?: Record<string, unknown> };
      calls.push({ method: req.method, params: req.params });
      let result: unknown;
      if (req.method === 'Shelly.GetDeviceInfo') result = { name: 'Pump', id: ID, mac: '08B61FCD1234', model: 'SNSW-001P16EU', gen: 2, app: 'Plus1PM', ver: '1.3.3' };
      else if (req.method === 'Shelly.GetStatus') result = { sys: { mac: '08B61FCD1234' }, 'switch:0': sw, 'input:0': { id: 0, state: false }, wifi: { rssi: -60 } };
      else if (req.method === 'Switch.Set' && !refuse.includes(req.method)) result = { was_on: sw.output };
      const error = refuse.includes(req.method) ? { code: -103, message: 'Resource unavailable: overpower protection active' } : { code: 404, message: `No handler for ${req.method}` };
      // A reply still in flight when the test ends fails with the closing client; nobody waits for it then.
      bench.publish(`${req.src}/rpc`, result === undefined ? { id: req.id, src: ID, dst: req.src, error } : { id: req.id, src: ID, dst: req.src, result }).catch(() => undefined);
    }
  }, 5);
  onTeardown(t, () => clearInterval(timer));
  return { calls };
}

test('Gen2: a device seen online is asked GetDeviceInfo and GetStatus; components become entities with state', async (t) => {
  const bench = await startDeviceBench(t);
  const device = await plus1pm(t, bench);
  await bench.publish(`${ID}/online`, 'true', true);
  const info = await bench.waitForDevice(ID, (d) => d.state.voltage === 229.8, 'the Shelly with its status');
  assert.deepEqual([info.name, info.source, info.model, info.online], ['Pump', 'shelly', 'SNSW-001P16EU', true]);
  assert.deepEqual(info.entities.map((e) => [e.id, e.kind]), [['switch_0', 'switch'], ['input_0', 'binary_sensor']]);
  const output = info.entities[0]!.properties.find((p) => p.id === 'output')!;
  assert.deepEqual([output.type, output.settable], ['boolean', true]);
  assert.equal(info.entities[0]!.properties.find((p) => p.id === 'apower')!.unit, 'W');
});

test('Gen2: status_ntf topics and NotifyStatus update the state; commands are Switch.Set calls; offline on <id>/online false', async (t) => {
  const bench = await startDeviceBench(t);
  const device = await plus1pm(t, bench);
  await bench.publish(`${ID}/online`, 'true', true);
  await bench.waitForDevice(ID, (d) => d.state.output === false);
  await bench.publish(`${ID}/status/switch:0`, { id: 0, source: 'button', output: true, apower: 512.3, voltage: 230.1, current: 2.2, aenergy: { total: 18 }, temperature: { tC: 40 } });
  await bench.waitForDevice(ID, (d) => d.state.output === true && d.state.apower === 512.3, 'status/switch:0');
  await bench.publish(`${ID}/events/rpc`, { src: ID, dst: `${ID}/events`, method: 'NotifyStatus', params: { ts: 1714550000.1, 'switch:0': { id: 0, apower: 498.7 } } });
  await bench.waitForDevice(ID, (d) => d.state.apower === 498.7, 'NotifyStatus');
  await bench.registry.command(ID, { output: false });
  assert.deepEqual(device.calls.find((c) => c.method === 'Switch.Set')?.params, { id: 0, on: false });
  await bench.publish(`${ID}/online`, 'false', true);
  await bench.waitForDevice(ID, (d) => !d.online, 'offline');
});

test('Gen2: an RPC error reply fails the command with the device’s message; a malformed notification is skipped', async (t) => {
  const bench = await startDeviceBench(t);
  await plus1pm(t, bench, ['Switch.Set']);
  await bench.publish(`${ID}/online`, 'true', true);
  await bench.waitForDevice(ID);
  await bench.publish(`${ID}/events/rpc`, 'not json');
  await assert.rejects(bench.registry.command(ID, { output: true }), { code: 'DEVICE_COMMAND_FAILED', message: /overpower protection active \(code -103\)/ });
  await waitUntil(() => bench.warnings.some((w) => w.topic === `${ID}/events/rpc`), 3000, 'the malformed notification logged');
  assert.equal(bench.registry.get(ID)!.online, true);
});

test('Gen1: shellies/announce and relay topics; commands on relay/<n>/command; online false', async (t) => {
  const bench = await startDeviceBench(t);
  await bench.publish('shellies/announce', { id: 'shelly1pm-B929CC', model: 'SHSW-PM', mac: '98CDAC1FB929', ip: '192.168.1.50', new_fw: false, fw_ver: '20230913-112003/v1.14.0-gcb84623' });
  await bench.publish('shellies/shelly1pm-B929CC/relay/0', 'on');
  await bench.publish('shellies/shelly1pm-B929CC/relay/0/power', '61.2');
  const device = await bench.waitForDevice('98cdac1fb929', (d) => d.state.relay_0 === true && d.state.power_0 === 61.2, 'the Gen1 relay with power');
  assert.deepEqual([device.name, device.model, device.source], ['shelly1pm-B929CC', 'SHSW-PM', 'shelly']);
  const sent = await bench.received('shellies/shelly1pm-B929CC/relay/0/command');
  await bench.registry.command(device.id, { relay_0: 'off' });
  await waitUntil(() => sent.length === 1, 3000, 'the relay command');
  assert.equal(sent[0]!.text, 'off');
  await bench.publish('shellies/shelly1pm-B929CC/online', 'false', true);
  await bench.waitForDevice(device.id, (d) => !d.online, 'offline');
});
