import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  builtinFlows, collect, deployErrors, mqttClient, mqttFlows, startMosquitto, startPool, subscriptions, waitUntil, type Received,
} from '../../test/helpers/mqtt.ts';
import { serialise } from './publication.ts';

const mqttOut = (config: Record<string, unknown>) => ({ id: 'out', type: 'mqtt-out', config });
const catcher = [{ id: 'catch', type: 'catch', wires: [['caught']] }, { id: 'caught', type: 'test-sink' }];

/** The built-in broker with an mqtt-out node, and a TCP client subscribed to everything. */
async function setup(t: { after(fn: () => unknown): void }, config: Record<string, unknown>) {
  const { broker, pool, flows } = await builtinFlows(t, [mqttOut(config), ...catcher]);
  const client = await mqttClient(t, broker.url);
  const seen = collect(client);
  await client.subscribeAsync('#', { qos: 2 });
  await subscriptions(broker, 1);
  return { broker, pool, flows, client, seen };
}

const summary = (r: Received) => [r.topic, r.payload.toString(), r.packet.qos];

test('topic and QoS come from the message when the node leaves them empty', async (t) => {
  const { flows, seen } = await setup(t, {});
  const messages = [
    { topic: 'a', payload: 'zero' },
    { topic: 'b', payload: 'one', qos: 1 },
    { topic: 'c', payload: 'two', qos: '2' },
    { topic: 'd', payload: 'bad qos', qos: 7 },
  ];
  // one at a time: the built-in broker drops in-process QoS 1/2 messages overtaken by a QoS 0 one (reported)
  for (const [i, msg] of messages.entries()) {
    flows.send('out', msg);
    await seen.waitFor(i + 1);
  }
  assert.deepEqual(seen.list.map(summary), [['a', 'zero', 0], ['b', 'one', 1], ['c', 'two', 2], ['d', 'bad qos', 0]]);
});

test('the node\'s topic and QoS win over the message\'s', async (t) => {
  const { flows, seen } = await setup(t, { topic: 'fixed/topic', qos: 1 });
  flows.send('out', { topic: 'ignored', payload: 'x', qos: 2 });
  const [got] = await seen.waitFor(1);
  assert.deepEqual(summary(got!), ['fixed/topic', 'x', 1]);
});

test('retain: from the message when the node leaves it empty, else the node\'s', async (t) => {
  const { broker, pool } = await builtinFlows(t, []);
  const fromMsg = await mqttFlows(t, pool, [mqttOut({})]);
  fromMsg.send('out', { topic: 'r/msg-true', payload: '1', retain: true });
  fromMsg.send('out', { topic: 'r/msg-string', payload: '2', retain: 'true' });
  fromMsg.send('out', { topic: 'r/msg-absent', payload: '3' });
  const never = await mqttFlows(t, pool, [{ ...mqttOut({ retain: false }), id: 'never' }]);
  never.send('never', { topic: 'r/node-false', payload: '4', retain: true });
  const always = await mqttFlows(t, pool, [{ ...mqttOut({ retain: true }), id: 'always' }]);
  always.send('always', { topic: 'r/node-true', payload: '5', retain: false });
  await waitUntil(() => broker.stats().retainedMessages === 3, 2000, 'three retained messages');
  // a new subscriber gets exactly the retained ones, flagged retain
  const client = await mqttClient(t, broker.url);
  const seen = collect(client);
  await client.subscribeAsync('r/#');
  await seen.waitFor(3);
  await sleep(30);
  assert.deepEqual(seen.list.map((r) => [r.topic, r.packet.retain]).sort(), [['r/msg-string', true], ['r/msg-true', true], ['r/node-true', true]]);
});

test('payloads: buffers and strings as they are, objects as JSON, other values as text, nothing as empty', async (t) => {
  const { flows, seen } = await setup(t, {});
  const cases: Array<[unknown, Buffer]> = [
    [Buffer.from([0, 255]), Buffer.from([0, 255])],
    ['text', Buffer.from('text')],
    [{ n: 1, list: [true] }, Buffer.from('{"n":1,"list":[true]}')],
    [[1, 2], Buffer.from('[1,2]')],
    [21.5, Buffer.from('21.5')],
    [false, Buffer.from('false')],
    [null, Buffer.alloc(0)],
    [undefined, Buffer.alloc(0)],
  ];
  cases.forEach(([payload], i) => flows.send('out', { topic: `p/${i}`, payload }));
  const got = await seen.waitFor(cases.length);
  for (const [i, [, expected]] of cases.entries()) {
    assert.deepEqual(got.find((r) => r.topic === `p/${i}`)?.payload, expected, `case ${i}`);
  }
  assert.equal(serialise(12n), '12');
});

test('a message without a payload property is not published (Node-RED), with one warning', async (t) => {
  const { flows, seen } = await setup(t, {});
  flows.send('out', { topic: 'keep/me', retain: true });
  flows.send('out', { topic: 'keep/me', retain: true });
  flows.send('out', { topic: 'after', payload: 'x' });
  await seen.waitFor(1);
  await sleep(30);
  assert.deepEqual(seen.list.map((r) => r.topic), ['after'], 'only the message with a payload');
  const warnings = flows.events.log.filter((e) => e.level === 'warn');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!.message, /without msg.payload was not published/);
});

