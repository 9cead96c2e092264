// The broker under faults (issue 11), with real clients: a subscriber that stops reading, a
// client announcing a huge packet before it authenticated, packets pipelined behind CONNECT.
// RSS figures are printed as diagnostics; the bounds asserted are generous on purpose.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { MqttClient } from 'mqtt';
import { connect as netConnect } from 'node:net';
import { performance } from 'node:perf_hooks';
import * as mqttPacket from 'mqtt-packet';
import { connectClient, connectPacket, nextMessage, rawConnection, startTestBroker, until, within, type RawConnection } from '../helpers/broker.ts';
import { packet } from '../helpers/raw-mqtt.ts';
import { mqttFlows, startBuiltin, startPool, subscriptions } from '../helpers/mqtt.ts';

const MIB = 1024 * 1024;
const rssMib = () => Math.round(process.memoryUsage().rss / MIB);

/** A raw client that subscribes to `filter` as `clientId`, then never reads again. */
async function stalledSubscriber(t: TestContext, port: number, clientId: string, filter: string): Promise<RawConnection> {
  const stalled = await rawConnection(t, port);
  stalled.send(connectPacket({ clientId }));
  await stalled.next();
  stalled.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: filter, qos: 0 }] });
  await stalled.next();
  stalled.socket.pause();
  return stalled;
}

