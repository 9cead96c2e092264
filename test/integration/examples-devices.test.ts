// The device examples against the simulator, as their READMEs tell a user to run them: the
// simulator as its own process (spoken to only over MQTT), Patchbay over REST and socket.io.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DeviceInfo, FlowDocument } from '../../server/api/contract.ts';
import { nextEvent, startServer, type TestServer } from '../helpers/server.ts';
import { mqttClient, waitUntil } from '../helpers/mqtt.ts';

const bin = fileURLToPath(new URL('../../server/bin/patchbay.js', import.meta.url));
const example = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../examples/${name}/flow.json`, import.meta.url)), 'utf8')) as FlowDocument;

async function simulate(t: TestContext, brokerUrl: string): Promise<void> {
  const child = spawn(process.execPath, [bin, 'simulate', '--broker', brokerUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator not ready within 20 s')), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('Homie')) { clearTimeout(timer); resolve(); }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

async function deviceNamed(server: TestServer, name: string, check: (d: DeviceInfo) => boolean = () => true): Promise<DeviceInfo> {
  let found: DeviceInfo | undefined;
  const deadline = Date.now() + 10_000;
  while (!found || !check(found)) {
    assert.ok(Date.now() < deadline, `device ${name} as expected`);
    found = ((await server.api('/api/devices')).body as DeviceInfo[]).find((d) => d.name === name);
    if (!found || !check(found)) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return found;
}

test('motion-light: motion turns the simulated light on, and it goes off after the time without motion', async (t) => {
  const server = await startServer(t, { broker: true });
  await simulate(t, server.mqttUrl!);
  await deviceNamed(server, 'living_room_light', (d) => d.state.state === false);
  const doc = example('motion-light');
  // The example waits a minute; a test shortens it as a user would, in the node's config.
  doc.nodes.find((n) => n.id === 'no-motion')!.config.forSeconds = 2;
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: doc })).status, 200);

  const light = await mqttClient(t, server.mqttUrl!);
  const states: string[] = [];
  light.on('message', (_topic, payload) => states.push((JSON.parse(payload.toString()) as { state: string }).state));
  await light.subscribeAsync('zigbee2mqtt/living_room_light', { qos: 1 });
  const socket = await server.editorSocket();
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'show' && (e.value as { payload: unknown }).payload === true, 10_000);
  const on = nextEvent(socket, 'device:state', (e) => e.property === 'state' && e.value === true, 10_000);

  await light.publishAsync('patchbay-simulator/motion', '1');
  await on;
  await shown;
  await waitUntil(() => states.includes('ON'), 5000, 'the simulated light reporting ON over MQTT');
  // The sensor reports no occupancy 10 s after the motion; 2 s later the light goes off.
  await waitUntil(() => states.at(-1) === 'OFF', 20_000, 'the light OFF after the timeout');
  assert.equal((await deviceNamed(server, 'living_room_light')).state.state, false);
});

test('everything-off: the presence count dropping to 0 switches the light, plug, heater and fan off', async (t) => {
  const server = await startServer(t, { broker: true });
  await simulate(t, server.mqttUrl!);
  await deviceNamed(server, 'Coffee machine', (d) => d.state.power === true);
  await deviceNamed(server, 'Workshop', (d) => d.state.occupants === 2);
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: example('everything-off') })).status, 200);
  const heater = await deviceNamed(server, 'Bathroom heater');
  assert.equal((await server.api(`/api/devices/${heater.id}/command`, { method: 'POST', body: { values: { output: true } } })).status, 200);
  await deviceNamed(server, 'Bathroom heater', (d) => d.state.output === true);

  const client = await mqttClient(t, server.mqttUrl!);
  await client.publishAsync('homie/5/workshop/presence/occupants/set', '0', { qos: 1 });
  await deviceNamed(server, 'Coffee machine', (d) => d.state.power === false);
  await deviceNamed(server, 'Bathroom heater', (d) => d.state.output === false);
  await deviceNamed(server, 'Workshop', (d) => d.state.on === false);
  await deviceNamed(server, 'Hallway thermostat', (d) => d.state.mode === 'off');
});
