// The broker's own defences on real connections (mqtt.js, mosquitto_pub/sub): $SYS for admins
// only, password guessing slowed per client address, the per-client publish rate limit, and
// Patchbay accounts followed live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MqttClient, Packet } from 'mqtt';
import { hashPassword, type BrokerAccount } from '../../server/broker/broker.ts';
import { accountDirectory, connectClient, connectOutcome, nextMessage, rawConnect5, run, startTestBroker, until, within } from '../helpers/broker.ts';

/** The codes of the next `count` packets of type `cmd` that `client` receives. */
function codesOf(client: MqttClient, cmd: 'puback' | 'pubrec' | 'suback', count: number): Promise<unknown[]> {
  const codes: unknown[] = [];
  return within(
    new Promise((resolve) => {
      const onPacket = (packet: Packet) => {
        if (packet.cmd !== cmd) return;
        codes.push(cmd === 'suback' && 'granted' in packet ? packet.granted : 'reasonCode' in packet ? packet.reasonCode ?? 0 : 0);
        if (codes.length < count) return;
        client.off('packetreceive', onPacket);
        resolve(codes);
      };
      client.on('packetreceive', onPacket);
    }),
    `${count} ${cmd}`,
  );
}

async function accounts(): Promise<BrokerAccount[]> {
  return [
    { username: 'root', role: 'admin', password: await hashPassword('root-password') },
    { username: 'plug', role: 'mqtt', password: await hashPassword('plug-password'), acl: { publish: ['plug/#'], subscribe: ['cmd/plug/#'] } },
    { username: 'val', role: 'viewer', password: await hashPassword('val-password') },
  ];
}

async function subscribeCodes(client: MqttClient, filter: string): Promise<unknown> {
  const suback = codesOf(client, 'suback', 1);
  client.subscribe(filter, () => {
    // a refused filter is an error for mqtt.js; the SUBACK's code is what the tests assert on
  });
  return (await suback)[0];
}

test('$SYS is readable by admins only: others get SUBACK 0x80 (MQTT 5: 0x87), anonymous loopback clients too; in-process subscribers keep it', async (t) => {
  const { broker, url, entries } = await startTestBroker(t, { accounts: accountDirectory(await accounts()), sysInterval: 100 });
  const root = await connectClient(t, url, { username: 'root', password: 'root-password' });
  assert.deepEqual(await subscribeCodes(root, '$SYS/#'), [0]);
  const uptime = nextMessage(root, '$SYS/broker/uptime');
  const inProcess = new Promise<string>((resolve) => void broker.subscribe('$SYS/broker/uptime', (m) => resolve(m.topic)));
  assert.equal((await uptime).topic, '$SYS/broker/uptime');
  assert.equal(await within(inProcess, 'the in-process $SYS subscriber'), '$SYS/broker/uptime');

  const plug = await connectClient(t, url, { username: 'plug', password: 'plug-password', protocolVersion: 5 });
  assert.deepEqual(await subscribeCodes(plug, '$SYS/broker/+'), [0x87]);
  const anonymous = await connectClient(t, url, { clientId: 'local-anon' });
  assert.deepEqual(await subscribeCodes(anonymous, '$SYS/#'), [0x80]);
  assert.ok(entries.some((e) => e.msg === 'mqtt subscribe denied' && e.fields.clientId === 'local-anon' && e.fields.topic === '$SYS/#'));

  // mosquitto_sub as an anonymous local client: the subscription is refused, nothing arrives
  const sub = await run(t, 'mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.ports.tcp), '-t', '$SYS/#', '-C', '1', '-W', '2']);
  assert.equal(sub.stdout, '');
  assert.match(sub.stderr, /denied/i);
});

test('Patchbay accounts: admin and mqtt roles log in with their passwords, viewers are refused (5 / 0x87)', async (t) => {
  const { broker, url } = await startTestBroker(t, { accounts: accountDirectory(await accounts()), anonymous: 'none' });
  assert.equal(await connectOutcome(url, { username: 'root', password: 'root-password' }), 'connected');
  assert.equal(await connectOutcome(url, { username: 'plug', password: 'wrong' }), 4);
  assert.equal(await connectOutcome(url, { username: 'val', password: 'val-password' }), 5);
  assert.equal(await connectOutcome(url, { username: 'val', password: 'val-password', protocolVersion: 5 }), 0x87);
  const port = String(broker.ports.tcp);
  const pub = await run(t, 'mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-u', 'plug', '-P', 'plug-password', '-t', 'plug/power', '-m', '12', '-q', '1']);
  assert.equal(pub.code, 0, pub.stderr);
});

