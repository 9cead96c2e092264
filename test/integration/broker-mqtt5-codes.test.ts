// MQTT 5 reason codes and Reason Strings from the built-in broker (CONNACK, PUBACK/PUBREC,
// SUBACK, UNSUBACK, DISCONNECT), the payload format check, and PUBLISH properties passed on
// unaltered — with mqtt.js 5 and raw packets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IClientOptions } from 'mqtt';
import * as mqttPacket from 'mqtt-packet';
import { hashPassword } from '../../server/broker/broker.ts';
import { connectClient, nextMessage, rawConnect5, startTestBroker, within } from '../helpers/broker.ts';
import { nextOf } from '../helpers/raw-mqtt.ts';

const v5 = (clientId: string, opts: IClientOptions = {}): IClientOptions => ({ clientId, protocolVersion: 5, ...opts });
const notUtf8 = Buffer.from([0xc3, 0x28]);

async function brokerWithAcl(t: Parameters<typeof startTestBroker>[0]) {
  const users = [{ username: 'sensor', password: await hashPassword('pw'), acl: { publish: ['sensors/#'], subscribe: ['sensors/#', 'cmd/#'] } }];
  return startTestBroker(t, { users, anonymous: 'none' });
}

test('CONNACK reason codes with Reason Strings: bad credentials 0x86, not authorized 0x87', async (t) => {
  const { broker } = await brokerWithAcl(t);
  const bad = await rawConnect5(t, broker.ports.tcp, { clientId: 'c', username: 'sensor', password: Buffer.from('wrong') });
  assert.equal(bad.connack.reasonCode, 0x86);
  assert.equal(bad.connack.properties?.reasonString, 'Bad MQTT user name or password');
  assert.equal(bad.connack.sessionPresent, false, '[MQTT-3.2.2-6]');
  await bad.raw.closed(); // [MQTT-3.2.2-7]
  const anonymous = await rawConnect5(t, broker.ports.tcp, { clientId: 'anon' });
  assert.equal(anonymous.connack.reasonCode, 0x87);
  const will = await rawConnect5(t, broker.ports.tcp, {
    clientId: 'w', username: 'sensor', password: Buffer.from('pw'), will: { topic: 'alarm/all', payload: Buffer.from('x'), qos: 0, retain: false },
  });
  assert.equal(will.connack.reasonCode, 0x87);
  assert.match(will.connack.properties?.reasonString ?? '', /will topic alarm\/all not allowed/);
});

test('PUBACK/PUBREC 0x87 for a publish the ACL denies; the MQTT 5 connection stays up', async (t) => {
  const { url } = await brokerWithAcl(t);
  const client = await connectClient(t, url, v5('s1', { username: 'sensor', password: 'pw' }));
  await assert.rejects(client.publishAsync('cmd/door', 'open', { qos: 1 }), (err: Error & { code?: number }) => err.code === 0x87);
  await assert.rejects(client.publishAsync('cmd/door', 'open', { qos: 2 }), (err: Error & { code?: number }) => err.code === 0x87);
  assert.equal(client.connected, true, 'MQTT 5 says why instead of closing (3.1.1 has to close)');
  await client.publishAsync('sensors/door', 'closed', { qos: 1 });
});

test('SUBACK 0x87 per denied filter, with a Reason String unless Request Problem Information is 0 [MQTT-3.1.2-29]', async (t) => {
  const { broker } = await brokerWithAcl(t);
  const creds = { username: 'sensor', password: Buffer.from('pw') };
  const { raw } = await rawConnect5(t, broker.ports.tcp, { clientId: 's2', ...creds });
  raw.send({ cmd: 'subscribe', messageId: 5, subscriptions: [{ topic: 'sensors/#', qos: 1 }, { topic: 'secret/#', qos: 1 }] });
  const suback = await nextOf(raw, 'suback');
  assert.deepEqual(suback.granted, [1, 0x87]);
  assert.equal(suback.properties?.reasonString, 'Not authorized: secret/#');
  const quiet = await rawConnect5(t, broker.ports.tcp, { clientId: 's3', ...creds, properties: { requestProblemInformation: false } });
  quiet.raw.send({ cmd: 'subscribe', messageId: 6, subscriptions: [{ topic: 'secret/#', qos: 0 }] });
  const plain = await nextOf(quiet.raw, 'suback');
  assert.deepEqual(plain.granted, [0x87]);
  assert.equal(plain.properties?.reasonString, undefined);
});

test('UNSUBACK: 0x00 for a subscription that existed, 0x11 for one that did not', async (t) => {
  const { broker } = await startTestBroker(t);
  const { raw } = await rawConnect5(t, broker.ports.tcp, { clientId: 'u' });
  raw.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 0 }] });
  await nextOf(raw, 'suback');
  raw.send({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['a', 'b'] });
  const unsuback = await nextOf(raw, 'unsuback');
  assert.deepEqual(unsuback.granted, [0x00, 0x11]);
  assert.equal(unsuback.properties?.reasonString, 'No subscription existed');
});

