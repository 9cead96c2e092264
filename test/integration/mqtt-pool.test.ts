// The connection pool behind node.mqtt, against real brokers: the built-in one in-process,
// aedes and Mosquitto over TCP.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MqttConnectionState, MqttExternalSpec, MqttMessage } from '../../server/node-api/index.ts';
import { clientOptions } from '../../server/mqtt/client-options.ts';
import type { MqttConnectionPool } from '../../server/mqtt/connection-pool.ts';
import { brokerUser, collect, mqttClient, onTeardown, probe, startBuiltin, startMosquitto, startPool, waitUntil } from '../helpers/mqtt.ts';

/** A stand-in for a running node: what the pool uses of one (its stop signal). */
function user(t: TestContext) {
  const abort = new AbortController();
  onTeardown(t, () => abort.abort());
  return { signal: abort.signal, stop: () => abort.abort() };
}

function external(url: string, spec: Partial<MqttExternalSpec> = {}): MqttExternalSpec {
  return { kind: 'external', url, ...spec };
}

/** Subscribes through `pool` as a new user and records what arrives. */
async function listen(t: TestContext, pool: MqttConnectionPool, filter: string, opts: { qos?: 0 | 1 | 2; broker?: MqttExternalSpec } = {}) {
  const node = user(t);
  const conn = pool.capability(node).connect(opts.broker);
  const got: MqttMessage[] = [];
  const unsubscribe = await conn.subscribe(filter, { qos: opts.qos ?? 0 }, (m) => got.push(m));
  return { node, conn, got, unsubscribe };
}

function states(conn: { onState(l: (s: MqttConnectionState) => void): () => void }): MqttConnectionState[] {
  const seen: MqttConnectionState[] = [];
  conn.onState((s) => seen.push(s));
  return seen;
}

test('built-in broker: publish and subscribe in-process, with no TCP client', async (t) => {
  const broker = await startBuiltin(t);
  const pool = startPool(t, { builtin: broker });
  const sub = await listen(t, pool, 'home/+/temp', { qos: 1 });
  assert.equal(sub.conn.state, 'connected');
  const pub = pool.capability(user(t)).connect();
  await pub.publish('home/hall/temp', '21.5', { qos: 2, retain: false });
  await pub.publish('home/hall/hum', 'no match', { qos: 0, retain: false });
  await waitUntil(() => sub.got.length === 1, 2000, 'the message');
  assert.equal(sub.got[0]!.payload.toString(), '21.5');
  assert.equal(sub.got[0]!.qos, 1, 'QoS is the lower of published and subscribed');
  assert.equal(sub.got[0]!.retain, false);
  assert.equal(broker.stats().clientsConnected, 0, 'no network client was used');

  // a TCP client sees what the pool publishes, and the pool sees what it publishes
  const client = await mqttClient(t, broker.url);
  const seen = collect(client);
  await client.subscribeAsync('home/#', { qos: 1 });
  await pub.publish('home/kitchen/temp', Buffer.from([1, 2]), { qos: 1, retain: false });
  const [fromPool] = await seen.waitFor(1);
  assert.deepEqual(fromPool!.payload, Buffer.from([1, 2]));
  await client.publishAsync('home/porch/temp', '5', { qos: 1 });
  await waitUntil(() => sub.got.length === 3, 2000, 'both messages');
  assert.deepEqual(sub.got.map((m) => m.topic), ['home/hall/temp', 'home/kitchen/temp', 'home/porch/temp']);
});

test('built-in broker: retained messages reach new subscribers with the retain flag', async (t) => {
  const broker = await startBuiltin(t);
  const pool = startPool(t, { builtin: broker });
  await pool.capability(user(t)).connect().publish('state/door', 'open', { qos: 1, retain: true });
  const sub = await listen(t, pool, 'state/#');
  await waitUntil(() => sub.got.length === 1, 2000, 'the retained message');
  assert.equal(sub.got[0]!.retain, true);
  assert.equal(sub.got[0]!.payload.toString(), 'open');
  const none = pool.capability(user(t)).connect();
  const skipped: MqttMessage[] = [];
  await none.subscribe('state/#', { qos: 0, rh: 2 }, (m) => skipped.push(m));
  await sleep(50);
  assert.deepEqual(skipped, [], 'retain handling 2 sends no retained messages');
});