test('accounts change live: a removed account or a new password ends its connection (MQTT 5: DISCONNECT 0x87), a new ACL applies at once', async (t) => {
  const list = await accounts();
  const directory = accountDirectory(list);
  const { url, entries } = await startTestBroker(t, { accounts: directory });
  const plug = await connectClient(t, url, { username: 'plug', password: 'plug-password', protocolVersion: 5, clientId: 'plug-1' });
  const root = await connectClient(t, url, { username: 'root', password: 'root-password', protocolVersion: 5 });

  list[1] = { ...list[1]!, acl: { publish: ['plug/#'], subscribe: ['cmd/plug/#', 'news/#'] } };
  directory.changed();
  assert.deepEqual(await subscribeCodes(plug, 'news/today'), [0], 'the wider ACL');

  const disconnect = within(new Promise<Packet>((resolve) => plug.once('disconnect', resolve)), 'the DISCONNECT');
  list.splice(1, 1);
  directory.changed();
  const packet = await disconnect;
  assert.equal(packet.cmd === 'disconnect' && packet.reasonCode, 0x87);
  assert.equal(root.connected, true, 'other accounts stay connected');
  assert.equal(await connectOutcome(url, { username: 'plug', password: 'plug-password' }), 4, 'the removed account no longer logs in');
  assert.ok(entries.some((e) => e.fields.code === 'BROKER_ACCOUNT_CHANGED' && e.fields.clientId === 'plug-1'));

  const closed = within(new Promise((resolve) => root.once('close', () => resolve('closed'))), 'the admin to be disconnected');
  list[0] = { ...list[0]!, password: await hashPassword('new root password') };
  directory.changed();
  assert.equal(await closed, 'closed', 'a new password ends connections made with the old one');
  assert.equal(await connectOutcome(url, { username: 'root', password: 'new root password' }), 'connected');
});

