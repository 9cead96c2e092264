// Each way a hostile web page (or a DNS rebinding) could drive Patchbay through the user's
// browser, probed with the headers a browser would send, and refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { createServer } from '../../server/index.ts';
import { silentLog } from '../helpers/flows.ts';
import { nextEvent, startServer, type TestServer } from '../helpers/server.ts';
import type { FlowDocument } from '../../server/api/contract.ts';

const EVIL = 'http://evil.example';

/** A raw request, so any Host and Origin can be sent (fetch would set its own Host). */
function raw(server: TestServer, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const injectFlow: FlowDocument = {
  format: 'patchbay-flows', version: 1, flows: [{ id: 'f1', label: 'F' }],
  nodes: [
    { id: 'lock', type: 'inject', flow: 'f1', config: { payload: { type: 'str', value: 'open' } }, wires: [['seen']] },
    { id: 'seen', type: 'debug', flow: 'f1', config: {}, wires: [] },
  ],
};

test('MQTT over WebSocket at /mqtt: a foreign Origin gets no connection; the server\'s own pages and non-browser clients do', async (t) => {
  // anonymous from a page needs this setting (broker-security-server.test.ts); here it is the Origin check under test
  const server = await startServer(t, { broker: true, mqtt: { allowAnonymousWebSocket: true } });
  const wsUrl = `${server.url.replace('http', 'ws')}/mqtt`;
  const refused = await new Promise<number | string>((resolve) => {
    const ws = new WebSocket(wsUrl, ['mqtt'], { headers: { Origin: EVIL } });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
    ws.once('open', () => { ws.close(); resolve('opened'); });
    ws.once('error', (err) => resolve(err.message));
  });
  assert.equal(refused, 403);
  const own = await connectAsync(wsUrl, { reconnectPeriod: 0, wsOptions: { headers: { Origin: server.url } } });
  await own.endAsync();
  const script = await connectAsync(wsUrl, { reconnectPeriod: 0 });
  await script.endAsync();
});

test('socket.io /editor: a foreign Origin is refused before the handshake, on websocket and polling alike', async (t) => {
  const server = await startServer(t);
  for (const transports of [['websocket'], ['polling']] as const) {
    const socket = io(`${server.url}/editor`, { transports: [...transports], reconnection: false, extraHeaders: { Origin: EVIL } });
    t.after(() => socket.close());
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
    assert.equal(outcome, 'refused', transports[0]);
  }
  const own = io(`${server.url}/editor`, { transports: ['websocket'], reconnection: false, extraHeaders: { Origin: server.url } });
  t.after(() => own.close());
  await new Promise<void>((resolve, reject) => { own.once('connect', resolve); own.once('connect_error', reject); });
});

test('a cross-site HTML form or fetch cannot press an inject button, even with login off', async (t) => {
  const server = await startServer(t);
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: injectFlow })).status, 200);
  const socket = await server.editorSocket();
  let fired = 0;
  socket.on('debug', () => { fired++; });
  const form = await raw(server, '/api/nodes/lock/trigger', { method: 'POST', headers: { host: new URL(server.url).host, origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
  assert.equal(form.status, 403);
  const sameOriginForm = await raw(server, '/api/nodes/lock/trigger', { method: 'POST', headers: { host: new URL(server.url).host, 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
  assert.deepEqual([sameOriginForm.status, JSON.parse(sameOriginForm.body).code], [415, 'HTTP_BODY_UNSUPPORTED']);
  const jsonFromElsewhere = await raw(server, '/api/nodes/lock/trigger', { method: 'POST', headers: { host: new URL(server.url).host, origin: EVIL, 'content-type': 'application/json' }, body: '{}' });
  assert.deepEqual([jsonFromElsewhere.status, JSON.parse(jsonFromElsewhere.body).code], [403, 'HTTP_ORIGIN_REFUSED']);
  const noCorsFetch = await raw(server, '/api/nodes/lock/trigger', { method: 'POST', headers: { host: new URL(server.url).host, 'sec-fetch-site': 'cross-site' } });
  assert.equal(noCorsFetch.status, 403);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(fired, 0, 'the inject never fired');
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'seen');
  assert.equal((await server.api('/api/nodes/lock/trigger', { method: 'POST', headers: { origin: server.url } })).status, 200, 'the editor itself still can');
  await shown;
});

test('DNS rebinding: a foreign Host is refused on the API and the editor; the machine\'s own names and IPs pass', async (t) => {
  const server = await startServer(t, { http: { allowedHosts: ['patchbay.home.arpa'], allowedOrigins: [] } });
  const port = new URL(server.url).port;
  for (const path of ['/api/health', '/api/flows', '/']) {
    const res = await raw(server, path, { headers: { host: `rebind.evil.example:${port}` } });
    assert.equal(res.status, 403, path);
    assert.equal(JSON.parse(res.body).code, 'HTTP_HOST_REFUSED');
  }
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `192.168.1.20:${port}`, `patchbay.home.arpa:${port}`]) {
    assert.equal((await raw(server, '/api/health', { headers: { host } })).status, 200, host);
  }
});

test('security headers: a CSP without unsafe-eval, nosniff, no framing, a referrer policy', async (t) => {
  const server = await startServer(t);
  for (const path of ['/', '/api/health']) {
    const { headers } = await raw(server, path, { headers: { host: new URL(server.url).host } });
    const csp = String(headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/, path);
    assert.doesNotMatch(csp, /unsafe-eval/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.equal(headers['x-content-type-options'], 'nosniff', path);
    assert.equal(headers['referrer-policy'], 'same-origin', path);
    assert.equal(headers['access-control-allow-origin'], undefined, `${path}: no CORS grant`);
  }
});

test('flows cannot read Patchbay\'s own secrets: env.get and ${...} see no PATCHBAY_* variables', async (t) => {
  const server = await startServer(t, { env: { PATCHBAY_CREDENTIAL_SECRET: 'the-secret', HOME_ZONE: 'Europe/Paris' } });
  const doc: FlowDocument = {
    format: 'patchbay-flows', version: 1, flows: [{ id: 'f1', label: 'F' }],
    nodes: [
      { id: 'go', type: 'inject', flow: 'f1', config: { topic: '${PATCHBAY_CREDENTIAL_SECRET}|${HOME_ZONE}' }, wires: [['read']] },
      { id: 'read', type: 'function', flow: 'f1', config: { code: 'msg.payload = [env.get("PATCHBAY_CREDENTIAL_SECRET"), env.get("HOME_ZONE")]; return msg;' }, wires: [['show']] },
      { id: 'show', type: 'debug', flow: 'f1', config: { property: '' }, wires: [] },
    ],
  };
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: doc })).status, 200);
  const socket = await server.editorSocket();
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'show');
  await server.api('/api/nodes/go/trigger', { method: 'POST' });
  const msg = (await shown).value as { topic: string; payload: unknown[] };
  assert.equal(msg.topic, '|Europe/Paris');
  assert.deepEqual(msg.payload, [{ __pb: 'undefined' }, 'Europe/Paris']);
});

