// Retained messages and persistent sessions (with their queued QoS 1/2 messages)
// survive stopping the broker and starting it again on the same data dir.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'mqtt';
import { STORE_FILE, startBroker } from '../../server/broker/broker.ts';
import { connectClient, nextMessage, run, startTestBroker, until, within } from '../helpers/broker.ts';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-broker-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('[MQTT-3.1.2-4] a persistent session and its queued QoS 1 and 2 messages survive a restart', async (t) => {
  const dataDir = tempDir(t);
  const first = await startTestBroker(t, { dataDir });
  const device = await connectClient(t, first.url, { clientId: 'device-1', clean: false });
  await device.subscribeAsync('cmd/#', { qos: 2 });
  await device.endAsync();
  await until(() => first.broker.stats().clientsConnected === 0, 'the device to go offline');

  // published while the device is offline: queued in its session ([MQTT-3.1.2-5])
  await first.broker.publish('cmd/light', 'on', { qos: 1 });
  const publisher = await connectClient(t, first.url);
  await publisher.publishAsync('cmd/heater', 'off', { qos: 2 });
  await publisher.endAsync();
  await first.broker.close();

  const second = await startTestBroker(t, { dataDir });
  const again = connect(second.url, { clientId: 'device-1', clean: false, reconnectPeriod: 0 });
  t.after(() => again.endAsync(true));
  const received: Array<[string, string, number]> = [];
  again.on('message', (topic, payload, packet) => received.push([topic, payload.toString(), packet.qos]));
  const connack = await within(new Promise<{ sessionPresent: boolean }>((resolve) => again.once('connect', resolve)), 'CONNACK');
  assert.equal(connack.sessionPresent, true, '[MQTT-3.2.2-2] the session was found');
  await until(() => received.length === 2, 'both queued messages');
  assert.deepEqual(received, [
    ['cmd/light', 'on', 1],
    ['cmd/heater', 'off', 2],
  ]);

  // the restored subscription is live too
  const live = nextMessage(again);
  await second.broker.publish('cmd/fan', 'on', { qos: 1 });
  assert.equal((await live).topic, 'cmd/fan');
});

test('retained messages survive a restart (mosquitto_pub -r, then mosquitto_sub)', async (t) => {
  const dataDir = tempDir(t);
  const first = await startTestBroker(t, { dataDir });
  const pub = await run(t, 'mosquitto_pub', [
    '-h', '127.0.0.1', '-p', String(first.broker.ports.tcp), '-t', 'home/door', '-r', '-q', '1', '-m', 'locked',
  ]);
  assert.equal(pub.code, 0, pub.stderr);
  await first.broker.close();

  const second = await startTestBroker(t, { dataDir });
  assert.equal(second.broker.stats().retainedMessages, 1);
  const sub = await run(t, 'mosquitto_sub', [
    '-h', '127.0.0.1', '-p', String(second.broker.ports.tcp), '-t', 'home/#', '-C', '1', '-W', '5', '-v',
  ]);
  assert.equal(sub.stdout.trim(), 'home/door locked');
  const inProcess: string[] = [];
  await second.broker.subscribe('home/door', (m) => inProcess.push(`${m.payload.toString()} retain=${m.retain}`));
  assert.deepEqual(inProcess, ['locked retain=true']);
});

test('a clean session discards what a persistent one stored', async (t) => {
  const dataDir = tempDir(t);
  const { broker, url } = await startTestBroker(t, { dataDir });
  const device = await connectClient(t, url, { clientId: 'device-2', clean: false });
  await device.subscribeAsync('cmd/#', { qos: 1 });
  await device.endAsync();
  await until(() => broker.stats().clientsConnected === 0, 'the device to go offline');
  await broker.publish('cmd/x', 'queued', { qos: 1 });

  // [MQTT-3.1.2-6] clean session 1 discards the previous session
  const clean = connect(url, { clientId: 'device-2', clean: true, reconnectPeriod: 0 });
  t.after(() => clean.endAsync(true));
  const received: string[] = [];
  clean.on('message', (topic) => received.push(topic));
  const connack = await within(new Promise<{ sessionPresent: boolean }>((resolve) => clean.once('connect', resolve)), 'CONNACK');
  assert.equal(connack.sessionPresent, false);
  await clean.endAsync();

  // and the persistent session after it starts empty: no subscription, nothing queued
  const back = await connectClient(t, url, { clientId: 'device-2', clean: false });
  const later: string[] = [];
  back.on('message', (topic) => later.push(topic));
  await back.subscribeAsync('probe', { qos: 1 });
  await broker.publish('cmd/y', 'not subscribed any more', { qos: 1 });
  const probe = nextMessage(back, 'probe');
  await broker.publish('probe', 'x', { qos: 1 });
  await probe;
  assert.deepEqual(received, []);
  assert.deepEqual(later, ['probe']);
});

test('an unusable data dir fails with BROKER_STORE_FAILED', async (t) => {
  const dataDir = tempDir(t);
  const notADir = join(dataDir, 'file');
  writeFileSync(notADir, 'x');
  await assert.rejects(startBroker({ tcpPort: 0, dataDir: notADir }), { code: 'BROKER_STORE_FAILED' });
});

test('a corrupt store is reported, not overwritten', async (t) => {
  const dataDir = tempDir(t);
  const file = join(dataDir, STORE_FILE);
  const garbage = Buffer.alloc(8192, 'not a database ');
  writeFileSync(file, garbage);
  await assert.rejects(startBroker({ tcpPort: 0, dataDir }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'BROKER_STORE_FAILED');
    assert.ok(err.message.includes(file), 'the message names the file');
    return true;
  });
  assert.deepEqual(readFileSync(file), garbage);
});

test('an offline persistent session keeps at most maxQueuedMessages; the rest are dropped and logged once', async (t) => {
  const { broker, url, entries } = await startTestBroker(t, { dataDir: tempDir(t), maxQueuedMessages: 5 });
  const phone = await connectClient(t, url, { clientId: 'phone', clean: false });
  await phone.subscribeAsync('alarm/#', { qos: 1 });
  await phone.endAsync();
  await until(() => broker.stats().clientsConnected === 0, 'the phone to go offline');
  for (let i = 0; i < 8; i++) await broker.publish(`alarm/${i}`, String(i), { qos: 1 });

  const back = connect(url, { clientId: 'phone', clean: false, reconnectPeriod: 0 });
  t.after(() => back.endAsync(true));
  const received: string[] = [];
  back.on('message', (_topic, payload) => received.push(payload.toString()));
  await until(() => received.length === 5, 'the five kept messages');
  const live = nextMessage(back, 'alarm/live');
  await broker.publish('alarm/live', 'now', { qos: 1 });
  await live;
  assert.deepEqual(received, ['0', '1', '2', '3', '4', 'now'], 'the oldest kept, then live delivery again');
  const full = entries.filter((e) => /queue full/.test(e.msg));
  assert.equal(full.length, 1, 'one warning, not one per dropped message');
  assert.equal(full[0]!.fields.clientId, 'phone');
});
