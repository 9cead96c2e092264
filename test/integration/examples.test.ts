// Every flow in examples/ is loaded here, so examples can't go stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nextEvent, startServer } from '../helpers/server.ts';
import { mqttClient, probe, runTool, startMosquitto, waitUntil } from '../helpers/mqtt.ts';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));
const exampleFlows = readdirSync(examplesDir)
  .map((name) => join(examplesDir, name, 'flow.json'))
  .filter((file) => existsSync(file));

test('every example flow deploys on a fresh server', async (t) => {
  assert.ok(exampleFlows.length >= 2);
  const { api } = await startServer(t);
  for (const file of exampleFlows) {
    const res = await api('/api/flows', { method: 'PUT', body: readFileSync(file, 'utf8') });
    assert.equal(res.status, 200, `${file}: ${JSON.stringify(res.body)}`);
  }
});

test('mqtt-echo runs against an external Mosquitto with --no-broker --broker-url', async (t) => {
  const mosquitto = await startMosquitto(t);
  const { api, editorSocket } = await startServer(t, { broker: false, brokerUrl: mosquitto.url });
  const deployed = await api('/api/flows', { method: 'PUT', body: readFileSync(join(examplesDir, 'mqtt-echo', 'flow.json'), 'utf8') });
  assert.equal(deployed.status, 200);
  const client = await mqttClient(t, mosquitto.url);
  await client.subscribeAsync('echo/out', { qos: 1 });
  const echoes: string[] = [];
  client.on('message', (_topic, payload) => echoes.push(payload.toString()));
  // Patchbay subscribes once its connection to Mosquitto is up: probe until the flow answers.
  await probe(client, 'echo/in', () => echoes.length > 0, 5000);
  const socket = await editorSocket();
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'show');
  await runTool('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(mosquitto.port), '-t', 'echo/in', '-m', '{"hello":"world"}', '-q', '1']);
  assert.deepEqual(((await shown).value as { received: unknown }).received, { hello: 'world' });
  await waitUntil(() => echoes.some((e) => e.includes('hello')), 3000, 'the echo on echo/out');
  const echo = JSON.parse(echoes.find((e) => e.includes('hello'))!);
  assert.deepEqual(echo.received, { hello: 'world' });
  assert.equal(echo.topic, 'echo/in');
});