test('built-in broker: a stopped node\'s subscriptions end', async (t) => {
  const broker = await startBuiltin(t);
  const pool = startPool(t, { builtin: broker });
  const sub = await listen(t, pool, 'x');
  const before = broker.stats().subscriptions;
  sub.node.stop();
  await waitUntil(() => broker.stats().subscriptions === before - 1, 2000, 'the unsubscribe');
  await pool.capability(user(t)).connect().publish('x', 'late', { qos: 0, retain: false });
  await sleep(30);
  assert.deepEqual(sub.got, []);
  await assert.rejects(sub.conn.publish('x', 'y', { qos: 0, retain: false }), { code: 'MQTT_NODE_STOPPED', message: /stopped/ });
});

test('built-in broker: a shared subscription splits messages between its members, without retained ones', async (t) => {
  const broker = await startBuiltin(t);
  const pool = startPool(t, { builtin: broker });
  const pub = pool.capability(user(t)).connect();
  await pub.publish('jobs/old', 'retained', { qos: 0, retain: true });
  const a = await listen(t, pool, '$share/workers/jobs/#');
  const b = await listen(t, pool, '$share/workers/jobs/#');
  for (let i = 0; i < 10; i++) await pub.publish(`jobs/${i}`, String(i), { qos: 0, retain: false });
  await waitUntil(() => a.got.length + b.got.length === 10, 2000, 'ten messages');
  assert.equal(a.got.length, 5);
  assert.equal(b.got.length, 5);
  assert.ok(a.got.every((m) => m.topic.startsWith('jobs/') && !m.retain));
  b.node.stop();
  await pub.publish('jobs/after', 'x', { qos: 0, retain: false });
  await waitUntil(() => a.got.length === 6, 2000, 'the remaining member to get it');
});

test('no broker at all: disconnected, and a clear error', async (t) => {
  const pool = startPool(t, {});
  const conn = pool.capability(user(t)).connect();
  assert.equal(conn.state, 'disconnected');
  await assert.rejects(conn.publish('a', 'b', { qos: 0, retain: false }), { code: 'MQTT_NO_BROKER', message: /No MQTT broker.*--broker-url/ });
  await assert.rejects(conn.subscribe('a', { qos: 0 }, () => {}), { code: 'MQTT_NO_BROKER' });
  assert.throws(() => pool.capability(user(t)).connect(external('localhost:1883')), { code: 'MQTT_SPEC_INVALID', message: /url/ });
  assert.throws(() => pool.capability(user(t)).connect(external('mqtt://h', { keepalive: -1 })), { code: 'MQTT_SPEC_INVALID', message: /keepalive/ });
});

test('--broker-url: nodes without a broker config node use the external broker', async (t) => {
  const mosquitto = await startMosquitto(t);
  const pool = startPool(t, { brokerUrl: mosquitto.url });
  const sub = await listen(t, pool, 'ext/#', { qos: 1 });
  assert.equal(sub.conn.state, 'connected');
  const client = await mqttClient(t, mosquitto.url);
  await client.publishAsync('ext/a', 'hello', { qos: 1 });
  await waitUntil(() => sub.got.length === 1, 2000, 'the message');
  assert.equal(sub.got[0]!.payload.toString(), 'hello');
  assert.equal(sub.got[0]!.qos, 1);
});

test('external connections are shared per equal spec and closed by the last user', async (t) => {
  const broker = await startBuiltin(t);
  const pool = startPool(t, {});
  const a = await listen(t, pool, 'a', { broker: external(broker.url) });
  const b = await listen(t, pool, 'b', { broker: external(broker.url, { keepalive: 60, clean: true }) });
  assert.equal(broker.stats().clientsConnected, 1, 'the same settings, defaults spelt out or not');
  const other = await listen(t, pool, 'c', { broker: external(broker.url, { clientId: 'other' }) });
  assert.equal(broker.stats().clientsConnected, 2, 'other settings have their own connection');
  a.node.stop();
  await sleep(50);
  assert.equal(broker.stats().clientsConnected, 2);
  b.node.stop();
  other.node.stop();
  await waitUntil(() => broker.stats().clientsConnected === 0, 3000, 'the connections to close');
});

test('client sockets have TCP_NODELAY on', async (t) => {
  const broker = await startBuiltin(t);
  const setNoDelay = t.mock.method(Socket.prototype, 'setNoDelay');
  const pool = startPool(t, {});
  const sub = await listen(t, pool, 'a', { broker: external(broker.url) });
  assert.equal(sub.conn.state, 'connected');
  const ours = setNoDelay.mock.calls.filter((c) => (c.this as Socket).remotePort === broker.ports.tcp && c.arguments[0] === true);
  assert.equal(ours.length, 1);
});

