// MQTT 3.1.1 normative statements about CONNECT and CONNACK, checked with raw packets
// over TCP. Each test names its clause; broker-conformance.test.ts has the first ones.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mqttPacket from 'mqtt-packet';
import { connectPacket, rawConnection, startTestBroker, until, type RawConnection } from '../helpers/broker.ts';
import { FLAGS, assertClosedSilently, connectBytes, nextOf, packet, str } from '../helpers/raw-mqtt.ts';
import type { BrokerHandle } from '../../server/broker/broker.ts';

/** Sends `bytes` on a fresh raw connection. */
async function sendRaw(t: TestContext, broker: BrokerHandle, bytes: Buffer): Promise<RawConnection> {
  const raw = await rawConnection(t, broker.ports.tcp);
  raw.socket.write(bytes);
  return raw;
}

/** Connects `clientId` with clean session `clean` and returns the CONNACK's session present flag. */
async function sessionPresent(t: TestContext, broker: BrokerHandle, clientId: string, clean: boolean): Promise<RawConnection & { present: boolean }> {
  const raw = await rawConnection(t, broker.ports.tcp);
  raw.send(connectPacket({ clientId, clean }));
  const connack = await nextOf(raw, 'connack');
  assert.equal(connack.returnCode, 0);
  return Object.assign(raw, { present: connack.sessionPresent === true });
}

async function disconnect(raw: RawConnection): Promise<void> {
  raw.send({ cmd: 'disconnect' });
  await raw.closed();
}

for (const [what, protocol, level] of [
  ['level 2', 'MQTT', 2],
  ['level 6', 'MQTT', 6],
  ['protocol name MQTT with level 3', 'MQTT', 3],
  ['protocol name MQIsdp with level 4', 'MQIsdp', 4],
] as const) {
  test(`[MQTT-3.1.2-2] an unsupported protocol level (${what}) gets CONNACK 0x01 and the connection closed`, async (t) => {
    const { broker } = await startTestBroker(t);
    const raw = await sendRaw(t, broker, connectBytes({ protocol, level }));
    const connack = await nextOf(raw, 'connack');
    assert.equal(connack.returnCode, 1, 'unacceptable protocol version');
    assert.equal(connack.sessionPresent, false, '[MQTT-3.2.2-4]');
    await raw.closed();
  });
}

test('an MQTT 5 CONNECT is accepted with an MQTT 5 CONNACK (reason code 0, properties)', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await sendRaw(t, broker, mqttPacket.generate(connectPacket({ protocolVersion: 5 }), { protocolVersion: 5 }));
  const bytes = await new Promise<Buffer>((resolve) => raw.socket.once('data', resolve));
  const connack = mqttPacket.parser({ protocolVersion: 5 });
  const parsed = new Promise<mqttPacket.Packet>((resolve) => connack.once('packet', resolve));
  connack.parse(bytes);
  const packet = await parsed;
  assert.equal(packet.cmd, 'connack');
  assert.equal((packet as mqttPacket.IConnackPacket).reasonCode, 0);
  assert.equal((packet as mqttPacket.IConnackPacket).properties?.receiveMaximum, 1000, 'the broker\'s Receive Maximum');
});

test('[MQTT-3.1.4-1] a CONNECT with level 5 but the 3.1.1 layout (no properties) is malformed: closed without a CONNACK', async (t) => {
  const { broker } = await startTestBroker(t);
  await assertClosedSilently(await sendRaw(t, broker, connectBytes({ protocol: 'MQTT', level: 5 })));
});

test('MQTT 3.1 clients (protocol name MQIsdp, level 3) are still accepted', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await sendRaw(t, broker, connectBytes({ protocol: 'MQIsdp', level: 3 }));
  assert.equal((await nextOf(raw, 'connack')).returnCode, 0);
});

test('[MQTT-3.1.2-13] [MQTT-3.1.2-15] will QoS or will retain without the will flag closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  await assertClosedSilently(await sendRaw(t, broker, connectBytes({ flags: FLAGS.clean | FLAGS.willQos1 })));
  await assertClosedSilently(await sendRaw(t, broker, connectBytes({ flags: FLAGS.clean | FLAGS.willRetain })));
});

test('[MQTT-3.1.2-14] will QoS 3 closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  const flags = FLAGS.clean | FLAGS.will | FLAGS.willQos1 | FLAGS.willQos2;
  await assertClosedSilently(await sendRaw(t, broker, connectBytes({ flags, payload: [str('wills/x'), str('gone')] })));
});

test('[MQTT-3.1.2-22] a password without a user name closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  const flags = FLAGS.clean | FLAGS.password;
  await assertClosedSilently(await sendRaw(t, broker, connectBytes({ flags, payload: [str('secret')] })));
});

test('[MQTT-4.7.1-1] [MQTT-4.7.3-1] a will topic with a wildcard, or an empty one, closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  const flags = FLAGS.clean | FLAGS.will;
  for (const topic of ['wills/#', 'wills/+/x', '']) {
    await assertClosedSilently(await sendRaw(t, broker, connectBytes({ flags, payload: [str(topic), str('gone')] })));
  }
});

test('[MQTT-1.5.3-2] a client id containing U+0000 closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  await assertClosedSilently(await sendRaw(t, broker, connectBytes({ clientId: 'a\u0000b' })));
});

