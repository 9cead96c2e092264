import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Message } from '#node-api';
import { decode, messageFrom } from './payload.ts';
import {
  builtinFlows, deployErrors, mqttClient, mqttFlows, probe, runTool, startMosquitto, startPool, subscriptions, waitUntil,
} from '../../test/helpers/mqtt.ts';

const sink = { id: 'out', type: 'test-sink' };
const mqttIn = (config: Record<string, unknown>) => ({ id: 'in', type: 'mqtt-in', config, wires: [['out']] });

/** A dynamic-subscription request; msg.topic is typed as a string, but requests also put lists, objects and `true` there. */
function request(action: string, topic?: unknown): Partial<Message> {
  const msg: Partial<Message> = { action };
  if (topic !== undefined) Reflect.set(msg, 'topic', topic);
  return msg;
}

test('receives at QoS 0, 1 and 2 with topic, qos and retain set', async (t) => {
  const { broker, flows } = await builtinFlows(t, [mqttIn({ topic: 'sensors/+/temp', qos: 2 }), sink]);
  await subscriptions(broker, 1);
  const client = await mqttClient(t, broker.url);
  await client.publishAsync('sensors/hall/temp', '20', { qos: 0 });
  await client.publishAsync('sensors/hall/hum', 'ignored', { qos: 0 });
  await client.publishAsync('sensors/porch/temp', '21', { qos: 1 });
  await client.publishAsync('sensors/attic/temp', '22', { qos: 2 });
  const got = await flows.waitFor('out', 3);
  assert.deepEqual(got.map((m) => [m.topic, m.payload, m.qos, m.retain]), [
    ['sensors/hall/temp', 20, 0, false],
    ['sensors/porch/temp', 21, 1, false],
    ['sensors/attic/temp', 22, 2, false],
  ]);
  assert.ok(got.every((m) => typeof m._msgid === 'string'));
  await sleep(30);
  assert.equal(flows.received('out').length, 3);
});

test('the QoS is capped at the node\'s QoS', async (t) => {
  const { broker, flows } = await builtinFlows(t, [mqttIn({ topic: 'q', qos: 1 }), sink]);
  await subscriptions(broker, 1);
  const client = await mqttClient(t, broker.url);
  await client.publishAsync('q', 'x', { qos: 2 });
  const [msg] = await flows.waitFor('out', 1);
  assert.equal(msg!.qos, 1);
});

test('a retained message arrives with retain true', async (t) => {
  const { broker, pool } = await builtinFlows(t, []);
  const client = await mqttClient(t, broker.url);
  await client.publishAsync('state/door', 'open', { qos: 1, retain: true });
  const flows = await mqttFlows(t, pool, [mqttIn({ topic: 'state/#' }), sink]);
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual([msg!.topic, msg!.payload, msg!.retain], ['state/door', 'open', true]);
});

test('output modes: auto, json, string, buffer, base64', async (t) => {
  const modes = ['auto', 'json', 'string', 'buffer', 'base64'];
  const { broker, flows } = await builtinFlows(t, [
    ...modes.map((parse) => ({ id: parse, type: 'mqtt-in', config: { topic: 't', parse }, wires: [[`out-${parse}`]] })),
    ...modes.map((parse) => ({ id: `out-${parse}`, type: 'test-sink' })),
  ]);
  await subscriptions(broker, modes.length);
  const client = await mqttClient(t, broker.url);
  const payloads = ['{"a":[1,2]}', '21.5', 'hello', Buffer.from([0xff, 0x00, 0xfe])];
  for (const p of payloads) await client.publishAsync('t', p, { qos: 1 });
  const payloadsAt = async (mode: string, n: number) => (await flows.waitFor(`out-${mode}`, n)).map((m) => m.payload);

  // auto: JSON when it parses (numbers too, as in Node-RED), else text, else a buffer
  assert.deepEqual(await payloadsAt('auto', 4), [{ a: [1, 2] }, 21.5, 'hello', Buffer.from([0xff, 0x00, 0xfe])]);
  assert.deepEqual(await payloadsAt('json', 2), [{ a: [1, 2] }, 21.5]);
  assert.deepEqual(await payloadsAt('string', 3), ['{"a":[1,2]}', '21.5', 'hello']);
  assert.deepEqual(await payloadsAt('buffer', 4), payloads.map((p) => Buffer.from(p)));
  assert.deepEqual(await payloadsAt('base64', 1), [Buffer.from('{"a":[1,2]}').toString('base64')]);
  assert.equal((await flows.waitFor('out-base64', 4))[3]!.payload, '/wD+');
});

