// MQTT 5 sessions on the built-in broker, with mqtt.js 5 and raw packets: clean start and
// session expiry, assigned client identifiers, will delay, message expiry, and MQTT 5 state
// that survives a restart. Each test names the normative statements (OASIS MQTT 5.0) it checks.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, connectAsync, type IClientOptions, type IConnackPacket, type MqttClient } from 'mqtt';
import { connectClient, nextMessage, rawConnect5, rawConnection, startTestBroker, within } from '../helpers/broker.ts';
import { nextOf, packet, str, u16 } from '../helpers/raw-mqtt.ts';

const v5 = (clientId: string, opts: IClientOptions = {}): IClientOptions => ({ clientId, protocolVersion: 5, ...opts });

/** Connects and resolves with the client and whether CONNACK said Session Present. */
async function session(t: TestContext, url: string, opts: IClientOptions): Promise<{ client: MqttClient; present: boolean }> {
  const client = connect(url, { reconnectPeriod: 0, ...opts });
  t.after(() => client.endAsync(true));
  const connack = await within(new Promise<IConnackPacket>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  }), 'CONNACK');
  return { client, present: connack.sessionPresent };
}

async function dataDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-mqtt5-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('[MQTT-3.1.2-4] [MQTT-3.1.2-5] [MQTT-3.1.2-23] clean start and session expiry decide what a reconnect finds', async (t) => {
  const { url } = await startTestBroker(t);
  const keep = v5('keeper', { clean: false, properties: { sessionExpiryInterval: 60 } });
  const first = await session(t, url, keep);
  assert.equal(first.present, false, 'a new session');
  await first.client.subscribeAsync('jobs/#', { qos: 1 });
  await first.client.endAsync();
  const publisher = await connectClient(t, url, v5('pub'));
  await publisher.publishAsync('jobs/1', 'while away', { qos: 1 });

  const back = await session(t, url, keep);
  assert.equal(back.present, true, '[MQTT-3.1.2-5] the session is resumed');
  const queued = await nextMessage(back.client, 'jobs/1');
  assert.equal(queued.payload.toString(), 'while away');
  await back.client.endAsync();

  const fresh = await session(t, url, { ...keep, clean: true });
  assert.equal(fresh.present, false, '[MQTT-3.1.2-4] clean start discards the session');
  await fresh.client.endAsync();

  // Session Expiry Interval 0 (the default): the session ends with the connection
  const shortLived = await session(t, url, v5('short', { clean: false }));
  await shortLived.client.subscribeAsync('jobs/#', { qos: 1 });
  await shortLived.client.endAsync();
  assert.equal((await session(t, url, v5('short', { clean: false }))).present, false);
});

test('[MQTT-3.1.2-23] a session ends once its expiry interval has passed; DISCONNECT may change the interval', async (t) => {
  const { url } = await startTestBroker(t);
  const brief = v5('brief', { clean: false, properties: { sessionExpiryInterval: 1 } });
  const a = await session(t, url, brief);
  await a.client.subscribeAsync('x', { qos: 1 });
  await a.client.endAsync();
  await sleep(1500);
  assert.equal((await session(t, url, brief)).present, false, 'expired after 1 s');

  // connected with 1 s, but the DISCONNECT asks for 60 s (section 3.14.2.2.2)
  const b = await session(t, url, brief);
  await b.client.subscribeAsync('x', { qos: 1 });
  await b.client.endAsync(false, { properties: { sessionExpiryInterval: 60 } });
  await sleep(1500);
  const c = await session(t, url, brief);
  assert.equal(c.present, true, 'kept by the interval from DISCONNECT');
});

test('[MQTT-3.1.3-6] [MQTT-3.1.3-7] an empty client id gets an Assigned Client Identifier, also with Clean Start 0', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await rawConnection(t, broker.ports.tcp, 5);
  // by hand: mqtt-packet refuses to write an empty client id with Clean Start 0
  raw.socket.write(packet(0x10, str('MQTT'), Buffer.from([5, 0x00]), u16(0), Buffer.from([0]), str('')));
  const connack = await nextOf(raw, 'connack');
  assert.equal(connack.reasonCode, 0, 'MQTT 5 allows it (unlike 3.1.1 [MQTT-3.1.3-8])');
  const assigned = connack.properties?.assignedClientIdentifier;
  assert.ok(typeof assigned === 'string' && assigned.length > 0, 'assigned client identifier in CONNACK');
  const other = await rawConnect5(t, broker.ports.tcp, { clientId: '' });
  assert.notEqual(other.connack.properties?.assignedClientIdentifier, assigned, 'unique per connection');
});

