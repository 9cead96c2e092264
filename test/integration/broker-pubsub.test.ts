// Publish/subscribe through the embedded broker with real clients: mqtt.js, the
// mosquitto command-line clients, and the in-process path the MQTT nodes use.
import { Socket } from 'node:net';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountDirectory, connectClient, nextMessage, run, startTestBroker, until, within } from '../helpers/broker.ts';
import { hashPassword, type BrokerAccount, type InProcessMessage } from '../../server/broker/broker.ts';

for (const qos of [0, 1, 2] as const) {
  test(`[MQTT-4.3] mqtt.js publish reaches an mqtt.js subscriber at QoS ${qos}`, async (t) => {
    const { url } = await startTestBroker(t);
    const sub = await connectClient(t, url);
    const pub = await connectClient(t, url);
    const [granted] = await sub.subscribeAsync('room/+/temp', { qos });
    assert.equal(granted.qos, qos);
    const got = nextMessage(sub);
    await pub.publishAsync('room/hall/temp', '21.5', { qos });
    const message = await got;
    assert.equal(message.topic, 'room/hall/temp');
    assert.equal(message.payload.toString(), '21.5');
    assert.equal(message.packet.qos, qos);
  });
}

test('[MQTT-3.3.1-6] [MQTT-3.3.1-9] retained messages reach new subscribers flagged, live ones unflagged', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const pub = await connectClient(t, url);
  await pub.publishAsync('state/door', 'open', { qos: 1, retain: true });
  assert.equal(broker.stats().retainedMessages, 1);

  const sub = await connectClient(t, url);
  const retained = nextMessage(sub);
  await sub.subscribeAsync('state/#', { qos: 1 });
  assert.equal((await retained).payload.toString(), 'open');
  assert.equal((await retained).packet.retain, true);

  const live = nextMessage(sub);
  await pub.publishAsync('state/door', 'closed', { qos: 1, retain: true });
  assert.equal((await live).payload.toString(), 'closed');
  assert.equal((await live).packet.retain, false);
});

test('[MQTT-3.3.1-10] an empty retained message clears the retained one', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const pub = await connectClient(t, url);
  await pub.publishAsync('state/light', 'on', { qos: 1, retain: true });
  await pub.publishAsync('state/light', '', { qos: 1, retain: true });
  assert.equal(broker.stats().retainedMessages, 0);
});

test('mosquitto_pub and mosquitto_sub talk through the broker at QoS 0 and 1', async (t) => {
  const { broker } = await startTestBroker(t);
  const port = String(broker.ports.tcp);
  for (const qos of ['0', '1']) {
    await until(() => broker.stats().clientsConnected === 0, 'earlier clients to leave');
    const sub = run(t, 'mosquitto_sub', ['-h', '127.0.0.1', '-p', port, '-t', `cli/${qos}`, '-q', qos, '-C', '1', '-W', '5']);
    await until(() => broker.stats().subscriptions === 1, 'mosquitto_sub to subscribe');
    const pub = await run(t, 'mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-t', `cli/${qos}`, '-q', qos, '-m', '{"n":1}']);
    assert.equal(pub.code, 0, pub.stderr);
    const received = await sub;
    assert.equal(received.code, 0, received.stderr);
    assert.equal(received.stdout.trim(), '{"n":1}');
  }
});

test('mosquitto_pub reaches mqtt.js and mqtt.js reaches mosquitto_sub', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const port = String(broker.ports.tcp);
  const client = await connectClient(t, url);
  await client.subscribeAsync('to-js', { qos: 1 });
  const got = nextMessage(client);
  await run(t, 'mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-t', 'to-js', '-q', '1', '-m', 'hello js']);
  assert.equal((await got).payload.toString(), 'hello js');

  const before = broker.stats().subscriptions;
  const sub = run(t, 'mosquitto_sub', ['-h', '127.0.0.1', '-p', port, '-t', 'to-cli', '-C', '1', '-W', '5']);
  await until(() => broker.stats().subscriptions > before, 'mosquitto_sub to subscribe');
  await client.publishAsync('to-cli', 'hello cli', { qos: 1 });
  assert.equal((await sub).stdout.trim(), 'hello cli');
});

test('in-process publish reaches TCP clients, TCP publishes reach in-process subscribers', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const client = await connectClient(t, url);
  await client.subscribeAsync('out/#', { qos: 1 });
  const atClient = nextMessage(client);
  await broker.publish('out/x', Buffer.from('from flow'), { qos: 1 });
  const message = await atClient;
  assert.equal(message.topic, 'out/x');
  assert.equal(message.payload.toString(), 'from flow');
  assert.equal(message.packet.qos, 1);

  const received: InProcessMessage[] = [];
  const unsubscribe = await broker.subscribe('in/+', (m) => received.push(m));
  await client.publishAsync('in/a', 'from device', { qos: 1 });
  await until(() => received.length === 1, 'the in-process subscriber');
  assert.deepEqual(received[0], { topic: 'in/a', payload: Buffer.from('from device'), qos: 1, retain: false });

  await unsubscribe();
  await client.publishAsync('in/a', 'after unsubscribe', { qos: 1 });
  await broker.publish('in/b', 'also after'); // the in-process path is ordered: this proves the one above passed
  assert.equal(received.length, 1);
});