test('credentials from the config node are used to connect', async (t) => {
  const broker = await startBuiltin(t, { anonymous: 'none', users: [await brokerUser('pat', 's3cret')] });
  const pool = startPool(t, {});
  const good = await listen(t, pool, 'a', { broker: external(broker.url, { username: 'pat', password: 's3cret' }) });
  assert.equal(good.conn.state, 'connected');
  const bad = pool.capability(user(t)).connect(external(broker.url, { username: 'pat', password: 'wrong' }));
  const seen = states(bad);
  await sleep(300);
  assert.ok(!seen.includes('connected'), `states: ${seen.join(', ')}`);
  assert.ok(seen.includes('disconnected'));
});

test('reconnects after the external broker restarts, and resubscribes', async (t) => {
  const mosquitto = await startMosquitto(t);
  const pool = startPool(t, {});
  const sub = await listen(t, pool, 'r/#', { qos: 1, broker: external(mosquitto.url) });
  const seen = states(sub.conn);
  await mosquitto.stop();
  await waitUntil(() => sub.conn.state === 'disconnected', 3000, 'disconnected');
  await mosquitto.start();
  await waitUntil(() => sub.conn.state === 'connected', 5000, 'connected again');
  assert.deepEqual(seen.slice(0, 2), ['connected', 'disconnected']);
  assert.equal(seen.at(-1), 'connected');
  const client = await mqttClient(t, mosquitto.url);
  // the resubscription follows the CONNACK: publish until it holds
  await probe(client, 'r/1', () => sub.got.length > 0);
  assert.equal(sub.got[0]!.topic, 'r/1');
});

test('a subscription made while the broker is down is made once it is up', async (t) => {
  const mosquitto = await startMosquitto(t);
  await mosquitto.stop();
  const pool = startPool(t, {});
  const node = user(t);
  const conn = pool.capability(node).connect(external(mosquitto.url));
  const got: MqttMessage[] = [];
  const subscribed = conn.subscribe('late/#', { qos: 0 }, (m) => got.push(m));
  await sleep(150);
  assert.notEqual(conn.state, 'connected');
  await mosquitto.start();
  await subscribed;
  const client = await mqttClient(t, mosquitto.url);
  await client.publishAsync('late/1', 'x');
  await waitUntil(() => got.length === 1, 2000, 'the message');
});

test('shared subscriptions on Mosquitto split a topic between two Patchbay pools', async (t) => {
  const mosquitto = await startMosquitto(t);
  const cfg = external(mosquitto.url, { protocolVersion: 5 });
  const one = await listen(t, startPool(t, {}), '$share/workers/jobs/#', { qos: 1, broker: cfg });
  const two = await listen(t, startPool(t, {}), '$share/workers/jobs/#', { qos: 1, broker: cfg });
  const client = await mqttClient(t, mosquitto.url);
  for (let i = 0; i < 20; i++) await client.publishAsync(`jobs/${i}`, String(i), { qos: 1 });
  await waitUntil(() => one.got.length + two.got.length === 20, 3000, 'twenty messages');
  assert.ok(one.got.length > 0 && two.got.length > 0, `split ${one.got.length}/${two.got.length}`);
  const topics = [...one.got, ...two.got].map((m) => m.topic).sort();
  assert.deepEqual(topics, Array.from({ length: 20 }, (_, i) => `jobs/${i}`).sort(), 'each message once, with its real topic');
});

test('MQTT 5 publish properties round trip through Mosquitto', async (t) => {
  const mosquitto = await startMosquitto(t);
  const pool = startPool(t, {});
  const cfg = external(mosquitto.url, { protocolVersion: 5 });
  const sub = await listen(t, pool, 'v5/#', { broker: cfg });
  const client = await mqttClient(t, mosquitto.url, { protocolVersion: 5 });
  const seen = collect(client);
  await client.subscribeAsync('v5/#');
  const pub = pool.capability(user(t)).connect(cfg);
  await pub.publish('v5/req', '{}', {
    qos: 1, retain: false,
    properties: {
      contentType: 'application/json', responseTopic: 'v5/reply', correlationData: Buffer.from('c-1'),
      userProperties: { site: 'lab', tags: ['a', 'b'] }, messageExpiryInterval: 60, bogus: 1,
    },
  });
  await waitUntil(() => sub.got.length === 1, 2000, 'the message');
  const props = sub.got[0]!.properties!;
  assert.equal(props.contentType, 'application/json');
  assert.equal(props.responseTopic, 'v5/reply');
  assert.deepEqual(props.correlationData, Buffer.from('c-1'));
  assert.deepEqual(props.userProperties, { site: 'lab', tags: ['a', 'b'] });
  assert.ok(typeof props.messageExpiryInterval === 'number' && props.messageExpiryInterval <= 60);
  assert.equal('subscriptionIdentifier' in props, false);
  const [wire] = await seen.waitFor(1);
  assert.equal(wire!.packet.properties?.contentType, 'application/json', 'another MQTT 5 client sees them too');
});

