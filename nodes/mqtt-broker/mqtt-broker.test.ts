import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConfigNodeInfo } from '#node-api';
import type { TestFlows } from '../../test/helpers/flows.ts';
import {
  brokerUser, builtinFlows, deployErrors, mqttClient, mqttFlows, probe, selfSignedCertificate, startBuiltin, startMosquitto, startPool,
  subscriptions, waitUntil,
} from '../../test/helpers/mqtt.ts';

const broker = (config: Record<string, unknown>) => ({ id: 'b', type: 'mqtt-broker', config });
const nodesUsing = (config: Record<string, unknown>) => [
  broker(config),
  { id: 'in', type: 'mqtt-in', config: { broker: 'b', topic: 't/#', qos: 1 }, wires: [['out']] },
  { id: 'out', type: 'test-sink' },
];
const statusesOf = (events: TestFlows['events']['status']) => events.filter((e) => e.node === 'in').map((e) => e.text);

test('the defaults deploy: builtin mode means the built-in broker, in-process', async (t) => {
  const { broker: builtin, flows } = await builtinFlows(t, nodesUsing({}));
  await subscriptions(builtin, 1);
  const client = await mqttClient(t, builtin.url);
  assert.equal(builtin.stats().clientsConnected, 1, 'only the test client: the node has no network connection');
  await client.publishAsync('t/1', 'x', { qos: 1 });
  const [msg] = await flows.waitFor('out', 1);
  assert.equal(msg!.payload, 'x');
});

test('a bad external URL is a deploy error on /config/url', async (t) => {
  const pool = startPool(t, {});
  for (const [url, message] of [
    ['', /Set the URL/],
    ['localhost:1883', /Unsupported protocol "localhost:"/],
    ['http://example.com', /Unsupported protocol "http:"/],
    ['not a url', /is not a URL/],
    ['mqtt://', /names no host/],
  ] as const) {
    const [error] = await deployErrors(t, pool, [broker({ mode: 'external', url })]);
    assert.deepEqual([error?.node, error?.path], ['b', '/config/url'], url);
    assert.match(error!.message, message);
  }
  for (const url of ['mqtt://h', 'mqtts://h:8883', 'ws://h:8080/mqtt', 'wss://h/mqtt']) {
    const flows = await mqttFlows(t, pool, [broker({ mode: 'external', url })]);
    await flows.stop();
  }
});

test('a persistent session needs a client id; birth, close and will topics take no wildcards', async (t) => {
  const pool = startPool(t, {});
  const url = 'mqtt://127.0.0.1:1';
  const [noId] = await deployErrors(t, pool, [broker({ mode: 'external', url, cleanSession: false })]);
  assert.equal(noId?.path, '/config/clientId');
  const [expiry] = await deployErrors(t, pool, [broker({ mode: 'external', url, protocolVersion: 5, sessionExpiry: 60 })]);
  assert.equal(expiry?.path, '/config/clientId');
  const [birth] = await deployErrors(t, pool, [broker({ mode: 'external', url, birth: { topic: 'status/#' } })]);
  assert.deepEqual([birth?.path, birth?.message], ['/config/birth/topic', 'The birth topic must not contain + or #']);
  const [version] = await deployErrors(t, pool, [broker({ mode: 'external', url, protocolVersion: 3 })]);
  assert.equal(version?.path, '/config/protocolVersion');
});

test('username and password come from the credentials', async (t) => {
  const external = await startBuiltin(t, { anonymous: 'none', users: [await brokerUser('pat', 's3cret')] });
  const pool = startPool(t, {});
  const good = await mqttFlows(t, pool, nodesUsing({ mode: 'external', url: external.url }), { credentials: { b: { username: 'pat', password: 's3cret' } } });
  await waitUntil(() => statusesOf(good.events.status).includes('connected'), 2000, 'connected');
  await subscriptions(external, 1);
  const client = await mqttClient(t, external.url, { username: 'pat', password: 's3cret' });
  await client.publishAsync('t/1', 'hi', { qos: 1 });
  await good.waitFor('out', 1);
  await good.stop();

  const bad = await mqttFlows(t, pool, nodesUsing({ mode: 'external', url: external.url }), { credentials: { b: { username: 'pat', password: 'guess' } } });
  await waitUntil(() => statusesOf(bad.events.status).includes('disconnected'), 2000, 'the refusal');
  await sleep(300);
  assert.ok(!statusesOf(bad.events.status).includes('connected'), statusesOf(bad.events.status).join(', '));
});

