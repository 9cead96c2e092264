// MQTT 5 on the built-in broker with the Mosquitto command-line clients (`-V mqttv5`), for
// every feature they can express: properties (-D, printed with -F), session expiry (-x),
// will delay, topic aliases, subscription identifiers, shared subscriptions, Maximum Packet
// Size, Receive Maximum and the reason codes they report.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrokerHandle } from '../../server/broker/broker.ts';
import { hashPassword } from '../../server/broker/broker.ts';
import { connectClient, nextMessage, run, startTestBroker, until } from '../helpers/broker.ts';

type Ran = Awaited<ReturnType<typeof run>>;

/**
 * mosquitto_sub speaking MQTT 5 to `broker`, resolved once its subscription is in place, with
 * the promise of its output (wrapped: an async function would wait for the promise it returns).
 */
async function sub5(t: TestContext, broker: BrokerHandle, args: string[]): Promise<{ output: Promise<Ran> }> {
  const before = broker.stats().subscriptions;
  const output = run(t, 'mosquitto_sub', ['-V', 'mqttv5', '-h', '127.0.0.1', '-p', String(broker.ports.tcp), ...args]);
  output.catch(() => undefined); // observed by the caller
  await until(() => broker.stats().subscriptions > before, 'mosquitto_sub to subscribe');
  return { output };
}

function pub5(t: TestContext, broker: BrokerHandle, args: string[]) {
  return run(t, 'mosquitto_pub', ['-V', 'mqttv5', '-h', '127.0.0.1', '-p', String(broker.ports.tcp), ...args]);
}

test('mosquitto_pub -D publish properties reach mosquitto_sub -V mqttv5 unaltered, with its subscription identifier', async (t) => {
  const { broker } = await startTestBroker(t);
  const out = await sub5(t, broker, ['-t', 'rr/#', '-C', '1', '-F', '%t|%C|%R|%D|%P|%F|%S|%p', '-D', 'subscribe', 'subscription-identifier', '5']);
  const sent = await pub5(t, broker, [
    '-t', 'rr/req', '-m', 'hello', '-q', '1',
    '-D', 'publish', 'content-type', 'application/json', '-D', 'publish', 'response-topic', 'rr/reply',
    '-D', 'publish', 'correlation-data', 'c-7', '-D', 'publish', 'user-property', 'site', 'lab',
    '-D', 'publish', 'user-property', 'room', 'hall', '-D', 'publish', 'payload-format-indicator', '1',
  ]);
  assert.equal(sent.code, 0, sent.stderr);
  assert.equal((await out.output).stdout.trim(), 'rr/req|application/json|rr/reply|c-7|site:lab room:hall|1|5|hello');
});

test('message expiry (-D publish message-expiry-interval): the remaining interval is forwarded, an expired message dropped', async (t) => {
  const { broker } = await startTestBroker(t);
  const create = await run(t, 'mosquitto_sub', ['-V', 'mqttv5', '-p', String(broker.ports.tcp), '-t', 'exp/#', '-q', '1', '-c', '-i', 'exp-sub', '-x', '60', '-E']);
  assert.equal(create.code, 0, create.stderr);
  await pub5(t, broker, ['-t', 'exp/short', '-m', 'gone', '-q', '1', '-D', 'publish', 'message-expiry-interval', '1']);
  await pub5(t, broker, ['-t', 'exp/long', '-m', 'kept', '-q', '1', '-D', 'publish', 'message-expiry-interval', '60']);
  await sleep(1600);
  const back = await run(t, 'mosquitto_sub', ['-V', 'mqttv5', '-p', String(broker.ports.tcp), '-t', 'exp/#', '-q', '1', '-c', '-i', 'exp-sub', '-x', '60', '-C', '1', '-F', '%t %E %p']);
  const [topic, left, payload] = back.stdout.trim().split(' ');
  assert.deepEqual([topic, payload], ['exp/long', 'kept'], 'the expired message was not delivered');
  assert.ok(Number(left) > 0 && Number(left) < 60, `remaining expiry ${left}`);
});

test('session expiry (-c -x): the session and its queued messages wait, then end once the interval passes', async (t) => {
  const { broker } = await startTestBroker(t);
  const port = String(broker.ports.tcp);
  const subscribe = (id: string, expiry: string, extra: string[]) =>
    run(t, 'mosquitto_sub', ['-V', 'mqttv5', '-p', port, '-t', 'q/#', '-q', '1', '-c', '-i', id, '-x', expiry, ...extra]);
  assert.equal((await subscribe('long', '60', ['-E'])).code, 0);
  assert.equal((await subscribe('short', '1', ['-E'])).code, 0);
  await pub5(t, broker, ['-t', 'q/1', '-m', 'queued', '-q', '1']);
  await sleep(1600);
  assert.equal((await subscribe('long', '60', ['-C', '1'])).stdout.trim(), 'queued');
  const expired = await subscribe('short', '1', ['-C', '1', '-W', '1']);
  assert.equal(expired.stdout, '', 'the 1 s session had ended: nothing was queued for it');
});

