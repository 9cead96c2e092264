// MQTT 5 delivery on the built-in broker, with mqtt.js 5 and raw packets: topic aliases both
// ways, Maximum Packet Size both ways, Receive Maximum both ways, subscription identifiers,
// subscription options, shared subscriptions and Server Keep Alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IClientOptions, IPublishPacket } from 'mqtt';
import { connectClient, nextMessage, rawConnect5, startTestBroker, until, within, type RawConnection } from '../helpers/broker.ts';
import { nextOf } from '../helpers/raw-mqtt.ts';

const v5 = (clientId: string, opts: IClientOptions = {}): IClientOptions => ({ clientId, protocolVersion: 5, ...opts });

/** The next PUBLISH on `raw`, answered with PUBACK when `ack` (QoS 1). */
async function publishOn(raw: RawConnection, ack = true): Promise<IPublishPacket> {
  const got = await nextOf(raw, 'publish');
  if (ack && got.qos === 1) raw.send({ cmd: 'puback', messageId: got.messageId! });
  return got;
}

test('[MQTT-3.3.2-8] [MQTT-3.3.2-12] topic aliases from the client: up to the advertised maximum, 0 and unknown ones refused', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const { raw, connack } = await rawConnect5(t, broker.ports.tcp, { clientId: 'aliaser' });
  assert.equal(connack.properties?.topicAliasMaximum, 10, '[MQTT-3.2.2-17] the Topic Alias Maximum is advertised');
  const sub = await connectClient(t, url, v5('sub'));
  await sub.subscribeAsync('dev/#');
  const first = nextMessage(sub);
  raw.send({ cmd: 'publish', topic: 'dev/temp', payload: '20', qos: 0, retain: false, dup: false, properties: { topicAlias: 3 } });
  assert.equal((await first).topic, 'dev/temp');
  const second = nextMessage(sub);
  raw.send({ cmd: 'publish', topic: '', payload: '21', qos: 0, retain: false, dup: false, properties: { topicAlias: 3 } });
  const got = await second;
  assert.deepEqual([got.topic, got.payload.toString()], ['dev/temp', '21'], 'the alias stands for the topic');

  for (const [alias, topic, code] of [[0, 'dev/x', 0x94], [11, 'dev/x', 0x94], [4, '', 0x82]] as const) {
    const { raw: bad } = await rawConnect5(t, broker.ports.tcp, { clientId: `bad-${alias}` });
    bad.send({ cmd: 'publish', topic, payload: 'x', qos: 0, retain: false, dup: false, properties: { topicAlias: alias } });
    const disconnect = await nextOf(bad, 'disconnect');
    assert.equal(disconnect.reasonCode, code, `alias ${alias} with topic "${topic}"`);
    assert.ok(disconnect.properties?.reasonString, 'with a Reason String');
    await bad.closed();
  }
});

test('[MQTT-3.1.2-26] [MQTT-3.3.2-11] topic aliases to the client: within its Topic Alias Maximum, full topics beyond', async (t) => {
  const { url, broker } = await startTestBroker(t);
  const { raw } = await rawConnect5(t, broker.ports.tcp, { clientId: 'aliased', properties: { topicAliasMaximum: 2 } });
  raw.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/#', qos: 0 }] });
  await nextOf(raw, 'suback');
  const pub = await connectClient(t, url, v5('pub'));
  for (const topic of ['a/1', 'a/1', 'a/2', 'a/3', 'a/2']) await pub.publishAsync(topic, topic, { qos: 1 });
  const seen: Array<[string, number | undefined, string]> = [];
  for (let i = 0; i < 5; i++) {
    const p = await publishOn(raw);
    seen.push([p.topic, p.properties?.topicAlias, p.payload.toString()]);
  }
  assert.deepEqual(seen, [
    ['a/1', 1, 'a/1'], // sets up alias 1
    ['', 1, 'a/1'], // uses it
    ['a/2', 2, 'a/2'],
    ['a/3', undefined, 'a/3'], // both aliases taken
    ['', 2, 'a/2'],
  ]);
  // mqtt.js resolves them itself
  const client = await connectClient(t, url, v5('aliased-js', { properties: { topicAliasMaximum: 5 } }));
  await client.subscribeAsync('b/#');
  const msgs: string[] = [];
  client.on('message', (topic) => msgs.push(topic));
  for (let i = 0; i < 3; i++) await pub.publishAsync('b/x', String(i));
  await until(() => msgs.length === 3, 'three messages');
  assert.deepEqual(msgs, ['b/x', 'b/x', 'b/x']);
});