/** `publisher` sends 50 QoS 0 messages of 16 KiB to flood/data every 5 ms until `stop()`. */
function flood(t: TestContext, publisher: MqttClient): { stop(): Promise<void> } {
  const payload = Buffer.alloc(16 * 1024, 'x');
  let flooding = true;
  const loop = (async () => {
    while (flooding) {
      for (let i = 0; i < 50; i++) publisher.publish('flood/data', payload, { qos: 0 });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  t.after(() => { flooding = false; });
  return { stop: async () => { flooding = false; await loop; } };
}

test('a subscriber that stops reading does not stall a canary on another topic; it is disconnected with one warning naming it', async (t) => {
  const { broker, url, entries } = await startTestBroker(t, { maxClientBuffer: 256 * 1024, stalledClientTimeout: 1500, sysInterval: 0 });
  const rssBefore = rssMib();
  const stalled = await stalledSubscriber(t, broker.ports.tcp, 'stalled-device', 'flood/#');
  const canary = await connectClient(t, url, { clientId: 'canary' });
  await canary.subscribeAsync('canary/echo', { qos: 0 });
  const flooder = await connectClient(t, url, { clientId: 'flooder' });
  const flooding = flood(t, flooder);

  const roundTrips: number[] = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    const got = nextMessage(canary, 'canary/echo');
    await canary.publishAsync('canary/echo', `ping ${i}`, { qos: 1 }); // the publisher's PUBACK does not wait for the stalled client
    await got;
    roundTrips.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await until(() => entries.some((e) => e.msg.includes('not reading')), 'the stalled client to be disconnected');
  stalled.socket.resume(); // a paused socket reports its close only once what it holds is read
  await stalled.closed();
  await flooding.stop();
  roundTrips.sort((a, b) => a - b);
  const median = roundTrips[Math.floor(roundTrips.length / 2)];
  t.diagnostic(`canary round trip: median ${median.toFixed(1)} ms, max ${roundTrips.at(-1)!.toFixed(1)} ms; dropped ${broker.stats().messagesDropped}; RSS ${rssBefore} → ${rssMib()} MiB`);
  assert.ok(median < 100, `canary median round trip ${median} ms`);
  assert.ok(roundTrips.at(-1)! < 1000, `canary worst round trip ${roundTrips.at(-1)} ms`);
  assert.ok(broker.stats().messagesDropped > 0, 'QoS 0 messages past the bound are dropped and counted');
  const warnings = entries.filter((e) => e.level === 'warn' && e.msg.includes('not reading'));
  assert.equal(warnings.length, 1, 'one warning');
  assert.equal(warnings[0].fields.clientId, 'stalled-device');
});

test('a healthy subscriber gets every QoS 0 message of a burst that fits its buffer', async (t) => {
  const { url, broker } = await startTestBroker(t, { sysInterval: 0 });
  const sub = await connectClient(t, url);
  await sub.subscribeAsync('burst', { qos: 0 });
  let got = 0;
  sub.on('message', () => got++);
  const pub = await connectClient(t, url);
  for (let i = 0; i < 2000; i++) pub.publish('burst', Buffer.alloc(512), { qos: 0 });
  await until(() => got === 2000, 'all 2000 messages');
  assert.equal(broker.stats().messagesDropped, 0);
});

/** Opens a socket and sends the start of a packet announcing `length` bytes, then keeps sending its body slowly. */
async function announceHuge(t: import('node:test').TestContext, port: number, length: number): Promise<{ closed: Promise<void>; sent: () => number }> {
  const socket = netConnect(port, '127.0.0.1');
  t.after(() => socket.destroy());
  socket.on('error', () => {});
  await within(new Promise((resolve) => socket.once('connect', resolve)), 'TCP connect');
  const header = packet(0x10, Buffer.alloc(0)).subarray(0, 1); // CONNECT's first byte
  const remaining: number[] = [];
  for (let n = length; ; ) {
    let digit = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) digit |= 0x80;
    remaining.push(digit);
    if (n === 0) break;
  }
  socket.write(Buffer.concat([header, Buffer.from(remaining)]));
  let sent = 0;
  const chunk = Buffer.alloc(256 * 1024);
  const timer = setInterval(() => {
    if (socket.destroyed || sent > 64 * MIB) return clearInterval(timer);
    socket.write(chunk);
    sent += chunk.length;
  }, 5);
  t.after(() => clearInterval(timer));
  const closed = new Promise<void>((resolve) => socket.once('close', () => { clearInterval(timer); resolve(); }));
  return { closed, sent: () => sent };
}

test('4 unauthenticated connections announcing 250 MiB packets are closed while reading; RSS stays bounded and returns', async (t) => {
  const { broker, entries } = await startTestBroker(t, { sysInterval: 0 });
  global.gc?.();
  const before = rssMib();
  const attackers = await Promise.all([1, 2, 3, 4].map(() => announceHuge(t, broker.ports.tcp, 250 * MIB)));
  await within(Promise.all(attackers.map((a) => a.closed)), 'the broker to close all 4 connections');
  const peak = rssMib();
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = rssMib();
  t.diagnostic(`RSS ${before} → ${peak} (closed) → ${after} MiB; bytes sent per attacker before the close: ${attackers.map((a) => a.sent()).join(', ')}`);
  assert.ok(peak - before < 64, `RSS grew ${peak - before} MiB (bound: 64 MiB for 4 connections of at most 1 MiB each)`);
  assert.ok(attackers.every((a) => a.sent() < 64 * MIB), 'closed long before the announced length arrived');
  const warnings = entries.filter((e) => e.msg.includes('before its CONNACK'));
  assert.equal(warnings.length, 4, 'each close says why');
  assert.equal(warnings[0].fields.maxBytesBeforeConnack, MIB);
});

test('MQTT 5 CONNACK announces the Maximum Packet Size; a larger PUBLISH after CONNACK gets DISCONNECT 0x95', async (t) => {
  const { broker } = await startTestBroker(t, { sysInterval: 0, maxPacketSize: 4096 });
  const raw = await rawConnection(t, broker.ports.tcp, 5);
  raw.send(connectPacket({ protocolVersion: 5, clientId: 'v5' }));
  const connack = await raw.next();
  assert.equal(connack.cmd, 'connack');
  assert.equal(connack.properties?.maximumPacketSize, 4096);
  raw.send({ cmd: 'publish', topic: 'big', payload: Buffer.alloc(8192), qos: 0, retain: false, dup: false });
  const got = await raw.next();
  assert.equal(got.cmd, 'disconnect');
  assert.equal(got.reasonCode, 0x95);
});

test('packets pipelined behind CONNECT (100 PUBLISHes, a 10 000-filter SUBSCRIBE, 100 more PUBLISHes) are all handled after CONNACK', async (t) => {
  const { broker, url } = await startTestBroker(t, { sysInterval: 0 });
  const watcher = await connectClient(t, url);
  await watcher.subscribeAsync('pipe/#', { qos: 0 });
  let got = 0;
  watcher.on('message', () => got++);
  const raw = await rawConnection(t, broker.ports.tcp);
  const filters = Array.from({ length: 10_000 }, (_, i) => ({ topic: `many/${i}`, qos: 0 as const }));
  const bytes = [
    mqttPacket.generate(connectPacket({ clientId: 'pipeliner' })),
    ...Array.from({ length: 100 }, (_, i) => mqttPacket.generate({ cmd: 'publish', topic: `pipe/${i}`, payload: Buffer.from('x'), qos: 0, retain: false, dup: false })),
    mqttPacket.generate({ cmd: 'subscribe', messageId: 1, subscriptions: filters }),
    // behind the large SUBSCRIBE, which aedes gets in a turn of its own: these wait, then go on
    ...Array.from({ length: 100 }, (_, i) => mqttPacket.generate({ cmd: 'publish', topic: `pipe/after/${i}`, payload: Buffer.from('x'), qos: 0, retain: false, dup: false })),
  ];
  raw.socket.write(Buffer.concat(bytes)); // one write: no waiting for CONNACK
  const connack = await raw.next();
  assert.equal(connack.cmd, 'connack');
  assert.equal(connack.returnCode, 0);
  const suback = await raw.next();
  assert.equal(suback.cmd, 'suback');
  assert.equal(suback.granted.length, 10_000);
  assert.ok(suback.granted.every((code) => code === 0), 'every filter granted');
  await until(() => got === 200, 'the 200 pipelined messages');
});

test('more than maxBytesBeforeConnack pipelined behind CONNECT closes the connection with a log line saying so', async (t) => {
  const { broker, entries } = await startTestBroker(t, { sysInterval: 0, maxBytesBeforeConnack: 64 * 1024, anonymous: 'none', users: [] });
  const raw = await rawConnection(t, broker.ports.tcp);
  const publishes = Array.from({ length: 100 }, () => mqttPacket.generate({ cmd: 'publish', topic: 'p', payload: Buffer.alloc(1024), qos: 0, retain: false, dup: false }));
  raw.socket.write(Buffer.concat([mqttPacket.generate(connectPacket({ clientId: 'too-eager' })), ...publishes]));
  await raw.closed();
  const line = entries.find((e) => e.msg.includes('before its CONNACK'));
  assert.ok(line, 'the log says what happened');
  assert.equal(line.fields.address, '127.0.0.1');
});

test('flows keep running while a subscriber has stopped reading: mqtt in → function → mqtt out delivers throughout', async (t) => {
  const broker = await startBuiltin(t, { maxClientBuffer: 256 * 1024, stalledClientTimeout: 1500 });
  const pool = startPool(t, { builtin: broker });
  await mqttFlows(t, pool, [
    { id: 'in', type: 'mqtt-in', config: { topic: 'flow/in', qos: 0, parse: 'auto' }, wires: [['add']] },
    { id: 'add', type: 'function', config: { code: 'msg.payload.n += 1;\nreturn msg;' }, wires: [['out']] },
    { id: 'out', type: 'mqtt-out', config: { topic: 'flow/out', qos: 0, retain: false } },
  ]);
  await subscriptions(broker, 1);
  // the stalled subscriber takes everything, flow output included
  await stalledSubscriber(t, broker.ports.tcp, 'stalled-everything', '#');
  const reader = await connectClient(t, broker.url, { clientId: 'flow-reader' });
  await reader.subscribeAsync('flow/out', { qos: 0 });
  const flooder = await connectClient(t, broker.url, { clientId: 'flow-flooder' });
  const flooding = flood(t, flooder);
  // before, during and after the stall the flow answers each input
  for (let n = 0; n < 20; n++) {
    const out = nextMessage(reader, 'flow/out');
    await flooder.publishAsync('flow/in', JSON.stringify({ n }), { qos: 1 });
    assert.equal((await out).payload.toString(), JSON.stringify({ n: n + 1 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await flooding.stop();
  assert.ok(broker.stats().messagesDropped > 0, 'the stalled subscriber was past its buffer meanwhile');
});
