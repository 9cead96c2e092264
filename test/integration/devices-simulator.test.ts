// Patchbay and `patchbay simulate` as a user runs them: the devices appear in GET /api/devices
// with the right sources, types, units and online state, live over socket.io, commands work
// through REST, and stopping the simulator marks them offline. Also on an external broker.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DeviceInfo } from '../../server/api/contract.ts';
import { startSimulator } from '../../server/simulator/index.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { nextEvent, startServer, type TestServer } from '../helpers/server.ts';
import { startMosquitto } from '../helpers/mqtt.ts';

const bin = fileURLToPath(new URL('../../server/bin/patchbay.js', import.meta.url));

/** What the simulator's devices must look like: source, and a property each with type and unit. */
const EXPECTED: Array<{ name: string; source: string; property: string; type: string; unit?: string }> = [
  { name: 'hall_motion', source: 'zigbee2mqtt', property: 'occupancy', type: 'boolean' },
  { name: 'living_room_light', source: 'zigbee2mqtt', property: 'brightness', type: 'number' },
  { name: 'bathroom_climate', source: 'zigbee2mqtt', property: 'humidity', type: 'number', unit: '%' },
  { name: 'Coffee machine', source: 'tasmota', property: 'energy_power', type: 'number', unit: 'W' },
  { name: 'Bathroom heater', source: 'shelly', property: 'output', type: 'boolean' },
  { name: 'Hallway thermostat', source: 'homeassistant', property: 'temperature', type: 'number', unit: '°C' },
  { name: 'Workshop', source: 'homie', property: 'occupants', type: 'number' },
];

async function devices(server: TestServer): Promise<DeviceInfo[]> {
  const { status, body } = await server.api('/api/devices');
  assert.equal(status, 200);
  return body as DeviceInfo[];
}