test('a wildcard or missing topic is an error with the message; the node\'s own topic is checked at deploy', async (t) => {
  const { flows, seen } = await setup(t, {});
  flows.send('out', { topic: 'a/+/b', payload: 'x' });
  flows.send('out', { topic: 'a/#', payload: 'x' });
  flows.send('out', { payload: 'no topic' });
  const caught = await flows.waitFor('caught', 3);
  const messages = caught.map((m) => (m.error as { message: string }).message);
  assert.match(messages[0]!, /Cannot publish to "a\/\+\/b": the topic must not contain wildcards/);
  assert.match(messages[1]!, /Cannot publish to "a\/#"/);
  assert.match(messages[2]!, /No topic to publish to/);
  assert.equal(caught[2]!.payload, 'no topic');
  assert.deepEqual(seen.list, []);

  const [error] = await deployErrors(t, startPool(t, {}), [mqttOut({ topic: 'x/#' })]);
  assert.deepEqual([error?.node, error?.path], ['out', '/config/topic']);
  const [qos] = await deployErrors(t, startPool(t, {}), [mqttOut({ qos: '1' })]);
  assert.equal(qos?.path, '/config/qos');
});

test('without a broker, publishing fails with a clear error and the status shows disconnected', async (t) => {
  const flows = await mqttFlows(t, startPool(t, {}), [mqttOut({}), ...catcher]);
  assert.deepEqual(flows.events.status.at(-1), { node: 'out', fill: 'red', shape: 'ring', text: 'disconnected' });
  flows.send('out', { topic: 'a', payload: 'x' });
  const [caught] = await flows.waitFor('caught', 1);
  assert.match((caught!.error as { message: string }).message, /No MQTT broker/);
});

test('MQTT 5 properties, from the node or the message, reach a subscriber through Mosquitto', async (t) => {
  const mosquitto = await startMosquitto(t);
  const client = await mqttClient(t, mosquitto.url, { protocolVersion: 5 });
  const seen = collect(client);
  await client.subscribeAsync('v5/#', { qos: 1 });
  const flows = await mqttFlows(t, startPool(t, {}), [
    { id: 'm', type: 'mqtt-broker', config: { mode: 'external', url: mosquitto.url, protocolVersion: 5 } },
    mqttOut({ broker: 'm', qos: 1, properties: { contentType: 'application/json', userProperties: { site: 'lab' } } }),
  ]);
  flows.send('out', {
    topic: 'v5/req', payload: { ask: 1 }, contentType: 'text/plain', responseTopic: 'v5/reply',
    correlationData: Buffer.from('c-9'), messageExpiryInterval: 120, userProperties: { site: 'ignored' },
  });
  const [got] = await seen.waitFor(1);
  const props = got!.packet.properties!;
  assert.equal(got!.payload.toString(), '{"ask":1}');
  assert.equal(props.contentType, 'application/json', "the node's content type wins");
  assert.equal(props.responseTopic, 'v5/reply');
  assert.deepEqual(props.correlationData, Buffer.from('c-9'));
  assert.deepEqual({ ...props.userProperties }, { site: 'lab' });
  assert.ok(props.messageExpiryInterval! > 0 && props.messageExpiryInterval! <= 120);
});

test('MQTT 5 properties on the built-in broker: to an MQTT 5 client and, in-process, to an mqtt in node', async (t) => {
  const { broker, flows } = await builtinFlows(t, [
    mqttOut({ qos: 1, properties: { userProperties: { site: 'lab' } } }),
    { id: 'in', type: 'mqtt-in', config: { topic: 'v5/#', qos: 1 }, wires: [['got']] }, { id: 'got', type: 'test-sink' },
  ]);
  const client = await mqttClient(t, broker.url, { protocolVersion: 5 });
  const seen = collect(client);
  await client.subscribeAsync('v5/#', { qos: 1 });
  await subscriptions(broker, 2);
  flows.send('out', { topic: 'v5/req', payload: 'ping', responseTopic: 'v5/reply', correlationData: Buffer.from('c-1'), contentType: 'text/plain', messageExpiryInterval: 60 });
  const [wire] = await seen.waitFor(1);
  const props = wire!.packet.properties!;
  assert.equal(props.responseTopic, 'v5/reply');
  assert.deepEqual(props.correlationData, Buffer.from('c-1'));
  assert.equal(props.contentType, 'text/plain');
  assert.deepEqual({ ...props.userProperties }, { site: 'lab' });
  assert.ok(props.messageExpiryInterval! > 0 && props.messageExpiryInterval! <= 60);
  const [msg] = await flows.waitFor('got', 1);
  assert.deepEqual([msg!.responseTopic, msg!.correlationData, msg!.contentType, msg!.userProperties], ['v5/reply', Buffer.from('c-1'), 'text/plain', { site: 'lab' }]);
});

test('Node-RED\'s connect and disconnect actions are errors, never published', async (t) => {
  const { flows, seen } = await setup(t, { topic: 'fixed' });
  flows.send('out', { action: 'connect', payload: 'not for the broker' });
  flows.send('out', { action: 'disconnect' });
  const caught = await flows.waitFor('caught', 2);
  for (const m of caught) assert.match((m.error as { message: string }).message, /msg\.action "(connect|disconnect)" is not supported/);
  flows.send('out', { payload: 'real' });
  const [got] = await seen.waitFor(1);
  assert.deepEqual(summary(got!), ['fixed', 'real', 0]);
});