test('[MQTT-3.1.2-24] [MQTT-3.1.2-25] Maximum Packet Size: larger messages are not sent to a client that set one; a broker limit refuses larger packets with 0x95', async (t) => {
  const { url, broker } = await startTestBroker(t, { maxPacketSize: 1024 });
  const { raw, connack } = await rawConnect5(t, broker.ports.tcp, { clientId: 'small', properties: { maximumPacketSize: 100 } });
  assert.equal(connack.properties?.maximumPacketSize, 1024, 'the broker limit is advertised');
  raw.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'big/#', qos: 1 }] });
  await nextOf(raw, 'suback');
  const pub = await connectClient(t, url, v5('pub'));
  await pub.publishAsync('big/1', 'x'.repeat(20), { qos: 1 });
  await pub.publishAsync('big/2', 'x'.repeat(200), { qos: 1 });
  await pub.publishAsync('big/3', 'x'.repeat(30), { qos: 1 });
  assert.deepEqual([(await publishOn(raw)).topic, (await publishOn(raw)).topic], ['big/1', 'big/3'], 'big/2 was too large for the client');

  const chatty = await connectClient(t, url, v5('chatty'));
  const disconnected = new Promise<number | undefined>((resolve) => chatty.once('disconnect', (p) => resolve(p.reasonCode)));
  chatty.publish('big/too', Buffer.alloc(2000));
  assert.equal(await within(disconnected, 'DISCONNECT'), 0x95, 'Packet too large');
});

test('[MQTT-3.3.4-9] the broker sends at most the client\'s Receive Maximum unacknowledged; [MQTT-3.3.4-7] more from a client gets 0x93', async (t) => {
  const { url, broker } = await startTestBroker(t, { receiveMaximum: 3 });
  const { raw } = await rawConnect5(t, broker.ports.tcp, { clientId: 'slow', properties: { receiveMaximum: 2 } });
  raw.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'work', qos: 1 }] });
  await nextOf(raw, 'suback');
  const pub = await connectClient(t, url, v5('pub'));
  for (let i = 1; i <= 3; i++) await pub.publishAsync('work', String(i), { qos: 1 });
  const one = await publishOn(raw, false);
  const two = await publishOn(raw, false);
  await assert.rejects(raw.next(300), /timed out/, 'the third waits for an acknowledgement');
  raw.send({ cmd: 'puback', messageId: one.messageId! });
  const three = await publishOn(raw, false);
  assert.deepEqual([one, two, three].map((p) => p.payload.toString()), ['1', '2', '3']);

  const { raw: eager, connack } = await rawConnect5(t, broker.ports.tcp, { clientId: 'eager' });
  assert.equal(connack.properties?.receiveMaximum, 3, 'the broker\'s Receive Maximum is advertised');
  for (let id = 1; id <= 4; id++) eager.send({ cmd: 'publish', topic: 'work', payload: 'x', qos: 2, messageId: id, retain: false, dup: false });
  let packet = await eager.next();
  while (packet.cmd === 'pubrec') packet = await eager.next(); // no PUBREL: all four stay in flight
  assert.equal(packet.cmd, 'disconnect');
  assert.equal((packet as { reasonCode?: number }).reasonCode, 0x93, 'Receive Maximum exceeded');
});

test('[MQTT-3.3.4-3] [MQTT-3.3.4-4] subscription identifiers: the copy sent carries those of every matching subscription', async (t) => {
  const { url } = await startTestBroker(t);
  const pub = await connectClient(t, url, v5('pub'));
  await pub.publishAsync('home/hall/temp', '21', { qos: 1, retain: true });
  const client = await connectClient(t, url, v5('ids'));
  const retained = nextMessage(client, 'home/hall/temp');
  await client.subscribeAsync('home/#', { qos: 1, properties: { subscriptionIdentifier: 7 } });
  assert.equal((await retained).packet.properties?.subscriptionIdentifier, 7, 'a retained message answers the new subscription');
  await client.subscribeAsync('home/+/temp', { qos: 1, rh: 2, properties: { subscriptionIdentifier: 9 } });
  await client.subscribeAsync('home/hall/+', { qos: 1, rh: 2 }); // no identifier
  const live = nextMessage(client, 'home/hall/temp');
  await pub.publishAsync('home/hall/temp', '22', { qos: 1 });
  const ids = (await live).packet.properties?.subscriptionIdentifier;
  assert.deepEqual([ids].flat().sort(), [7, 9], 'one copy with both identifiers');
  const single = nextMessage(client, 'home/kitchen/light');
  await pub.publishAsync('home/kitchen/light', 'on', { qos: 1 });
  assert.equal((await single).packet.properties?.subscriptionIdentifier, 7);
});