test('will delay (-D will will-delay-interval): the will follows a lost connection after the delay', async (t) => {
  const { broker, url } = await startTestBroker(t);
  const watcher = await connectClient(t, url, { clientId: 'watcher', protocolVersion: 5 });
  await watcher.subscribeAsync('lwt/#');
  const before = broker.stats().subscriptions;
  const child = spawn('mosquitto_sub', [
    '-V', 'mqttv5', '-p', String(broker.ports.tcp), '-t', 'x', '-i', 'dying', '-x', '30',
    '--will-topic', 'lwt/dying', '--will-payload', 'gone', '-D', 'will', 'will-delay-interval', '1',
  ], { stdio: 'ignore' });
  t.after(() => child.kill('SIGKILL'));
  await until(() => broker.stats().subscriptions > before, 'mosquitto_sub to subscribe');
  const will = nextMessage(watcher, 'lwt/dying');
  const killedAt = Date.now();
  child.kill('SIGKILL'); // no DISCONNECT: the connection is simply lost
  assert.equal((await will).payload.toString(), 'gone');
  assert.ok(Date.now() - killedAt >= 900, 'after the Will Delay Interval');
});

test('topic alias (-D publish topic-alias) and shared subscriptions ($share/...) with the Mosquitto clients', async (t) => {
  const { broker } = await startTestBroker(t);
  const aliased = await sub5(t, broker, ['-t', 'al/#', '-C', '1', '-v']);
  await pub5(t, broker, ['-t', 'al/x', '-m', 'via alias', '-D', 'publish', 'topic-alias', '1']);
  assert.equal((await aliased.output).stdout.trim(), 'al/x via alias');
  await until(() => broker.stats().clientsConnected === 0, 'that mosquitto_sub to leave');

  const one = await sub5(t, broker, ['-t', '$share/grp/jobs/#', '-q', '1', '-W', '2']);
  const two = await sub5(t, broker, ['-t', '$share/grp/jobs/#', '-q', '1', '-W', '2']);
  for (let i = 0; i < 10; i++) await pub5(t, broker, ['-t', `jobs/${i}`, '-m', String(i), '-q', '1']);
  const lines = await Promise.all([one, two].map(async (p) => (await p.output).stdout.split('\n').filter(Boolean)));
  assert.equal(lines[0]!.length + lines[1]!.length, 10, 'each message to one member');
  assert.ok(lines[0]!.length > 0 && lines[1]!.length > 0, `both members got some: ${lines[0]!.length}/${lines[1]!.length}`);
});

test('Maximum Packet Size and Receive Maximum set by mosquitto_sub (-D connect ...)', async (t) => {
  const { broker } = await startTestBroker(t);
  const small = await sub5(t, broker, ['-t', 'size/#', '-q', '1', '-C', '2', '-D', 'connect', 'maximum-packet-size', '64', '-D', 'connect', 'receive-maximum', '1']);
  await pub5(t, broker, ['-t', 'size/a', '-m', 'small', '-q', '1']);
  await pub5(t, broker, ['-t', 'size/b', '-m', 'x'.repeat(200), '-q', '1']);
  for (let i = 0; i < 3; i++) await pub5(t, broker, ['-t', 'size/c', '-m', `more ${i}`, '-q', '1']);
  assert.deepEqual((await small.output).stdout.split('\n').filter(Boolean), ['small', 'more 0'], 'the large one skipped; one at a time still arrives');
});

test('reason codes mosquitto_pub reports: not authorized (0x87), payload format invalid (0x99)', async (t) => {
  const users = [{ username: 'pat', password: await hashPassword('pw'), acl: { publish: ['ok/#'] } }];
  const { broker } = await startTestBroker(t, { users, anonymous: 'none' });
  const denied = await pub5(t, broker, ['-u', 'pat', '-P', 'pw', '-t', 'no/way', '-m', 'x', '-q', '1']);
  assert.match(denied.stdout + denied.stderr, /Not authori[sz]ed/i);
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'bad.bin'), Buffer.from([0xc3, 0x28]));
  const invalid = await pub5(t, broker, ['-u', 'pat', '-P', 'pw', '-t', 'ok/x', '-f', join(dir, 'bad.bin'), '-q', '1', '-D', 'publish', 'payload-format-indicator', '1']);
  assert.match(invalid.stdout + invalid.stderr, /Payload format invalid/);
  const refused = await pub5(t, broker, ['-u', 'pat', '-P', 'wrong', '-t', 'ok/x', '-m', 'x']);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /[Bb]ad user ?name or password|not authori[sz]ed/i);
});