test('password guessing: 30 wrong passwords from one address, then the right one is refused (5 / 0x9F) until the window passes', async (t) => {
  const windowMs = 3000;
  const { broker, url, entries } = await startTestBroker(t, {
    accounts: accountDirectory(await accounts()),
    loginLimits: { perClient: 10, perUser: 20, windowMs },
  });
  const codes: Array<number | string> = [];
  for (let i = 0; i < 30; i++) codes.push(await connectOutcome(url, { username: 'plug', password: `guess-${i}` }));
  assert.deepEqual(codes.slice(0, 10), Array(10).fill(4), 'bad user name or password, checked');
  assert.deepEqual(codes.slice(-10), Array(10).fill(5), 'refused without a check');
  assert.equal(await connectOutcome(url, { username: 'plug', password: 'plug-password' }), 5);
  const { connack } = await rawConnect5(t, broker.ports.tcp, { clientId: 'v5', username: 'plug', password: Buffer.from('plug-password') });
  assert.equal(connack.reasonCode, 0x9f, 'MQTT 5: Connection rate exceeded');
  assert.match(String(connack.properties?.reasonString), /Too many failed MQTT logins from .*127\.0\.0\.1/);
  const pub = await run(t, 'mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.ports.tcp), '-u', 'plug', '-P', 'plug-password', '-t', 'plug/x', '-m', '1']);
  assert.notEqual(pub.code, 0, 'mosquitto_pub with the right password is refused too');
  assert.ok(entries.some((e) => e.fields.code === 'BROKER_LOGIN_RATE_LIMITED'));

  const deadline = Date.now() + windowMs + 5000;
  let outcome: number | string = 5;
  while (outcome !== 'connected' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    outcome = await connectOutcome(url, { username: 'plug', password: 'plug-password' });
  }
  assert.equal(outcome, 'connected', 'the window passed');
});

/** Publishes `count` messages at `qos` without waiting for each acknowledgement. */
function publishMany(client: MqttClient, topic: string, count: number, qos: 0 | 1 | 2): void {
  for (let i = 0; i < count; i++) {
    client.publish(topic, String(i), { qos }, () => {
      // refusals (0x97) are errors for mqtt.js; the acknowledgements' codes are asserted
    });
  }
}

test('publish rate limit: past the burst MQTT 5 QoS 1/2 get 0x97 Quota exceeded, QoS 0 is dropped, the connection stays; counted in the log', async (t) => {
  // one publish every 100 s after a burst of 3: no refill during the test, however slow the machine
  const { broker, url, entries } = await startTestBroker(t, { maxPublishRate: 0.01, publishBurst: 3 });
  const received: string[] = [];
  const unsubscribe = await broker.subscribe('meter/#', (m) => received.push(`${m.topic}:${m.payload.toString()}`));
  t.after(unsubscribe);
  const meter = await connectClient(t, url, { protocolVersion: 5, clientId: 'meter' });

  const acks = codesOf(meter, 'puback', 5);
  publishMany(meter, 'meter/q1', 5, 1);
  assert.deepEqual(await acks, [0, 0, 0, 0x97, 0x97]);
  publishMany(meter, 'meter/q0', 3, 0);
  const pubrec = codesOf(meter, 'pubrec', 1);
  publishMany(meter, 'meter/q2', 1, 2);
  assert.deepEqual(await pubrec, [0x97]);
  await broker.publish('meter/probe', 'in-process publishes are not limited');
  await until(() => received.some((r) => r.startsWith('meter/probe')), 'the probe');
  assert.deepEqual(received.slice(0, -1), ['meter/q1:0', 'meter/q1:1', 'meter/q1:2']);
  assert.equal(meter.connected, true);
  const report = entries.find((e) => e.fields.code === 'BROKER_PUBLISH_RATE_EXCEEDED');
  assert.deepEqual([report?.fields.clientId, report?.fields.refused], ['meter', 1], 'the first refusal is logged at once, the rest summed later');
});

test('publish rate limit on MQTT 3.1.1: QoS 0 past the burst is dropped, QoS 1 closes the connection (it cannot be told)', async (t) => {
  const { broker, url } = await startTestBroker(t, { maxPublishRate: 0.01, publishBurst: 2 });
  const received: string[] = [];
  t.after(await broker.subscribe('meter/#', (m) => received.push(m.topic)));
  const meter = await connectClient(t, url, { clientId: 'meter-3' });
  publishMany(meter, 'meter/q0', 4, 0);
  const closed = within(new Promise((resolve) => meter.once('close', () => resolve('closed'))), 'the close');
  publishMany(meter, 'meter/q1', 1, 1);
  assert.equal(await closed, 'closed');
  await broker.publish('meter/probe', 'x');
  await until(() => received.includes('meter/probe'), 'the probe');
  assert.deepEqual(received, ['meter/q0', 'meter/q0', 'meter/probe']);
});

test('mosquitto_pub past the rate limit: MQTT 5 QoS 1 publishes beyond the burst are refused', async (t) => {
  const { broker, entries } = await startTestBroker(t, { maxPublishRate: 0.01, publishBurst: 2 });
  const received: string[] = [];
  t.after(await broker.subscribe('meter/#', (m) => received.push(m.payload.toString())));
  await run(t, 'mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.ports.tcp), '-V', 'mqttv5', '-q', '1', '-i', 'mosq-meter', '-t', 'meter/kwh', '-m', 'x', '--repeat', '5']);
  await broker.publish('meter/kwh', 'probe');
  await until(() => received.includes('probe'), 'the probe');
  assert.deepEqual(received, ['x', 'x', 'probe']);
  assert.ok(entries.some((e) => e.fields.code === 'BROKER_PUBLISH_RATE_EXCEEDED' && e.fields.clientId === 'mosq-meter'));
});