test('[MQTT-3.8.3-3] no local, retain as published and retain handling 0, 1 and 2', async (t) => {
  const { url } = await startTestBroker(t);
  const me = await connectClient(t, url, v5('me'));
  const other = await connectClient(t, url, v5('other'));
  await me.subscribeAsync('chat', { qos: 1, nl: true });
  const got: string[] = [];
  me.on('message', (_topic, payload) => got.push(payload.toString()));
  await me.publishAsync('chat', 'mine', { qos: 1 });
  await other.publishAsync('chat', 'theirs', { qos: 1 });
  await until(() => got.length === 1, 'the other client\'s message');
  await sleep(50);
  assert.deepEqual(got, ['theirs'], 'no local: not its own message');

  const rap = await connectClient(t, url, v5('rap'));
  await rap.subscribeAsync('state/#', { qos: 1, rap: true });
  const kept = nextMessage(rap, 'state/a');
  await other.publishAsync('state/a', 'on', { qos: 1, retain: true });
  assert.equal((await kept).packet.retain, true, 'retain as published keeps the flag on live delivery');

  const handling = async (rh: 0 | 1 | 2, expected: number[]) => {
    const c = await connectClient(t, url, v5(`rh${rh}`));
    let retained = 0;
    c.on('message', (_t, _p, packet) => { if (packet.retain) retained++; });
    const counts: number[] = [];
    for (let i = 0; i < 2; i++) {
      await c.subscribeAsync('state/#', { qos: 1, rh });
      await sleep(100);
      counts.push(retained);
    }
    assert.deepEqual(counts, expected, `retain handling ${rh}`);
  };
  await handling(0, [1, 2]); // on every subscribe [MQTT-3.8.4-4]
  await handling(1, [1, 1]); // only for a new subscription
  await handling(2, [0, 0]); // never
});

test('[MQTT-4.8.2] shared subscriptions spread the load across members, MQTT 5 and 3.1.1 alike, without retained messages', async (t) => {
  const { url } = await startTestBroker(t);
  const pub = await connectClient(t, url, v5('pub'));
  await pub.publishAsync('jobs/old', 'retained', { qos: 1, retain: true });
  const members = [await connectClient(t, url, v5('w1')), await connectClient(t, url, v5('w2')), await connectClient(t, url, { clientId: 'w3' })];
  const counts = [0, 0, 0];
  const topics: string[] = [];
  for (const [i, m] of members.entries()) {
    const granted = await m.subscribeAsync('$share/workers/jobs/#', { qos: 1 });
    assert.equal(granted[0]!.qos, 1, 'granted, not 0x9E');
    m.on('message', (topic, _payload, packet) => {
      counts[i]!++;
      topics.push(topic);
      assert.equal(packet.retain, false, 'no retained messages through a shared subscription');
    });
  }
  const all = await connectClient(t, url, v5('all'));
  let everything = 0;
  await all.subscribeAsync('jobs/#', { qos: 1, rh: 2 });
  all.on('message', () => everything++);
  for (let i = 0; i < 30; i++) await pub.publishAsync(`jobs/${i}`, String(i), { qos: 1 });
  await until(() => topics.length === 30 && everything === 30, 'thirty messages, once each, and all of them at the plain subscriber');
  assert.ok(counts.every((n) => n >= 5), `spread across the members: ${counts.join('/')}`);
  assert.equal(new Set(topics).size, 30, 'each message to one member, with its real topic');
});

test('[MQTT-3.2.2-21] [MQTT-3.1.2-22] Server Keep Alive: a client asking for none or too long is told the maximum, and held to it', async (t) => {
  const { broker } = await startTestBroker(t, { maxKeepalive: 1 });
  const none = await rawConnect5(t, broker.ports.tcp, { clientId: 'k0', keepalive: 0 });
  assert.equal(none.connack.properties?.serverKeepAlive, 1);
  const fine = await rawConnect5(t, broker.ports.tcp, { clientId: 'k1', keepalive: 1 });
  assert.equal(fine.connack.properties?.serverKeepAlive, undefined, 'within the limit: the client\'s own');
  // silent for more than 1.5 × 1 s: the broker says why and closes (reason code 0x8D)
  const disconnect = await within(nextOf(none.raw, 'disconnect'), 'DISCONNECT', 3000);
  assert.equal(disconnect.reasonCode, 0x8d, 'Keep alive timeout');
  await none.raw.closed();
});