test('TLS: mqtts with the CA from the config, refused without it unless verification is off', async (t) => {
  const certificate = await selfSignedCertificate(t);
  const mosquitto = await startMosquitto(t, [`certfile ${certificate.certFile}`, `keyfile ${certificate.keyFile}`]);
  const url = `mqtts://127.0.0.1:${mosquitto.port}`;
  const pool = startPool(t, {});

  const trusted = await mqttFlows(t, pool, nodesUsing({ mode: 'external', url, tls: { ca: certificate.cert } }));
  await waitUntil(() => statusesOf(trusted.events.status).includes('connected'), 3000, 'a verified connection');
  const client = await mqttClient(t, url, { ca: certificate.cert });
  await probe(client, 't/probe', () => trusted.received('out').length > 0);
  await trusted.stop();

  const byPath = await mqttFlows(t, pool, nodesUsing({ mode: 'external', url, tls: { ca: certificate.certFile } }));
  await waitUntil(() => statusesOf(byPath.events.status).includes('connected'), 3000, 'a connection with the CA read from its file');
  await byPath.stop();

  const untrusted = await mqttFlows(t, pool, nodesUsing({ mode: 'external', url }));
  await sleep(300);
  assert.ok(!statusesOf(untrusted.events.status).includes('connected'), 'an unknown self-signed certificate is refused');
  await untrusted.stop();

  const unverified = await mqttFlows(t, pool, nodesUsing({ mode: 'external', url, tls: { rejectUnauthorized: false } }));
  await waitUntil(() => statusesOf(unverified.events.status).includes('connected'), 3000, 'an unverified connection');
});

test('an unreadable TLS file is reported by the nodes using the broker', async (t) => {
  const flows = await mqttFlows(t, startPool(t, {}), nodesUsing({ mode: 'external', url: 'mqtts://127.0.0.1:1', tls: { ca: '/no/such/ca.pem' } }));
  const logged = await flows.waitForEvent('log', (e) => e.level === 'error');
  assert.match(logged.message, /Cannot subscribe to "t\/#": Cannot connect to mqtts:\/\/127.0.0.1:1: Cannot read the TLS CA certificate from \/no\/such\/ca.pem/);
  await waitUntil(() => statusesOf(flows.events.status).at(-1) === 'disconnected', 2000, 'disconnected');
});

test('the TLS client key is a credential, not part of the config saved in the flow file', async () => {
  const { default: definition } = await import('./index.ts');
  assert.ok('tlsKey' in definition.credentials!.properties);
  assert.ok(!('key' in definition.config.properties.tls.properties));
});

test('the config node\'s settings and credentials become the connection spec node.mqtt takes', async () => {
  const { brokerSpec } = await import('./spec.ts');
  const nodes: ConfigNodeInfo[] = [
    { id: 'local', type: 'mqtt-broker', config: { mode: 'builtin', url: 'mqtt://ignored' }, credentials: {} },
    {
      id: 'nas', type: 'mqtt-broker',
      config: {
        mode: 'external', url: 'mqtts://nas:8883', clientId: 'hall', protocolVersion: 5, keepalive: 30, cleanSession: false,
        sessionExpiry: 600, tls: { rejectUnauthorized: false, ca: 'ca.pem', cert: '' },
        birth: { topic: 'pb/status', payload: 'online', qos: 1, retain: true }, close: { topic: '' }, will: {},
      },
      credentials: { username: 'pat', password: 's3cret', tlsKey: 'key.pem' },
    },
  ];
  const node = { configNode: (id: string) => nodes.find((n) => n.id === id) };
  assert.deepEqual(brokerSpec(node, 'local'), { kind: 'builtin' });
  assert.deepEqual(brokerSpec(node, 'nas'), {
    kind: 'external', url: 'mqtts://nas:8883', clientId: 'hall', protocolVersion: 5, keepalive: 30, clean: false, sessionExpiry: 600,
    tls: { rejectUnauthorized: false, ca: 'ca.pem', cert: '', key: 'key.pem' },
    birth: { topic: 'pb/status', payload: 'online', qos: 1, retain: true }, close: undefined, will: undefined,
    username: 'pat', password: 's3cret',
  });
});