test('server DISCONNECT with a reason: 0x8E when the session is taken over, 0x8B when the broker shuts down', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const first = await connectClient(t, url, v5('twin'));
  const takenOver = new Promise<{ reasonCode?: number; properties?: { reasonString?: string } }>((resolve) => first.once('disconnect', resolve));
  await connectClient(t, url, v5('twin'));
  const packet = await within(takenOver, 'DISCONNECT 0x8E');
  assert.equal(packet.reasonCode, 0x8e, '[MQTT-3.1.4-3] Session taken over');
  assert.equal(packet.properties?.reasonString, 'Session taken over');
  const other = await connectClient(t, url, v5('other'));
  await other.subscribeAsync('x'); // a round trip: aedes counts a client as connected once its queue was sent
  const shutdown = new Promise<number | undefined>((resolve) => other.once('disconnect', (p) => resolve(p.reasonCode)));
  await broker.close();
  assert.equal(await within(shutdown, 'DISCONNECT 0x8B'), 0x8b, 'Server shutting down');
});

test('payload format indicator 1 with a payload that is not UTF-8: PUBACK 0x99, DISCONNECT 0x99 for QoS 0, CONNACK 0x99 for a will', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const watcher = await connectClient(t, url, v5('watcher'));
  await watcher.subscribeAsync('text/#');
  const { raw } = await rawConnect5(t, broker.ports.tcp, { clientId: 'p' });
  raw.send({ cmd: 'publish', topic: 'text/bad', payload: notUtf8, qos: 1, messageId: 9, retain: false, dup: false, properties: { payloadFormatIndicator: true } });
  const puback = await nextOf(raw, 'puback');
  assert.deepEqual([puback.messageId, puback.reasonCode], [9, 0x99]);
  const good = nextMessage(watcher, 'text/good');
  raw.send({ cmd: 'publish', topic: 'text/good', payload: Buffer.from('héllo'), qos: 0, retain: false, dup: false, properties: { payloadFormatIndicator: true } });
  const delivered = await good;
  assert.equal(delivered.packet.properties?.payloadFormatIndicator, true, '[MQTT-3.3.2-4] passed on unaltered');
  raw.send({ cmd: 'publish', topic: 'text/bad', payload: notUtf8, qos: 0, retain: false, dup: false, properties: { payloadFormatIndicator: true } });
  assert.equal((await nextOf(raw, 'disconnect')).reasonCode, 0x99);

  const will = await rawConnect5(t, broker.ports.tcp, {
    clientId: 'w', will: { topic: 'text/will', payload: notUtf8, qos: 0, retain: false, properties: { payloadFormatIndicator: true } },
  });
  assert.equal(will.connack.reasonCode, 0x99);
});

test('[MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.3.2-20] PUBLISH properties reach MQTT 5 subscribers unaltered; 3.1.1 ones get the plain message', async (t) => {
  const { url } = await startTestBroker(t);
  const v5sub = await connectClient(t, url, v5('v5sub'));
  const v4sub = await connectClient(t, url, { clientId: 'v4sub' });
  await v5sub.subscribeAsync('rr/#', { qos: 1 });
  await v4sub.subscribeAsync('rr/#', { qos: 1 });
  const pub = await connectClient(t, url, v5('pub'));
  const properties = {
    contentType: 'application/cbor', responseTopic: 'rr/reply', correlationData: Buffer.from([0, 1, 2, 255]),
    userProperties: { z: 'last', a: ['one', 'two'], m: 'mid' }, payloadFormatIndicator: false,
  };
  const at5 = nextMessage(v5sub, 'rr/req');
  const at4 = nextMessage(v4sub, 'rr/req');
  await pub.publishAsync('rr/req', Buffer.from([0xa1]), { qos: 1, properties });
  const got = (await at5).packet.properties!;
  assert.equal(got.contentType, 'application/cbor');
  assert.equal(got.responseTopic, 'rr/reply');
  assert.deepEqual(got.correlationData, Buffer.from([0, 1, 2, 255]));
  assert.deepEqual(Object.entries({ ...got.userProperties }), [['z', 'last'], ['a', ['one', 'two']], ['m', 'mid']], 'same pairs, same order');
  const plain = await at4;
  assert.deepEqual(plain.payload, Buffer.from([0xa1]));
  assert.equal(plain.packet.properties, undefined);
  // and the other way: a 3.1.1 publisher's message reaches the MQTT 5 subscriber
  const fromV4 = nextMessage(v5sub, 'rr/plain');
  await v4sub.publishAsync('rr/plain', 'hi', { qos: 1 });
  assert.equal((await fromV4).payload.toString(), 'hi');
});

test('[MQTT-4.6.0-2] a PUBACK 0x99 (payload format invalid) goes out in PUBLISH order, behind the PUBACK of a message still being stored', async (t) => {
  const { broker } = await startTestBroker(t, { sysInterval: 0 });
  const { raw } = await rawConnect5(t, broker.ports.tcp, { clientId: 'ordered' });
  const publish = (messageId: number, payload: Buffer, retain: boolean) => mqttPacket.generate(
    { cmd: 'publish', topic: 'text/order', payload, qos: 1, messageId, retain, dup: false, properties: { payloadFormatIndicator: true } },
    { protocolVersion: 5 },
  );
  // one write; A is retained, so its PUBACK waits for the store
  raw.socket.write(Buffer.concat([publish(1, Buffer.from('A'), true), publish(2, notUtf8, false), publish(3, Buffer.from('C'), false)]));
  const acks = [await nextOf(raw, 'puback'), await nextOf(raw, 'puback'), await nextOf(raw, 'puback')];
  assert.deepEqual(acks.map((a) => [a.messageId, a.reasonCode ?? 0]), [[1, 0], [2, 0x99], [3, 0]]);
});
