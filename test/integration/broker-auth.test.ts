// Users, passwords and topic ACLs enforced on real connections (mqtt.js and mosquitto
// clients); every denial is logged with the client id and nothing crashes.
import { test, before, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect, connectAsync, type IClientOptions, type ISubscriptionMap, type MqttClient, type Packet } from 'mqtt';
import { createConnection } from 'node:net';
import { generate } from 'mqtt-packet';
import { hashPassword, startBroker, type BrokerUser } from '../../server/broker/broker.ts';
import { connectClient, nextMessage, run, startTestBroker, until, within } from '../helpers/broker.ts';

let users: BrokerUser[];
before(async () => {
  users = [
    {
      username: 'alice',
      password: await hashPassword('alice-pw'),
      acl: { publish: ['sensors/alice/#'], subscribe: ['cmd/alice/#', 'sensors/+/temp'] },
    },
    { username: 'admin', password: await hashPassword('admin-pw') },
  ];
});

async function securedBroker(t: TestContext) {
  return startTestBroker(t, { users, anonymous: 'none' });
}

/** The CONNACK return code an mqtt.js connect attempt was refused with. */
async function refusal(url: string, opts: IClientOptions) {
  const err: unknown = await within(
    connectAsync(url, { reconnectPeriod: 0, ...opts }).then(
      (client) => {
        client.end(true);
        return new Error('connected');
      },
      (e: unknown) => e,
    ),
    'the refusal',
  );
  assert.ok(err instanceof Error && 'code' in err, `refused with a code, got ${String(err)}`);
  return err.code;
}

/** The SUBACK return codes for `subs`; mqtt.js turns a 0x80 into an error that hides them. */
function subackCodes(client: MqttClient, subs: ISubscriptionMap): Promise<unknown[]> {
  const suback = within(
    new Promise<unknown[]>((resolve) => {
      const onPacket = (packet: Packet) => {
        if (packet.cmd !== 'suback') return;
        client.off('packetreceive', onPacket);
        resolve(packet.granted);
      };
      client.on('packetreceive', onPacket);
    }),
    'SUBACK',
  );
  client.subscribe(subs, () => {
    // the error for the 0x80 codes is what the callers assert on, through the codes
  });
  return suback;
}

test('a wrong password is refused with CONNACK 4 and logged with the client id', async (t) => {
  const { url, entries } = await securedBroker(t);
  assert.equal(await refusal(url, { username: 'alice', password: 'wrong', clientId: 'guesser' }), 4);
  assert.equal(await refusal(url, { username: 'mallory', password: 'x', clientId: 'guesser-2' }), 4);
  const denied = entries.filter((e) => e.msg === 'mqtt connect denied');
  assert.deepEqual(denied.map((e) => [e.fields.clientId, e.fields.username, e.fields.returnCode]), [
    ['guesser', 'alice', 4],
    ['guesser-2', 'mallory', 4],
  ]);
  assert.ok(!JSON.stringify(entries).includes('wrong'), 'the password is not logged');
});

test('mosquitto_pub with a wrong password fails, with the right one succeeds', async (t) => {
  const { broker } = await securedBroker(t);
  const port = String(broker.ports.tcp);
  const args = ['-h', '127.0.0.1', '-p', port, '-u', 'alice', '-t', 'sensors/alice/temp', '-m', '20'];
  const wrong = await run(t, 'mosquitto_pub', [...args, '-P', 'nope']);
  assert.notEqual(wrong.code, 0);
  const right = await run(t, 'mosquitto_pub', [...args, '-P', 'alice-pw']);
  assert.equal(right.code, 0, right.stderr);
});

test('anonymous clients are refused with CONNACK 5 when settings say none', async (t) => {
  const { url, entries } = await securedBroker(t);
  assert.equal(await refusal(url, { clientId: 'anon' }), 5);
  assert.ok(entries.some((e) => e.msg === 'mqtt connect denied' && e.fields.clientId === 'anon'));
});

test('anonymous clients from loopback are accepted by default', async (t) => {
  const { url } = await startTestBroker(t, { users });
  const client = await connectClient(t, url);
  assert.equal(client.connected, true);
});

test('the publish ACL: allowed topics pass, others are dropped with the connection', async (t) => {
  const { url, entries } = await securedBroker(t);
  const admin = await connectClient(t, url, { username: 'admin', password: 'admin-pw' });
  await admin.subscribeAsync('#', { qos: 1 });
  const alice = await connectClient(t, url, { username: 'alice', password: 'alice-pw', clientId: 'alice-1' });

  const allowed = nextMessage(admin);
  await alice.publishAsync('sensors/alice/temp', '20', { qos: 1 });
  assert.equal((await allowed).topic, 'sensors/alice/temp');

  const seen: string[] = [];
  admin.on('message', (topic) => seen.push(topic));
  const dropped = within(new Promise((resolve) => alice.once('close', () => resolve(undefined))), 'alice to be dropped');
  alice.publish('cmd/bob/door', 'open', { qos: 1 });
  await dropped;
  const probe = nextMessage(admin, 'probe');
  await admin.publishAsync('probe', 'x', { qos: 1 });
  await probe;
  assert.deepEqual(seen, ['probe'], 'the denied message was not delivered');
  const denial = entries.find((e) => e.msg === 'mqtt publish denied');
  assert.deepEqual(denial?.fields, { clientId: 'alice-1', username: 'alice', topic: 'cmd/bob/door' });
});