test('malformed JSON with output json is an error that reaches catch nodes; the flow goes on', async (t) => {
  const { broker, flows } = await builtinFlows(t, [
    mqttIn({ topic: 'j', parse: 'json' }), sink,
    { id: 'catch', type: 'catch', wires: [['caught']] }, { id: 'caught', type: 'test-sink' },
  ]);
  await subscriptions(broker, 1);
  const client = await mqttClient(t, broker.url);
  await client.publishAsync('j', '{"broken":', { qos: 1 });
  await client.publishAsync('j', '{"ok":true}', { qos: 1 });
  const [good] = await flows.waitFor('out', 1);
  assert.deepEqual(good!.payload, { ok: true });
  const [caught] = await flows.waitFor('caught', 1);
  assert.match((caught!.error as { message: string }).message, /Payload on "j" is not valid JSON/);
  assert.equal(caught!.payload, '{"broken":', 'the message carries the raw text');
  assert.equal(caught!.topic, 'j');
});

test('invalid topic filters and a missing broker config node are deploy errors', async (t) => {
  const pool = startPool(t, {});
  for (const [topic, message] of [
    ['a/#/b', /'#' only as the whole last level/],
    ['a/b+', /'\+' only as a whole level/],
    ['$share//x', /share name/],
    ['$share/g', /a filter after it/],
    ['', /Set a topic/],
  ] as const) {
    const [error] = await deployErrors(t, pool, [mqttIn({ topic }), sink]);
    assert.equal(error?.node, 'in');
    assert.equal(error?.path, '/config/topic');
    assert.match(error!.message, message);
  }
  const [missing] = await deployErrors(t, pool, [mqttIn({ topic: 'a', broker: 'nope' }), sink]);
  assert.deepEqual([missing?.path, missing?.message], ['/config/broker', 'No mqtt-broker config node with id "nope"']);
  const [wrongType] = await deployErrors(t, pool, [mqttIn({ topic: 'a', broker: 'out' }), sink]);
  assert.match(wrongType!.message, /is a test-sink, not an mqtt-broker/);
  const [qos] = await deployErrors(t, pool, [mqttIn({ topic: 'a', qos: 3 }), sink]);
  assert.equal(qos?.path, '/config/qos');
});

test('status follows the connection: connected on the built-in broker, disconnected without a broker', async (t) => {
  const { flows } = await builtinFlows(t, [mqttIn({ topic: 'a' }), sink]);
  assert.deepEqual(flows.events.status.at(-1), { node: 'in', fill: 'green', shape: 'dot', text: 'connected' });

  const orphan = await mqttFlows(t, startPool(t, {}), [mqttIn({ topic: 'a' }), sink]);
  assert.deepEqual(orphan.events.status.at(-1), { node: 'in', fill: 'red', shape: 'ring', text: 'disconnected' });
  const logged = await orphan.waitForEvent('log', (e) => e.level === 'error');
  assert.match(logged.message, /Cannot subscribe to "a": No MQTT broker/);
});