/** Polls GET /api/devices until every simulated device is listed and online. */
async function waitForSimulatedDevices(server: TestServer): Promise<DeviceInfo[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const list = await devices(server);
    if (EXPECTED.every((e) => list.some((d) => d.name === e.name && d.online))) return list;
    if (Date.now() > deadline) throw new Error(`not every simulated device online: ${JSON.stringify(list.map((d) => [d.name, d.online]))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function checkDevices(list: DeviceInfo[]): void {
  for (const e of EXPECTED) {
    const device = list.find((d) => d.name === e.name)!;
    assert.equal(device.source, e.source, `${e.name} source`);
    const property = device.entities.flatMap((x) => x.properties).find((p) => p.id === e.property);
    assert.ok(property, `${e.name} has ${e.property}`);
    assert.equal(property.type, e.type, `${e.name}.${e.property} type`);
    assert.equal(property.unit, e.unit, `${e.name}.${e.property} unit`);
  }
}

/** `patchbay simulate --broker URL` as a child process, stopped (SIGKILL) after the test at the latest. */
async function simulateCli(t: TestContext, brokerUrl: string) {
  const child = spawn(process.execPath, [bin, 'simulate', '--broker', brokerUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator not ready within 20 s: ${output}`)), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      if (line.includes('Homie')) { clearTimeout(timer); resolve(); }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${output}`)));
  });
  return {
    output: () => output,
    stop: () => new Promise<number | null>((resolve) => { child.once('exit', resolve); child.kill('SIGINT'); }),
  };
}

test('with the simulator running, GET /api/devices lists every device with source, types, units and online; stopping it marks them offline', async (t) => {
  const server = await startServer(t, { broker: true });
  const socket = await server.editorSocket();
  const added: string[] = [];
  socket.on('device:added', (d) => added.push(d.name));
  const simulator = await simulateCli(t, server.mqttUrl!);
  const list = await waitForSimulatedDevices(server);
  checkDevices(list);
  assert.ok(EXPECTED.every((e) => added.includes(e.name)), 'device:added for each');

  const light = list.find((d) => d.name === 'living_room_light')!;
  const one = await server.api(`/api/devices/${encodeURIComponent(light.id)}`);
  assert.deepEqual([one.status, one.body.name, one.body.source], [200, 'living_room_light', 'zigbee2mqtt']);

  const lit = nextEvent(socket, 'device:state', (e) => e.device === light.id && e.property === 'state' && e.value === true, 5000);
  const sent = await server.api(`/api/devices/${encodeURIComponent(light.id)}/command`, { method: 'POST', body: { values: { state: 'on', brightness: 200 } } });
  assert.deepEqual([sent.status, sent.body], [200, { sent: light.id }]);
  await lit;

  const offline = nextEvent(socket, 'device:updated', (d) => d.name === 'Bathroom heater' && !d.online, 5000);
  assert.equal(await simulator.stop(), 0);
  await offline;
  const after = await devices(server);
  assert.deepEqual(after.filter((d) => d.online).map((d) => d.name), [], 'every device offline');
});

test('REST answers bad requests with device codes; /api/devices needs a login, commands the admin role', async (t) => {
  const server = await startServer(t, { broker: true });
  const simulator = await startSimulator(server.mqttUrl!);
  t.after(() => simulator.stop());
  const list = await waitForSimulatedDevices(server);
  const plug = list.find((d) => d.source === 'tasmota')!;
  const path = `/api/devices/${plug.id}/command`;
  assert.equal((await server.api('/api/devices/nope')).body.code, 'DEVICE_NOT_FOUND');
  assert.equal((await server.api(path, { method: 'POST', body: { power: 'on' } })).body.code, 'DEVICE_COMMAND_INVALID');
  const invalid = await server.api(path, { method: 'POST', body: { values: { power: 'maybe' } } });
  assert.deepEqual([invalid.status, invalid.body.code], [400, 'DEVICE_VALUE_INVALID']);
  assert.match(invalid.body.error, /power.*expected on\/off/);
  const readOnly = await server.api(path, { method: 'POST', body: { values: { energy_power: 5 } } });
  assert.deepEqual([readOnly.status, readOnly.body.code], [400, 'DEVICE_PROPERTY_READ_ONLY']);

  const locked = await startServer(t, {
    auth: true, env: { PATCHBAY_ADMIN_PASSWORD: 'a long admin password' },
    users: [{ username: 'val', role: 'viewer', password: await hashPassword('viewer password') }],
  });
  const refused = await locked.api('/api/devices');
  assert.deepEqual([refused.status, refused.body.code], [401, 'AUTH_REQUIRED']);
  const { body: { token } } = await locked.api('/api/auth/login', { method: 'POST', body: { username: 'val', password: 'viewer password' } });
  const headers = { authorization: `Bearer ${token}` };
  assert.equal((await locked.api('/api/devices', { headers })).status, 200, 'a viewer lists devices');
  const command = await locked.api('/api/devices/x/command', { method: 'POST', body: { values: { on: true } }, headers });
  assert.deepEqual([command.status, command.body.code], [403, 'AUTH_FORBIDDEN'], 'only an admin sends commands');
});

test('on an external broker (--no-broker --broker-url) the registry listens through its own client', async (t) => {
  const mosquitto = await startMosquitto(t);
  const server = await startServer(t, { broker: false, brokerUrl: mosquitto.url });
  const simulator = await startSimulator(mosquitto.url);
  t.after(() => simulator.stop());
  checkDevices(await waitForSimulatedDevices(server));
  const pump = (await devices(server)).find((d) => d.name === 'Bathroom heater')!;
  const on = await server.api(`/api/devices/${pump.id}/command`, { method: 'POST', body: { values: { output: true } } });
  assert.equal(on.status, 200);
  const deadline = Date.now() + 5000;
  while ((await server.api(`/api/devices/${pump.id}`)).body.state.output !== true) {
    assert.ok(Date.now() < deadline, 'the pump reports on');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

test('patchbay simulate without a broker URL (exit 2, with its usage), or with one nobody answers (exit 1), says so', async () => {
  const run = (args: string[]) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, 'simulate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
  const missing = await run([]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--broker is required\n\nUsage: patchbay simulate --broker mqtt:\/\/HOST:PORT/);
  const nobody = await run(['--broker', 'mqtt://127.0.0.1:1']);
  assert.equal(nobody.code, 1);
  assert.match(nobody.stderr, /cannot connect to mqtt:\/\/127\.0\.0\.1:1.*\(SIMULATOR_BROKER_UNREACHABLE\)/s);
});