test('the subscribe ACL: denied filters get SUBACK 0x80 and no messages', async (t) => {
  const { url, entries } = await securedBroker(t);
  const alice = await connectClient(t, url, { username: 'alice', password: 'alice-pw', clientId: 'alice-2' });
  const granted = await subackCodes(alice, { 'sensors/+/temp': { qos: 1 }, '#': { qos: 1 }, 'cmd/+/x': { qos: 0 } });
  // [MQTT-3.9.3-2] 0x80 marks a failed subscription; 'cmd/+/x' reaches beyond cmd/alice/#
  assert.deepEqual(granted, [1, 128, 128]);
  assert.equal(alice.connected, true, 'a denied subscription does not end the connection');

  const admin = await connectClient(t, url, { username: 'admin', password: 'admin-pw' });
  const seen: string[] = [];
  alice.on('message', (topic) => seen.push(topic));
  await admin.publishAsync('other/topic', 'secret', { qos: 1 });
  await admin.publishAsync('sensors/bob/temp', '19', { qos: 1 });
  await until(() => seen.length === 1, 'the allowed message');
  assert.deepEqual(seen, ['sensors/bob/temp']);
  assert.deepEqual(
    entries.filter((e) => e.msg === 'mqtt subscribe denied').map((e) => [e.fields.clientId, e.fields.topic]),
    [['alice-2', '#'], ['alice-2', 'cmd/+/x']],
  );
});

test('messages queued for a persistent session are checked against the ACL on delivery', async (t) => {
  const { url, broker } = await securedBroker(t);
  const creds = { username: 'alice', password: 'alice-pw', clientId: 'alice-3', clean: false };
  const alice = await connectClient(t, url, creds);
  // aedes stores every filter of a SUBSCRIBE packet for the session, denied ones included
  assert.deepEqual(await subackCodes(alice, { 'cmd/alice/#': { qos: 1 }, 'secret/#': { qos: 1 } }), [1, 128]);
  await alice.endAsync();
  await until(() => broker.stats().clientsConnected === 0, 'alice to go offline');
  await broker.publish('secret/plans', 'no', { qos: 1 });
  await broker.publish('cmd/alice/light', 'on', { qos: 1 });

  const again = connect(url, { ...creds, reconnectPeriod: 0 });
  t.after(() => again.endAsync(true));
  const seen: string[] = [];
  again.on('message', (topic) => seen.push(topic));
  await until(() => seen.length > 0, 'the queued message');
  await broker.publish('cmd/alice/probe', 'x', { qos: 1 });
  await until(() => seen.includes('cmd/alice/probe'), 'the probe');
  assert.deepEqual(seen, ['cmd/alice/light', 'cmd/alice/probe']);
});

test('a will on a topic the user may not publish to is refused at CONNECT', async (t) => {
  const { url, entries } = await securedBroker(t);
  const will = { topic: 'cmd/all/alarm', payload: Buffer.from('x'), qos: 0 as const, retain: false };
  assert.equal(await refusal(url, { username: 'alice', password: 'alice-pw', clientId: 'alice-4', will }), 5);
  assert.ok(entries.some((e) => e.msg === 'mqtt connect denied' && e.fields.clientId === 'alice-4'));
});

test('plain-text passwords in settings are rejected at start', async () => {
  await assert.rejects(
    startBroker({ tcpPort: 0, users: [{ username: 'bob', password: 'hunter2' }] }),
    { code: 'BROKER_OPTIONS_INVALID' },
  );
});

test('a connection that takes over a persistent session but closes during its password check leaves live delivery alone', async (t) => {
  const { broker, url } = await securedBroker(t);
  const device = await connectClient(t, url, { clientId: 'panel', clean: false, username: 'admin', password: 'admin-pw' });
  await device.subscribeAsync('cmd/#', { qos: 1 });
  // The same client id signs in again and goes away while its password is being checked (scrypt).
  const intruder = createConnection({ host: '127.0.0.1', port: broker.ports.tcp! });
  await new Promise<void>((resolve) => intruder.once('connect', resolve));
  intruder.end(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'panel', clean: false, keepalive: 30, username: 'admin', password: Buffer.from('admin-pw') }));
  intruder.destroy();
  await new Promise((resolve) => setTimeout(resolve, 300)); // the check finishes after the close
  const next = nextMessage(device, 'cmd/light');
  await broker.publish('cmd/light', 'on', { qos: 1 });
  assert.equal((await next).payload.toString(), 'on', 'the connected device still gets its QoS 1 messages');
});