test('dynamic subscription: subscribe, list, unsubscribe one and all', async (t) => {
  const { broker, flows } = await builtinFlows(t, [mqttIn({ dynamic: true, qos: 1 }), sink]);
  const client = await mqttClient(t, broker.url);
  const before = broker.stats().subscriptions;
  flows.send('in', request('subscribe', 'a/#'));
  flows.send('in', request('subscribe', [{ topic: 'b', qos: 0 }, 'c']));
  await subscriptions(broker, before + 3);
  await client.publishAsync('a/1', '1', { qos: 1 });
  await client.publishAsync('b', '2', { qos: 1 });
  await client.publishAsync('c', '3', { qos: 1 });
  const got = await flows.waitFor('out', 3);
  assert.deepEqual(got.map((m) => [m.topic, m.qos]).sort(), [['a/1', 1], ['b', 0], ['c', 1]]);

  flows.send('in', request('getSubscriptions', 'list'));
  const [list] = (await flows.waitFor('out', 4)).slice(3);
  assert.equal(list!.topic, 'subscriptions', 'as in Node-RED');
  assert.deepEqual((list!.payload as Array<{ topic: string; qos: number }>).map((s) => [s.topic, s.qos]), [['a/#', 1], ['b', 0], ['c', 1]]);

  flows.send('in', request('unsubscribe', 'a/#'));
  await subscriptions(broker, before + 2);
  await client.publishAsync('a/2', 'gone', { qos: 1 });
  await client.publishAsync('b', 'still', { qos: 1 });
  const [after] = (await flows.waitFor('out', 5)).slice(4);
  assert.equal(after!.topic, 'b');

  flows.send('in', request('unsubscribe', true));
  await subscriptions(broker, before);
  flows.send('in', request('getSubscriptions'));
  const [empty] = (await flows.waitFor('out', 6)).slice(5);
  assert.deepEqual(empty!.payload, []);
});

test('dynamic subscription: bad requests are errors with the message', async (t) => {
  const { flows } = await builtinFlows(t, [
    mqttIn({ dynamic: true }), sink,
    { id: 'catch', type: 'catch', wires: [['caught']] }, { id: 'caught', type: 'test-sink' },
  ]);
  flows.send('in', request('subscribe', 'a/#/b'));
  flows.send('in', request('subscribe', [{ topic: 'ok', qos: 5 }]));
  flows.send('in', request('jump'));
  flows.send('in', request('disconnect'));
  const caught = await flows.waitFor('caught', 4);
  const messages = caught.map((m) => (m.error as { message: string }).message);
  assert.match(messages[0]!, /Topic filter "a\/#\/b" may have '#' only/);
  assert.match(messages[1]!, /QoS for "ok" must be 0, 1 or 2/);
  assert.match(messages[2]!, /msg.action must be "subscribe", "unsubscribe" or "getSubscriptions", got "jump"/);
  assert.match(messages[3]!, /shared/);
});

test('stopping the node ends its subscription', async (t) => {
  const { broker, flows } = await builtinFlows(t, [mqttIn({ topic: 'a' }), sink]);
  await subscriptions(broker, 1);
  await flows.redeploy([sink]);
  await subscriptions(broker, 0);
});

