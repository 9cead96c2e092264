// MQTT 3.1.1 normative statements checked with raw packets over TCP, and the broker
// surviving malformed input and abrupt disconnects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import * as mqttPacket from 'mqtt-packet';
import {
  connectClient,
  connectPacket,
  nextMessage,
  rawConnection,
  startTestBroker,
  until,
  within,
} from '../helpers/broker.ts';
import type { BrokerHandle } from '../../server/broker/broker.ts';
import type { TestContext } from 'node:test';

test('[MQTT-3.1.3-8] empty client id with clean session false is refused', async (t) => {
  const { broker, entries } = await startTestBroker(t);
  const raw = await rawConnection(t, broker.ports.tcp);
  // written by hand: mqtt-packet refuses to generate this invalid CONNECT
  raw.socket.write(Buffer.from([
    0x10, 12, // CONNECT, remaining length
    0, 4, 0x4d, 0x51, 0x54, 0x54, 4, // protocol name "MQTT", level 4
    0x00, // connect flags: clean session 0, no will, no credentials
    0, 0, // keep alive
    0, 0, // client id: zero length
  ]));
  const connack = await raw.next();
  assert.equal(connack.cmd, 'connack');
  assert.equal(connack.returnCode, 2, 'identifier rejected');
  await raw.closed(); // [MQTT-3.1.3-9] and the connection is closed
  assert.ok(entries.some((e) => e.msg === 'mqtt connect denied' && e.fields.returnCode === 2));
});

test('[MQTT-3.1.3-6] empty client id with clean session true is accepted', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await rawConnection(t, broker.ports.tcp);
  raw.send(connectPacket({ clientId: '', clean: true }));
  const connack = await raw.next();
  assert.equal(connack.cmd, 'connack');
  assert.equal(connack.returnCode, 0);
});

test('[MQTT-3.1.0-1] a first packet other than CONNECT closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await rawConnection(t, broker.ports.tcp);
  raw.send({ cmd: 'pingreq' });
  await raw.closed();
});

test('[MQTT-3.1.0-2] a second CONNECT closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await rawConnection(t, broker.ports.tcp);
  raw.send(connectPacket());
  assert.equal((await raw.next()).cmd, 'connack');
  raw.send(connectPacket());
  await raw.closed();
});

test('[MQTT-3.1.2-1] a CONNECT with a wrong protocol name closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await rawConnection(t, broker.ports.tcp);
  const connect = mqttPacket.generate(connectPacket());
  connect.write('MQTX', 4); // the protocol name starts after the fixed header and its length
  raw.socket.write(connect);
  await raw.closed();
});

test('[MQTT-3.1.2-3] a CONNECT with the reserved flag set closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await rawConnection(t, broker.ports.tcp);
  const connect = mqttPacket.generate(connectPacket());
  connect[9] |= 0x01; // connect flags byte: fixed header (2) + protocol name (6) + level (1)
  raw.socket.write(connect);
  await raw.closed();
});

test('[MQTT-3.1.4-2] a second client with the same id takes over the session', async (t) => {
  const { broker } = await startTestBroker(t);
  const first = await rawConnection(t, broker.ports.tcp);
  first.send(connectPacket({ clientId: 'same' }));
  assert.equal((await first.next()).cmd, 'connack');
  const second = await rawConnection(t, broker.ports.tcp);
  second.send(connectPacket({ clientId: 'same' }));
  assert.equal((await second.next()).cmd, 'connack');
  await first.closed();
});

test('[MQTT-3.12.4-1] PINGREQ is answered with PINGRESP', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await rawConnection(t, broker.ports.tcp);
  raw.send(connectPacket());
  assert.equal((await raw.next()).cmd, 'connack');
  raw.send({ cmd: 'pingreq' });
  assert.equal((await raw.next()).cmd, 'pingresp');
});

test('[MQTT-3.1.2-24] a client silent for 1.5 keep-alive periods is disconnected', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await rawConnection(t, broker.ports.tcp);
  raw.send(connectPacket({ keepalive: 1 }));
  assert.equal((await raw.next()).cmd, 'connack');
  await raw.closed();
});

test('[MQTT-3.14.4-3] DISCONNECT discards the will; a dropped connection publishes it', async (t) => {
  const { broker, url } = await startTestBroker(t);
  const watcher = await connectClient(t, url);
  await watcher.subscribeAsync('wills/#');
  const will = { topic: 'wills/a', payload: Buffer.from('gone'), qos: 0 as const, retain: false };

  const polite = await rawConnection(t, broker.ports.tcp);
  polite.send(connectPacket({ clientId: 'polite', will: { ...will, topic: 'wills/polite' } }));
  assert.equal((await polite.next()).cmd, 'connack');
  polite.send({ cmd: 'disconnect' });
  await polite.closed();

  const rude = await rawConnection(t, broker.ports.tcp);
  rude.send(connectPacket({ clientId: 'rude', will: { ...will, topic: 'wills/rude' } }));
  assert.equal((await rude.next()).cmd, 'connack');
  const got = nextMessage(watcher);
  rude.socket.destroy();
  assert.equal((await got).topic, 'wills/rude', 'only the dropped client left a will');
});