test('subscribing and unsubscribing take effect for a topic already published many times', async (t) => {
  // the broker remembers who subscribes to a topic (topic-match-cache.ts): changes must show at once
  const { url, broker } = await startTestBroker(t);
  const client = await connectClient(t, url);
  const atClient: string[] = [];
  client.on('message', (_topic, payload) => atClient.push(payload.toString()));
  const first: string[] = [];
  const second: string[] = [];
  const stopFirst = await broker.subscribe('cache/+', (m) => first.push(m.payload.toString()));
  for (let i = 0; i < 5; i++) await broker.publish('cache/a', `warm${i}`);
  const stopSecond = await broker.subscribe('cache/a', (m) => second.push(m.payload.toString()));
  await client.subscribeAsync('cache/#', { qos: 0 });
  await broker.publish('cache/a', 'both');
  await until(() => atClient.length === 1, 'the TCP subscriber that came later');
  await stopFirst();
  await broker.publish('cache/a', 'second only');
  await client.unsubscribeAsync('cache/#');
  await stopSecond();
  await broker.publish('cache/a', 'nobody');
  await broker.publish('cache/b', 'nobody either');
  assert.deepEqual(first, ['warm0', 'warm1', 'warm2', 'warm3', 'warm4', 'both']);
  assert.deepEqual(second, ['both', 'second only']);
  await client.subscribeAsync('cache/b', { qos: 0 });
  await broker.publish('cache/b', 'back');
  await until(() => atClient.length === 3, 'the TCP subscriber again');
  assert.deepEqual(atClient, ['both', 'second only', 'back']);
});

test('messages for one client published in one turn leave in one socket write, in order', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const client = await connectClient(t, url);
  await client.subscribeAsync('burst/#', { qos: 0 });
  const clientPort = (client.stream as Socket).localPort;
  // count the writes the broker makes on its side of this connection
  let writes = 0;
  const proto = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  for (const name of ['_write', '_writev'] as const) {
    const original = proto[name];
    proto[name] = function (this: Socket, ...args: unknown[]) {
      if (this.remotePort === clientPort) writes++;
      return original.apply(this, args);
    };
    t.after(() => { proto[name] = original; });
  }
  const got: string[] = [];
  client.on('message', (_topic, payload) => got.push(payload.toString()));
  const sent = Array.from({ length: 20 }, (_, i) => `m${i}`);
  await Promise.all(sent.map((payload) => broker.publish('burst/a', payload)));
  await until(() => got.length === sent.length, 'the burst');
  assert.deepEqual(got, sent);
  assert.ok(writes <= 2, `20 packets went out in ${writes} socket writes (one per packet before)`);
});

test('a message to several subscribers is encoded once: every socket gets the same bytes', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const subscribers = await Promise.all([0, 1, 2].map(() => connectClient(t, url)));
  await Promise.all(subscribers.map((c) => c.subscribeAsync('fan/#', { qos: 0 })));
  const ports = new Set(subscribers.map((c) => (c.stream as Socket).localPort));
  // the buffers the broker writes on its side of these connections
  const written: unknown[] = [];
  const proto = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  for (const name of ['_write', '_writev'] as const) {
    const original = proto[name];
    proto[name] = function (this: Socket, ...args: unknown[]) {
      if (ports.has(this.remotePort)) {
        const chunks = name === '_write' ? [args[0]] : (args[0] as Array<{ chunk: unknown }>).map((c) => c.chunk);
        written.push(...chunks);
      }
      return original.apply(this, args);
    };
    t.after(() => { proto[name] = original; });
  }
  const received = subscribers.map((c) => nextMessage(c));
  await broker.publish('fan/out', 'to everyone');
  for (const message of await Promise.all(received)) assert.equal(message.payload.toString(), 'to everyone');
  assert.equal(written.length, 3, 'one buffer per subscriber');
  assert.ok(written.every((chunk) => chunk === written[0]), 'the same buffer each time');
});

test('in-process subscribers get matching retained messages first, with retain set', async (t) => {
  const { broker } = await startTestBroker(t);
  await broker.publish('cfg/mode', 'eco', { retain: true, qos: 1 });
  await broker.publish('$app/hidden', 'no', { retain: true, qos: 1 });
  const received: InProcessMessage[] = [];
  await broker.subscribe('#', (m) => received.push(m));
  assert.deepEqual(received, [{ topic: 'cfg/mode', payload: Buffer.from('eco'), qos: 1, retain: true }]);
});

test('a throwing in-process subscriber is logged and does not stop delivery to others', async (t) => {
  const { broker, entries } = await startTestBroker(t);
  const received: string[] = [];
  await broker.subscribe('x', () => {
    throw new Error('handler bug');
  });
  await broker.subscribe('x', (m) => received.push(m.payload.toString()));
  await broker.publish('x', 'still delivered');
  await until(() => received.length === 1, 'the second subscriber');
  assert.ok(entries.some((e) => e.level === 'error' && e.msg === 'in-process subscriber failed'));
});