test('overlapping filters on one MQTT 5 connection deliver each message once per node', async (t) => {
  const mosquitto = await startMosquitto(t);
  const pool = startPool(t, {});
  const cfg = external(mosquitto.url, { protocolVersion: 5 });
  const wide = await listen(t, pool, 'o/#', { broker: cfg });
  const narrow = await listen(t, pool, 'o/1', { broker: cfg });
  const client = await mqttClient(t, mosquitto.url);
  await client.publishAsync('o/1', 'x', { qos: 1 });
  await client.publishAsync('o/2', 'y', { qos: 1 });
  await waitUntil(() => wide.got.length === 2, 2000, 'two messages at the wide filter');
  await sleep(50);
  assert.deepEqual(wide.got.map((m) => m.topic), ['o/1', 'o/2']);
  assert.deepEqual(narrow.got.map((m) => m.topic), ['o/1']);
});

test('a node subscribing later gets the retained messages; the nodes already subscribed do not get them again', async (t) => {
  const mosquitto = await startMosquitto(t);
  const client = await mqttClient(t, mosquitto.url);
  await client.publishAsync('keep/a', 'A', { qos: 1, retain: true });
  const pool = startPool(t, {});
  const cfg = external(mosquitto.url);
  const first = await listen(t, pool, 'keep/#', { broker: cfg });
  await waitUntil(() => first.got.length === 1, 2000, 'the retained message');
  const second = await listen(t, pool, 'keep/#', { broker: cfg });
  await waitUntil(() => second.got.length === 1, 2000, 'the retained message again');
  assert.equal(second.got[0]!.retain, true);
  await client.publishAsync('keep/b', 'B', { qos: 1 });
  await waitUntil(() => first.got.length === 2 && second.got.length === 2, 2000, 'the live message at both');
  assert.deepEqual(first.got.map((m) => [m.topic, m.retain]), [['keep/a', true], ['keep/b', false]]);
  second.node.stop();
  await sleep(50);
  await client.publishAsync('keep/c', 'C', { qos: 1 });
  await waitUntil(() => first.got.length === 3, 2000, 'the first node to keep its subscription');
});

test('birth and close messages announce the connection', async (t) => {
  const mosquitto = await startMosquitto(t);
  const watcher = await mqttClient(t, mosquitto.url);
  const seen = collect(watcher);
  await watcher.subscribeAsync('patchbay/status', { qos: 1 });
  const pool = startPool(t, {});
  const cfg = external(mosquitto.url, {
    birth: { topic: 'patchbay/status', payload: 'online', qos: 1, retain: false },
    close: { topic: 'patchbay/status', payload: 'offline', qos: 1, retain: false },
  });
  const sub = await listen(t, pool, 'x', { broker: cfg });
  await seen.waitFor(1);
  sub.node.stop();
  const messages = await seen.waitFor(2);
  assert.deepEqual(messages.map((m) => m.payload.toString()), ['online', 'offline']);
});

test('client options: will, MQTT 5 session expiry, TLS only for secure URLs', () => {
  const base = {
    url: 'mqtts://broker.example:8883', clientId: 'hall', protocolVersion: 5 as const, keepalive: 30, clean: false, sessionExpiry: 3600,
    tls: { rejectUnauthorized: false, ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----', cert: '', key: '' },
    will: { topic: 'pb/status', payload: 'gone', qos: 1 as const, retain: true },
  };
  const options = clientOptions(base, { firstMs: 100, maxMs: 1000 });
  assert.equal(options.clientId, 'hall');
  assert.equal(options.clean, false);
  assert.equal(options.keepalive, 30);
  assert.deepEqual(options.properties, { sessionExpiryInterval: 3600 });
  assert.deepEqual(options.will, { topic: 'pb/status', payload: Buffer.from('gone'), qos: 1, retain: true });
  assert.equal(options.rejectUnauthorized, false);
  assert.match(String(options.ca), /BEGIN CERTIFICATE/);
  const plain = clientOptions({ ...base, url: 'mqtt://broker.example', clientId: '', protocolVersion: 4 }, { firstMs: 100, maxMs: 1000 });
  assert.equal(plain.ca, undefined);
  assert.equal(plain.properties, undefined);
  assert.match(String(plain.clientId), /^patchbay_[0-9a-f]{12}$/);
  assert.throws(() => clientOptions({ ...base, tls: { ...base.tls, ca: '/no/such/ca.pem' } }, { firstMs: 1, maxMs: 1 }), /Cannot read the TLS CA certificate from \/no\/such\/ca.pem/);
});