test('[MQTT-4.7.2-1] filters starting with a wildcard do not match $ topics', async (t) => {
  const { url } = await startTestBroker(t);
  const sub = await connectClient(t, url);
  const pub = await connectClient(t, url);
  await pub.publishAsync('$app/state', 'hidden', { retain: true, qos: 1 });
  await pub.publishAsync('app/state', 'seen', { retain: true, qos: 1 });
  const got = nextMessage(sub);
  await sub.subscribeAsync('#');
  assert.equal((await got).topic, 'app/state');
  const live = nextMessage(sub);
  await pub.publishAsync('$app/live', 'hidden', { qos: 1 });
  await pub.publishAsync('app/live', 'seen', { qos: 1 });
  assert.equal((await live).topic, 'app/live');
});

/** Asserts that a normal client can still publish and subscribe. */
async function assertBrokerWorks(t: TestContext, broker: BrokerHandle): Promise<void> {
  const client = await connectClient(t, `mqtt://127.0.0.1:${broker.ports.tcp}`);
  await client.subscribeAsync('alive', { qos: 1 });
  const got = nextMessage(client, 'alive');
  await client.publishAsync('alive', 'yes', { qos: 1 });
  assert.equal((await got).payload.toString(), 'yes');
}

/** Opens a socket, writes `bytes`, and either waits for the broker to close it or destroys it. */
async function writeRaw(broker: BrokerHandle, bytes: Buffer, then: 'await-close' | 'destroy'): Promise<void> {
  const socket = netConnect(broker.ports.tcp, '127.0.0.1');
  socket.on('error', () => {
    // a reset from the broker is one of the acceptable outcomes here
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await within(new Promise((resolve) => socket.once('connect', resolve)), 'TCP connect');
  socket.write(bytes);
  if (then === 'destroy') socket.destroy();
  await within(closed, 'the connection to close');
}

test('malformed packets and abrupt disconnects do not take the broker down', async (t) => {
  const { broker, entries } = await startTestBroker(t);
  const connect = mqttPacket.generate(connectPacket({ clientId: 'abrupt' }));
  const publish = mqttPacket.generate({
    cmd: 'publish', topic: 'big', payload: Buffer.alloc(64 * 1024, 1), qos: 1, messageId: 1, retain: false, dup: false,
  });
  const garbage = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n\u0000\u00ff\u00fe random bytes');
  // a remaining length whose continuation bit never stops ([MQTT-2.2.3]: at most 4 bytes)
  const badLength = Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0xff]);

  await writeRaw(broker, garbage, 'await-close');
  await writeRaw(broker, badLength, 'await-close');
  await writeRaw(broker, connect.subarray(0, 7), 'destroy'); // half a CONNECT
  await writeRaw(broker, Buffer.concat([connect, publish.subarray(0, 1000)]), 'destroy'); // mid-PUBLISH
  await writeRaw(broker, Buffer.concat([connect, publish, publish]), 'destroy'); // a duplicate, then gone

  await assertBrokerWorks(t, broker);
  await until(() => broker.stats().clientsConnected === 1, 'the abrupt clients to be gone');
  assert.ok(!entries.some((e) => e.level === 'error'), 'nothing logged as an error');
});

test('a client that connects but never sends CONNECT does not keep the broker from closing', async (t) => {
  const { broker } = await startTestBroker(t);
  const socket = netConnect(broker.ports.tcp, '127.0.0.1');
  t.after(() => socket.destroy());
  socket.on('error', () => {
    // reset by the broker closing: expected
  });
  await within(new Promise((resolve) => socket.once('connect', resolve)), 'TCP connect');
  await within(broker.close(), 'the broker to close');
});

test('[MQTT-3.8.4-6] a wildcard subscription granted QoS 1 receives QoS 2 messages at QoS 1', async (t) => {
  const { url } = await startTestBroker(t);
  const subscriber = await connectClient(t, url);
  await subscriber.subscribeAsync('plant/#', { qos: 1 });
  const publisher = await connectClient(t, url);
  const received = nextMessage(subscriber, 'plant/pump');
  await publisher.publishAsync('plant/pump', 'on', { qos: 2 });
  assert.equal((await within(received, 'the message')).packet.qos, 1);
});

test('publishes of mixed QoS on the same tick all arrive, each QoS in order (in-process and from a client)', async (t) => {
  const { broker, url } = await startTestBroker(t);
  const subscriber = await connectClient(t, url);
  await subscriber.subscribeAsync('mix/#', { qos: 1 });
  const got: string[] = [];
  const all = new Promise<void>((resolve) => subscriber.on('message', (_topic, payload) => {
    got.push(payload.toString());
    if (got.length === 200) resolve();
  }));
  const publisher = await connectClient(t, url);
  await Promise.all(Array.from({ length: 200 }, (_, i) => (i < 100
    ? broker.publish('mix/n', String(i), { qos: (i % 2) as 0 | 1 })
    : publisher.publishAsync('mix/n', String(i), { qos: (i % 2) as 0 | 1 }))));
  await within(all, '200 messages');
  const received = got.map(Number);
  for (const [source, parity] of [[0, 0], [0, 1], [100, 0], [100, 1]]) {
    const expected = Array.from({ length: 200 }, (_, i) => i).filter((i) => i >= source! && i < source! + 100 && i % 2 === parity);
    assert.deepEqual(received.filter((i) => i >= source! && i < source! + 100 && i % 2 === parity), expected);
  }
});