test('binding to the network: refused without accounts or TLS unless --insecure; login off is for loopback only', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-expose-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const start = (opts: Parameters<typeof createServer>[0]) => createServer({ port: 0, mqttPort: 0, broker: false, log: silentLog, env: {}, dataDir, ...opts });
  await assert.rejects(start({ host: '0.0.0.0' }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'AUTH_SETTINGS_INSECURE');
    assert.match(err.message, /PATCHBAY_ADMIN_PASSWORD.*patchbay tls self-signed.*--insecure/);
    return true;
  });
  await assert.rejects(start({ host: '0.0.0.0', auth: false, insecure: true }), /auth is off/);
  const insecure = await start({ host: '0.0.0.0', insecure: true });
  await insecure.close();
  const withPassword = await start({ host: '0.0.0.0', env: { PATCHBAY_ADMIN_PASSWORD: 'a long admin password' } });
  await withPassword.close();
});

test('the data dir is owner-only and the leftovers of interrupted writes are removed at start', async (t) => {
  const dataDir = join(await mkdtemp(join(tmpdir(), 'patchbay-perms-')), 'data');
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const first = await startServer(t, { dataDir, env: { PATCHBAY_ADMIN_PASSWORD: 'a long admin password' }, auth: true });
  await first.close();
  assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
  for (const name of await readdir(dataDir)) {
    const { mode } = await stat(join(dataDir, name));
    if (!(await stat(join(dataDir, name))).isDirectory()) assert.equal(mode & 0o077, 0, `${name} is owner-only`);
  }
  await writeFile(join(dataDir, 'flows.json.4242.0123456789ab.tmp'), '{"half": ');
  const second = await startServer(t, { dataDir });
  await second.close();
  assert.ok(!(await readdir(dataDir)).some((name) => name.endsWith('.tmp')));
});