test('[MQTT-1.5.3-1] a client id that is not well-formed UTF-8 closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  // a lone continuation byte, an overlong '/', an encoded surrogate (U+D800)
  for (const bytes of [[0x61, 0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
    await assertClosedSilently(await sendRaw(t, broker, connectBytes({ clientId: Buffer.from(bytes) })));
  }
  const ok = await sendRaw(t, broker, connectBytes({ clientId: 'grüße-✓' }));
  assert.equal((await nextOf(ok, 'connack')).returnCode, 0, 'well-formed non-ASCII ids are fine');
});

test('[MQTT-3.1.2-1] a CONNECT with an unknown protocol name closes the connection', async (t) => {
  const { broker } = await startTestBroker(t);
  await assertClosedSilently(await sendRaw(t, broker, connectBytes({ protocol: 'MQTX' })));
});

test('[MQTT-3.2.2-2] a persistent session without subscriptions is present on reconnect', async (t) => {
  const { broker } = await startTestBroker(t);
  const first = await sessionPresent(t, broker, 'quiet', false);
  assert.equal(first.present, false, '[MQTT-3.2.2-3] no session yet');
  await disconnect(first);
  const second = await sessionPresent(t, broker, 'quiet', false);
  assert.equal(second.present, true);
  // subscribing and unsubscribing again leaves an empty session, still a session
  second.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 1 }] });
  assert.equal((await second.next()).cmd, 'suback');
  second.send({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['a'] });
  assert.equal((await second.next()).cmd, 'unsuback');
  await disconnect(second);
  const third = await sessionPresent(t, broker, 'quiet', false);
  assert.equal(third.present, true);
  await disconnect(third);
  // [MQTT-3.2.2-1] clean session 1: session present 0, and the old session is gone
  const clean = await sessionPresent(t, broker, 'quiet', true);
  assert.equal(clean.present, false);
  await disconnect(clean);
  const after = await sessionPresent(t, broker, 'quiet', false);
  assert.equal(after.present, false, '[MQTT-3.1.2-6] the clean session discarded it');
});

test('[MQTT-3.2.2-2] an empty persistent session is still present after a broker restart', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-broker-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startTestBroker(t, { dataDir });
  await disconnect(await sessionPresent(t, first.broker, 'quiet', false));
  await first.broker.close();
  const second = await startTestBroker(t, { dataDir });
  assert.equal((await sessionPresent(t, second.broker, 'quiet', false)).present, true);
});

test('[MQTT-3.1.4-5] packets after a refused CONNECT are not processed', async (t) => {
  const { broker } = await startTestBroker(t, { anonymous: 'none' });
  const publish = mqttPacket.generate({ cmd: 'publish', topic: 'sneaky', payload: Buffer.from('x'), qos: 0, retain: true, dup: false });
  const raw = await sendRaw(t, broker, Buffer.concat([mqttPacket.generate(connectPacket()), publish]));
  const connack = await nextOf(raw, 'connack');
  assert.equal(connack.returnCode, 5);
  assert.equal(connack.sessionPresent, false, '[MQTT-3.2.2-4]');
  await raw.closed(); // [MQTT-3.2.2-5]
  assert.equal(broker.stats().retainedMessages, 0);
});

test('[MQTT-3.1.3-5] a 23-character alphanumeric client id is accepted', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await sendRaw(t, broker, connectBytes({ clientId: 'abcdefghijklmnopqrstuvW' }));
  assert.equal((await nextOf(raw, 'connack')).returnCode, 0);
});

test('[MQTT-3.1.0-1] a first packet other than CONNECT is not answered, even a well-formed SUBSCRIBE', async (t) => {
  const { broker } = await startTestBroker(t);
  await assertClosedSilently(await sendRaw(t, broker, packet(0x82, Buffer.from([0, 1]), str('a'), Buffer.from([0]))));
});

test('[MQTT-3.1.2-24] keep alive: a client is kept for 1.5 periods after its last packet, then dropped', async (t) => {
  const { broker } = await startTestBroker(t);
  const raw = await sendRaw(t, broker, mqttPacket.generate(connectPacket({ keepalive: 1 })));
  assert.equal((await nextOf(raw, 'connack')).returnCode, 0);
  await new Promise((resolve) => setTimeout(resolve, 1200)); // past one period, within 1.5
  raw.send({ cmd: 'pingreq' });
  await nextOf(raw, 'pingresp');
  const pinged = Date.now();
  await raw.closed();
  const silent = Date.now() - pinged;
  assert.ok(silent >= 1400, `dropped after ${silent} ms, before 1.5 keep-alive periods`);
});

test('[MQTT-3.1.2-8] a connection the server closes for a protocol violation publishes the will', async (t) => {
  const { broker } = await startTestBroker(t);
  const received: string[] = [];
  await broker.subscribe('wills/#', (m) => received.push(m.topic));
  const raw = await rawConnection(t, broker.ports.tcp);
  raw.send(connectPacket({ clientId: 'breaks-rules', will: { topic: 'wills/breaks-rules', payload: Buffer.from('gone'), qos: 0, retain: false } }));
  assert.equal((await nextOf(raw, 'connack')).returnCode, 0);
  raw.socket.write(packet(0x82, Buffer.from([0, 0]), str('a'), Buffer.from([0]))); // packet identifier 0
  await raw.closed();
  await until(() => received.length === 1, 'the will');
  assert.deepEqual(received, ['wills/breaks-rules']);
});
