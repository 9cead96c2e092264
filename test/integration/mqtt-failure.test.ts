// The MQTT nodes and the pool under failure: subscribers that throw, brokers that go away
// while messages are published, config nodes changed on redeploy.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MqttExternalSpec, MqttMessage } from '../../server/node-api/index.ts';
import { collect, mqttClient, mqttFlows, onTeardown, startBuiltin, startMosquitto, startPool, subscriptions, waitUntil } from '../helpers/mqtt.ts';

function user(t: TestContext) {
  const abort = new AbortController();
  onTeardown(t, () => abort.abort());
  return { signal: abort.signal, stop: () => abort.abort() };
}

/** `work`, or a rejection once `ms` passed without it settling. */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  const late = sleep(ms).then(() => { throw new Error(`still pending after ${ms} ms`); });
  late.catch(() => undefined);
  return Promise.race([work, late]);
}

function external(url: string): MqttExternalSpec {
  return { kind: 'external', url };
}

test('a subscriber that throws on every message stalls neither the others nor the connection', async (t) => {
  const broker = await startBuiltin(t);
  const pool = startPool(t, {});
  const cfg = external(broker.url);
  const thrower = pool.capability(user(t)).connect(cfg);
  await thrower.subscribe('x/#', { qos: 1 }, () => { throw new Error('boom'); });
  const got: MqttMessage[] = [];
  const listener = pool.capability(user(t)).connect(cfg);
  await listener.subscribe('x/#', { qos: 1 }, (m) => got.push(m));
  const client = await mqttClient(t, broker.url);
  for (let i = 0; i < 5; i++) await client.publishAsync(`x/${i}`, String(i), { qos: 1 });
  await waitUntil(() => got.length === 5, 2000, 'five messages at the other subscriber');
  assert.equal(listener.state, 'connected');
});

test('messages published while the external broker is down are sent once it is back', async (t) => {
  const mosquitto = await startMosquitto(t);
  const pool = startPool(t, {});
  const conn = pool.capability(user(t)).connect(external(mosquitto.url));
  await waitUntil(() => conn.state === 'connected', 3000, 'connected');
  await mosquitto.stop();
  await waitUntil(() => conn.state === 'disconnected', 3000, 'disconnected');
  const sent = [0, 1, 2].map((i) => conn.publish(`q/${i}`, String(i), { qos: i === 0 ? 0 : 1, retain: true }));
  await mosquitto.start();
  await Promise.all(sent);
  const client = await mqttClient(t, mosquitto.url);
  const seen = collect(client);
  await client.subscribeAsync('q/#');
  const got = await seen.waitFor(3);
  assert.deepEqual(got.map((r) => r.payload.toString()).sort(), ['0', '1', '2']);
});

test('while the external broker is down, the messages waiting for it are bounded; the next one fails at once', async (t) => {
  const mosquitto = await startMosquitto(t);
  await mosquitto.stop();
  const pool = startPool(t, {});
  const conn = pool.capability(user(t)).connect(external(mosquitto.url));
  const waiting = Array.from({ length: 1000 }, (_, i) => conn.publish('q/held', String(i), { qos: i % 2 === 0 ? 0 : 1, retain: false }));
  for (const p of waiting) p.catch(() => undefined); // settled at close, below
  await sleep(50);
  await assert.rejects(within(conn.publish('q/over', 'x', { qos: 1, retain: false }), 1000), { code: 'MQTT_QUEUE_FULL', message: /unreachable.*1000 messages already wait/ });
  await mosquitto.start();
  await waitUntil(() => conn.state === 'connected', 5000, 'connected');
  await Promise.all(waiting);
  await conn.publish('q/after', 'y', { qos: 1, retain: false });
});

test('closing while the external broker is down fails the messages still waiting, rather than leaving them pending', async (t) => {
  const mosquitto = await startMosquitto(t);
  await mosquitto.stop();
  const pool = startPool(t, {});
  const node = user(t);
  const conn = pool.capability(node).connect(external(mosquitto.url));
  const held = [conn.publish('q/0', '0', { qos: 0, retain: false }), conn.publish('q/1', '1', { qos: 1, retain: false })];
  await sleep(50);
  node.stop();
  const settled = await Promise.race([Promise.allSettled(held), sleep(3000, 'pending')]);
  assert.notEqual(settled, 'pending', 'the publishes settle when the connection closes');
  for (const s of settled as PromiseSettledResult<void>[]) {
    assert.equal(s.status, 'rejected');
    assert.match((s as PromiseRejectedResult).reason.message, /closed/);
    assert.equal((s as PromiseRejectedResult).reason.code, 'MQTT_NOT_SENT');
  }
});

test('a broker config node changed on redeploy: the old connection closes, the new one is used, no socket is left over', async (t) => {
  const broker = await startBuiltin(t);
  const pool = startPool(t, {});
  const cfg = (keepalive: number) => ({ id: 'b', type: 'mqtt-broker', config: { mode: 'external', url: broker.url, keepalive } });
  const mqttIn = { id: 'in', type: 'mqtt-in', config: { topic: 'c/#', broker: 'b', qos: 1 }, wires: [['out']] };
  const sink = { id: 'out', type: 'test-sink' };
  const flows = await mqttFlows(t, pool, [cfg(60), mqttIn, sink]);
  await subscriptions(broker, 1);
  assert.equal(broker.stats().clientsConnected, 1);
  for (const keepalive of [30, 20, 10]) {
    await flows.redeploy([cfg(keepalive), mqttIn, sink]);
    await subscriptions(broker, 1);
    await waitUntil(() => broker.stats().clientsConnected === 1, 3000, `one connection after keepalive ${keepalive}`);
  }
  const client = await mqttClient(t, broker.url);
  await client.publishAsync('c/1', 'x', { qos: 1 });
  const [msg] = await flows.waitFor('out', 1);
  assert.equal(msg!.payload, 'x');
  await sleep(50);
  assert.equal(flows.received('out').length, 1, 'one copy: the old subscription is gone');
});

test('two flows share a connection; removing one keeps the other receiving', async (t) => {
  const broker = await startBuiltin(t);
  const pool = startPool(t, {});
  const cfg = { id: 'b', type: 'mqtt-broker', flow: 'f1', config: { mode: 'external', url: broker.url } };
  const flowNodes = (f: string) => [
    { id: `in-${f}`, type: 'mqtt-in', flow: f, config: { topic: 's/#', broker: 'b', qos: 1 }, wires: [[`out-${f}`]] },
    { id: `out-${f}`, type: 'test-sink', flow: f },
  ];
  const flows = await mqttFlows(t, pool, [cfg, ...flowNodes('f1'), ...flowNodes('f2')]);
  await subscriptions(broker, 1);
  await flows.redeploy([cfg, ...flowNodes('f1')]);
  assert.equal(broker.stats().clientsConnected, 1);
  await subscriptions(broker, 1);
  const client = await mqttClient(t, broker.url);
  await client.publishAsync('s/1', 'x', { qos: 1 });
  const [msg] = await flows.waitFor('out-f1', 1);
  assert.equal(msg!.topic, 's/1');
});