test('an external broker config node: mosquitto_pub to Mosquitto reaches the node; MQTT 5 properties are surfaced', async (t) => {
  const mosquitto = await startMosquitto(t);
  const pool = startPool(t, {});
  const flows = await mqttFlows(t, pool, [
    { id: 'm', type: 'mqtt-broker', config: { mode: 'external', url: mosquitto.url, protocolVersion: 5 } },
    mqttIn({ topic: 'ext/#', broker: 'm', qos: 1 }), sink,
  ]);
  const client = await mqttClient(t, mosquitto.url, { protocolVersion: 5 });
  await probe(client, 'ext/probe', () => flows.received('out').length > 0);
  const real = () => flows.received('out').filter((m) => m.topic !== 'ext/probe');
  await runTool('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(mosquitto.port), '-t', 'ext/cli', '-m', '{"n":1}', '-q', '1']);
  await waitUntil(() => real().length === 1, 2000, 'the message from mosquitto_pub');
  const [fromCli] = real();
  assert.deepEqual([fromCli!.topic, fromCli!.payload, fromCli!.qos], ['ext/cli', { n: 1 }, 1]);

  await client.publishAsync('ext/v5', '{"n":2}', {
    qos: 1,
    properties: {
      contentType: 'text/plain', responseTopic: 'ext/reply', correlationData: Buffer.from('id-7'),
      userProperties: { room: 'hall' }, messageExpiryInterval: 30,
    },
  });
  await waitUntil(() => real().length === 2, 2000, 'the MQTT 5 message');
  const v5 = real()[1]!;
  assert.equal(v5.payload, '{"n":2}', 'content type text/plain keeps the text as it is');
  assert.equal(v5.contentType, 'text/plain');
  assert.equal(v5.responseTopic, 'ext/reply');
  assert.deepEqual(v5.correlationData, Buffer.from('id-7'));
  assert.deepEqual(v5.userProperties, { room: 'hall' });
  assert.ok(typeof v5.messageExpiryInterval === 'number' && v5.messageExpiryInterval <= 30);
  assert.equal(fromCli!.contentType, undefined, 'absent properties stay absent');
});

test('the built-in broker: an MQTT 5 client\'s properties reach msg under Node-RED\'s names', async (t) => {
  const { broker, flows } = await builtinFlows(t, [mqttIn({ topic: 'ha/+/set', qos: 1 }), sink]);
  await subscriptions(broker, 1);
  const client = await mqttClient(t, broker.url, { protocolVersion: 5 });
  await client.publishAsync('ha/lamp/set', '{"state":"ON"}', {
    qos: 1,
    properties: {
      contentType: 'application/json', responseTopic: 'ha/lamp/ack', correlationData: Buffer.from('req-7'),
      userProperties: { source: 'dashboard', tags: ['a', 'b'] }, messageExpiryInterval: 300,
    },
  });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.payload, { state: 'ON' });
  assert.equal(msg!.contentType, 'application/json');
  assert.equal(msg!.responseTopic, 'ha/lamp/ack');
  assert.deepEqual(msg!.correlationData, Buffer.from('req-7'));
  assert.deepEqual(msg!.userProperties, { source: 'dashboard', tags: ['a', 'b'] });
  assert.ok(typeof msg!.messageExpiryInterval === 'number' && msg!.messageExpiryInterval <= 300 && msg!.messageExpiryInterval > 290);
});

test('auto output follows the MQTT 5 content type', () => {
  const message = (payload: string | Buffer, properties: Record<string, unknown>) => ({ topic: 't', payload: Buffer.from(payload), qos: 0 as const, retain: false, properties });
  const json = messageFrom(message('{"a":1}', { contentType: 'application/json; charset=utf-8' }), 'auto', 'id');
  assert.deepEqual(json, { msg: { _msgid: 'id', topic: 't', qos: 0, retain: false, contentType: 'application/json; charset=utf-8', payload: { a: 1 } } });
  assert.match(decode(message('nope', { contentType: 'application/vnd.thing+json' }), 'auto').error!, /not valid JSON/);
  assert.deepEqual(decode(message('{"a":1}', { contentType: 'application/octet-stream' }), 'auto').payload, Buffer.from('{"a":1}'));
  assert.equal(decode(message('42', { contentType: 'text/plain' }), 'auto').payload, '42');
  assert.equal(decode(message('42', {}), 'auto').payload, 42);
  assert.equal(decode(message('', {}), 'auto').payload, '', 'an empty payload is an empty string');
  assert.match(decode(message(Buffer.from([0xff]), {}), 'json').error!, /not UTF-8 text/);
});

test('invalid UTF-8 with output string, and a large payload, arrive as Node-RED gives them', async (t) => {
  const { broker, flows } = await builtinFlows(t, [
    { id: 's', type: 'mqtt-in', config: { topic: 'bin', parse: 'string' }, wires: [['out-s']] }, { id: 'out-s', type: 'test-sink' },
    { id: 'a', type: 'mqtt-in', config: { topic: 'big', parse: 'auto' }, wires: [['out-a']] }, { id: 'out-a', type: 'test-sink' },
  ]);
  await subscriptions(broker, 2);
  const client = await mqttClient(t, broker.url);
  await client.publishAsync('bin', Buffer.from([0x61, 0xff, 0x62]), { qos: 1 });
  const big = 'x'.repeat(512 * 1024);
  await client.publishAsync('big', big, { qos: 1 });
  const [text] = await flows.waitFor('out-s', 1);
  assert.equal(text!.payload, 'a\ufffdb', 'decoded with replacement characters, as Buffer.toString does');
  const [large] = await flows.waitFor('out-a', 1);
  assert.equal((large!.payload as string).length, big.length);
});