test('an in-process subscriber gets nothing once it unsubscribed, though the bus removes it a turn later', async (t) => {
  const { broker } = await startTestBroker(t);
  const received: string[] = [];
  const unsubscribe = await broker.subscribe('lamp/#', (m) => received.push(m.payload.toString()));
  await broker.publish('lamp/1', 'before');
  const unsubscribed = unsubscribe();
  const subscriptions = broker.stats().subscriptions;
  await broker.publish('lamp/1', 'after'); // in the same turn: mqemitter still lists the subscriber
  await unsubscribed;
  assert.deepEqual(received, ['before']);
  assert.equal(broker.stats().subscriptions, subscriptions - 1, 'counted until the bus let it go');
});

test('in-process publish and subscribe reject invalid topics with BROKER_TOPIC_INVALID', async (t) => {
  const { broker } = await startTestBroker(t);
  await assert.rejects(broker.publish('a/#', 'x'), { code: 'BROKER_TOPIC_INVALID' });
  await assert.rejects(broker.publish('', 'x'), { code: 'BROKER_TOPIC_INVALID' });
  await assert.rejects(broker.publish('$SYS/broker/uptime', 'x'), { code: 'BROKER_TOPIC_INVALID' });
  await assert.rejects(broker.subscribe('a/#/b', () => {}), { code: 'BROKER_TOPIC_INVALID' });
  await assert.rejects(broker.subscribe('a+', () => {}), { code: 'BROKER_TOPIC_INVALID' });
});

test('stats count clients, messages, bytes, retained messages and subscriptions', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const start = broker.stats();
  assert.deepEqual(
    { ...start, uptimeSeconds: 0 },
    {
      clientsConnected: 0, messagesReceived: 0, messagesSent: 0, messagesDropped: 0, bytesReceived: 0, bytesSent: 0,
      retainedMessages: 0, subscriptions: 0, uptimeSeconds: 0, clients: [],
    },
  );
  const sub = await connectClient(t, url, { clientId: 'sub-5', protocolVersion: 5 });
  const pub = await connectClient(t, url, { clientId: 'pub-4' });
  await sub.subscribeAsync(['a', 'b'], { qos: 1 });
  await broker.subscribe('a', () => {});
  const got = nextMessage(sub);
  await pub.publishAsync('a', 'one', { qos: 1, retain: true });
  await got;
  await until(() => broker.stats().messagesSent === 2, 'both deliveries');
  const stats = broker.stats();
  assert.equal(stats.clientsConnected, 2);
  assert.equal(stats.messagesReceived, 1);
  assert.equal(stats.messagesSent, 2, 'one to the TCP subscriber, one in-process');
  assert.equal(stats.retainedMessages, 1);
  assert.equal(stats.subscriptions, 3);
  assert.ok(stats.bytesReceived > 0 && stats.bytesSent > 0);
  assert.deepEqual(stats.clients.map(({ clientId, protocolVersion, protocol, transport }) => [clientId, protocolVersion, protocol, transport]), [
    ['sub-5', 5, 'MQTT 5', 'tcp'],
    ['pub-4', 4, 'MQTT 3.1.1', 'tcp'],
  ], 'each client with its protocol version, in the order they connected');
  assert.match(stats.clients[0]!.address ?? '', /127\.0\.0\.1/);

  await pub.endAsync();
  await until(() => broker.stats().clientsConnected === 1, 'the publisher to disconnect');
  await broker.close();
  assert.equal(broker.stats().retainedMessages, 1, 'stats still answer after close');
  assert.equal(broker.stats().clientsConnected, 0);
});

test('$SYS statistics are published periodically, to admins', async (t) => {
  const admin: BrokerAccount = { username: 'root', role: 'admin', password: await hashPassword('root-password') };
  const { url } = await startTestBroker(t, { sysInterval: 50, accounts: accountDirectory([admin]) });
  const client = await connectClient(t, url, { username: 'root', password: 'root-password' });
  await client.subscribeAsync('$SYS/broker/#');
  const connected = await nextMessage(client, '$SYS/broker/clients/connected');
  assert.equal(connected.payload.toString(), '1');
  const uptime = await nextMessage(client, '$SYS/broker/uptime');
  assert.match(uptime.payload.toString(), /^\d+ seconds$/);
});

test('clients cannot publish to $SYS', async (t) => {
  const { url, entries } = await startTestBroker(t);
  const client = await connectClient(t, url);
  const closed = within(new Promise((resolve) => client.once("close", () => resolve(undefined))), 'the broker to drop the client');
  client.publish('$SYS/broker/uptime', 'forged');
  await closed;
  assert.ok(entries.some((e) => e.msg === 'mqtt publish denied' && e.fields.topic === '$SYS/broker/uptime'));
});