test('[MQTT-3.1.2-8] [MQTT-3.1.3-9] the will waits for its Will Delay Interval and is dropped when the client comes back first', async (t) => {
  const { url } = await startTestBroker(t);
  const watcher = await connectClient(t, url, v5('watcher'));
  await watcher.subscribeAsync('status/#', { qos: 1 });
  const will = { topic: 'status/dev', payload: Buffer.from('offline'), qos: 1 as const, retain: false, properties: { willDelayInterval: 1, userProperties: { why: 'lost' } } };
  const dev = await connectAsync(url, v5('dev', { reconnectPeriod: 0, will, properties: { sessionExpiryInterval: 10 } }));
  const arrived = nextMessage(watcher, 'status/dev');
  const lostAt = Date.now();
  dev.stream.destroy(); // the connection is lost without DISCONNECT
  const got = await arrived;
  assert.ok(Date.now() - lostAt >= 900, 'not before the Will Delay Interval');
  assert.equal(got.payload.toString(), 'offline');
  assert.deepEqual({ ...got.packet.properties?.userProperties }, { why: 'lost' }, '[MQTT-3.1.3-10] will properties are published');
  assert.equal(got.packet.properties && 'willDelayInterval' in got.packet.properties, false, 'the Will Delay Interval is not a PUBLISH property');

  const twice = await connectAsync(url, v5('dev2', { reconnectPeriod: 0, will: { ...will, topic: 'status/dev2' }, properties: { sessionExpiryInterval: 10 } }));
  twice.stream.destroy();
  const back = await connectClient(t, url, v5('dev2', { clean: false, properties: { sessionExpiryInterval: 10 } }));
  assert.ok(back.connected);
  await assert.rejects(within(nextMessage(watcher, 'status/dev2'), 'no will', 1800), /timed out/, '[MQTT-3.1.3-9] no will after a reconnect within the delay');
});

test('[MQTT-3.3.2-5] an expired queued message is not delivered; the others carry what is left of their expiry', async (t) => {
  const { url } = await startTestBroker(t);
  const sub = v5('late', { clean: false, properties: { sessionExpiryInterval: 60 } });
  const first = await session(t, url, sub);
  await first.client.subscribeAsync('news/#', { qos: 1 });
  await first.client.endAsync();
  const pub = await connectClient(t, url, v5('pub'));
  await pub.publishAsync('news/short', 'gone soon', { qos: 1, properties: { messageExpiryInterval: 1 } });
  await pub.publishAsync('news/long', 'still here', { qos: 1, properties: { messageExpiryInterval: 60 } });
  await pub.publishAsync('news/retained', 'stale', { qos: 1, retain: true, properties: { messageExpiryInterval: 1 } });
  await sleep(2100);
  const back = await session(t, url, sub);
  const got = await nextMessage(back.client);
  assert.equal(got.topic, 'news/long', 'the expired one was dropped');
  const left = got.packet.properties?.messageExpiryInterval ?? 0;
  assert.ok(left > 0 && left <= 58, `the remaining interval is forwarded (${left} s)`);
  const fresh = await connectClient(t, url, v5('fresh'));
  const retained = within(nextMessage(fresh, 'news/retained'), 'an expired retained message', 400);
  await fresh.subscribeAsync('news/#');
  await assert.rejects(retained, /timed out/, 'an expired retained message is not sent');
});

test('retained messages and queued messages keep their MQTT 5 properties, and session expiry holds, across a restart', async (t) => {
  const dir = await dataDir(t);
  const props = { contentType: 'application/json', userProperties: { room: 'hall', unit: 'C' }, responseTopic: 'thermo/ack', correlationData: Buffer.from([1, 2]) };
  const one = await startTestBroker(t, { dataDir: dir });
  const away = v5('away', { clean: false, properties: { sessionExpiryInterval: 300 } });
  const brief = v5('brief', { clean: false, properties: { sessionExpiryInterval: 1 } });
  for (const opts of [away, brief]) {
    const c = await session(t, one.url, opts);
    await c.client.subscribeAsync('thermo/#', { qos: 1 });
    await c.client.endAsync();
  }
  const pub = await connectClient(t, one.url, v5('pub'));
  await pub.publishAsync('thermo/hall', '{"t":21}', { qos: 1, retain: true, properties: props });
  await pub.publishAsync('thermo/cmd', 'queued', { qos: 1, properties: { ...props, messageExpiryInterval: 600 } });
  await pub.endAsync();
  await one.broker.close();
  await sleep(1200); // longer than brief's session expiry, while the broker is down

  const two = await startTestBroker(t, { dataDir: dir });
  assert.equal((await session(t, two.url, brief)).present, false, 'the 1 s session expired while the broker was down');
  const back = await session(t, two.url, away);
  assert.equal(back.present, true);
  const queued = await nextMessage(back.client, 'thermo/cmd');
  assert.equal(queued.packet.properties?.contentType, 'application/json');
  assert.deepEqual({ ...queued.packet.properties?.userProperties }, { room: 'hall', unit: 'C' });
  assert.deepEqual(queued.packet.properties?.correlationData, Buffer.from([1, 2]));
  assert.ok((queued.packet.properties?.messageExpiryInterval ?? 0) <= 600);
  const reader = await connectClient(t, two.url, v5('reader'));
  const retained = nextMessage(reader, 'thermo/hall');
  await reader.subscribeAsync('thermo/hall');
  const got = await retained;
  assert.equal(got.packet.retain, true);
  assert.equal(got.packet.properties?.responseTopic, 'thermo/ack');
  assert.deepEqual({ ...got.packet.properties?.userProperties }, { room: 'hall', unit: 'C' });
});
