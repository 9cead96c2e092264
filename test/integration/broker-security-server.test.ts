// The broker's security through the whole server: MQTT over WebSocket at /mqtt from a web page,
// broker accounts made with `patchbay users` and picked up live, and password guessing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IClientOptions } from 'mqtt';
import { connectClient, connectOutcome, run } from '../helpers/broker.ts';
import { ADMIN_PASSWORD, runCommand } from '../helpers/cli.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** `patchbay users ...` against the server's data dir, as a user types it while the server runs. */
async function users(server: TestServer, args: string[], password = ''): Promise<void> {
  const result = await runCommand(['users', ...args, '--data-dir', server.dataDir], password);
  assert.equal(result.code, 0, result.stderr);
}

/** Connects until the outcome is `expected` (the server reads users.json a moment after it changed); returns the last outcome. */
async function eventually(url: string, opts: IClientOptions, expected: number | string): Promise<number | string> {
  let outcome: number | string = 'not tried';
  for (let i = 0; i < 40 && outcome !== expected; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    outcome = await connectOutcome(url, opts);
  }
  return outcome;
}

test('MQTT over WebSocket from a web page: anonymous is refused (CONNACK 5 / 0x87) even from the server\'s own page on loopback; accounts and scripts connect', async (t) => {
  const server = await startServer(t, { broker: true });
  const wsUrl = `${server.url.replace('http', 'ws')}/mqtt`;
  const fromPage = { wsOptions: { headers: { Origin: server.url } } };
  assert.equal(await connectOutcome(wsUrl, fromPage), 5);
  assert.equal(await connectOutcome(wsUrl, { ...fromPage, protocolVersion: 5 }), 0x87);
  assert.equal(await connectOutcome(wsUrl, {}), 'connected', 'a script without Origin is a local client as before');

  await users(server, ['add', 'dashboard', '--role', 'mqtt', '--subscribe', 'home/#'], 'dashboard password');
  assert.equal(await eventually(wsUrl, { ...fromPage, username: 'dashboard', password: 'dashboard password' }, 'connected'), 'connected');
});

test('mqtt.allowAnonymousWebSocket lets web pages in anonymously', async (t) => {
  const server = await startServer(t, { broker: true, mqtt: { allowAnonymousWebSocket: true } });
  const wsUrl = `${server.url.replace('http', 'ws')}/mqtt`;
  assert.equal(await connectOutcome(wsUrl, { wsOptions: { headers: { Origin: server.url } } }), 'connected');
});

test('broker accounts from `patchbay users`: the admin and mqtt accounts log in, viewers do not; $SYS for the admin only; a removed account is disconnected', async (t) => {
  const server = await startServer(t, { broker: true, auth: true, env: { PATCHBAY_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const url = server.mqttUrl!;
  const port = new URL(url).port;
  await users(server, ['add', 'plug', '--role', 'mqtt', '--publish', 'plug/#', '--subscribe', 'cmd/plug/#'], 'plug password');
  await users(server, ['add', 'val', '--role', 'viewer'], 'val password');
  const badPattern = await runCommand(['users', 'add', 'odd', '--role', 'mqtt', '--publish', 'plug#', '--data-dir', server.dataDir], 'odd password');
  assert.equal(badPattern.code, 2);
  assert.match(badPattern.stderr, /topic pattern "plug#"/);
  const listed = await runCommand(['users', 'list', '--data-dir', server.dataDir]);
  assert.match(listed.stdout, /^plug\tmqtt\tpublish: plug\/#\tsubscribe: cmd\/plug\/#$/m);

  assert.equal(await eventually(url, { username: 'plug', password: 'plug password' }, 'connected'), 'connected');
  assert.equal(await connectOutcome(url, { username: 'val', password: 'val password' }), 5);
  const pub = await run(t, 'mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-u', 'plug', '-P', 'plug password', '-t', 'plug/power', '-m', '3', '-q', '1']);
  assert.equal(pub.code, 0, pub.stderr);
  const sysAsPlug = await run(t, 'mosquitto_sub', ['-h', '127.0.0.1', '-p', port, '-u', 'plug', '-P', 'plug password', '-t', '$SYS/#', '-C', '1', '-W', '2']);
  assert.match(sysAsPlug.stderr, /denied/i);
  const admin = await connectClient(t, url, { username: 'admin', password: ADMIN_PASSWORD });
  assert.deepEqual((await admin.subscribeAsync('$SYS/#')).map((grant) => grant.qos), [0], 'granted to the admin');

  const plug = await connectClient(t, url, { username: 'plug', password: 'plug password', protocolVersion: 5 });
  const gone = new Promise((resolve) => plug.once('close', () => resolve('closed')));
  await users(server, ['remove', 'plug']);
  assert.equal(await gone, 'closed');
  assert.equal(await connectOutcome(url, { username: 'plug', password: 'plug password' }), 4);
});

test('MQTT password guessing from one address: after 10 failures a minute even the right password is refused', async (t) => {
  const server = await startServer(t, { broker: true, auth: true, env: { PATCHBAY_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const url = server.mqttUrl!;
  const codes: Array<number | string> = [];
  for (let i = 0; i < 30; i++) codes.push(await connectOutcome(url, { username: 'admin', password: `guess ${i}`, protocolVersion: 5 }));
  assert.deepEqual([codes[0], codes[29]], [0x86, 0x9f], 'Bad user name or password, then Connection rate exceeded');
  assert.equal(await connectOutcome(url, { username: 'admin', password: ADMIN_PASSWORD }), 5);
  assert.equal(await connectOutcome(url, {}), 'connected', 'anonymous local clients have no password to guess');
  const login = await server.api('/api/auth/login', { method: 'POST', body: { username: 'admin', password: ADMIN_PASSWORD } });
  assert.equal(login.status, 200, 'the editor login counts its own failures');
  await server.close(); // before the data dir is removed: the login's session is still being written
});
