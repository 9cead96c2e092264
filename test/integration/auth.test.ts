// Login, roles and tokens through the real server: REST with Bearer tokens and the session
// cookie, socket.io with `auth: { token }`, and a route audit that fails for any route
// registered without an access policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import type { Express } from 'express';
import { hashPassword } from '../../server/auth/passwords.ts';
import { ACCESS } from '../../server/http/auth.ts';
import type { Access } from '../../server/auth/authenticator.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ADMIN_PASSWORD = 'correct horse battery';
const VIEWER_PASSWORD = 'viewer password';

async function startWithLogin(t: Parameters<typeof startServer>[0]): Promise<TestServer> {
  return startServer(t, {
    auth: true,
    broker: true,
    env: { PATCHBAY_ADMIN_PASSWORD: ADMIN_PASSWORD },
    users: [{ username: 'val', role: 'viewer', password: await hashPassword(VIEWER_PASSWORD) }],
  });
}

async function login(server: TestServer, username: string, password: string): Promise<{ status: number; body: any; headers: Headers }> {
  return server.api('/api/auth/login', { method: 'POST', body: { username, password } });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface RouteInfo {
  method: string;
  path: string;
  access?: Access;
}

/** Every route registered on the app, with the access its `allow(...)` declares. */
function registeredRoutes(app: Express): RouteInfo[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: Record<symbol, unknown> }> }; rawPath?: string; handle: { stack?: Layer[] } };
  const walk = (stack: Layer[], prefix: string): RouteInfo[] => stack.flatMap((layer) => {
    if (layer.route) {
      const access = layer.route.stack.map((l) => l.handle[ACCESS] as Access | undefined).find((a) => a !== undefined);
      return Object.keys(layer.route.methods).map((method) => ({ method: method.toUpperCase(), path: prefix + layer.route!.path, access }));
    }
    return layer.handle.stack ? walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : '')) : [];
  });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
}

test('fresh start with PATCHBAY_ADMIN_PASSWORD: 401 without a token, 200 with the one from login; the session cookie works too', async (t) => {
  const server = await startWithLogin(t);
  const refused = await server.api('/api/flows');
  assert.deepEqual([refused.status, refused.body.code], [401, 'AUTH_REQUIRED']);
  const { status, body, headers } = await login(server, 'admin', ADMIN_PASSWORD);
  assert.equal(status, 200);
  assert.deepEqual([body.user, body.role], ['admin', 'admin']);
  assert.match(body.token, /^pbs_/);
  assert.equal((await server.api('/api/flows', { headers: bearer(body.token) })).status, 200);
  const cookie = headers.get('set-cookie')!;
  assert.match(cookie, /patchbay_session=[^;]+;.*HttpOnly/i);
  assert.match(cookie, /SameSite=Strict/i);
  const withCookie = { cookie: cookie.split(';')[0]! };
  assert.equal((await server.api('/api/flows', { headers: withCookie })).status, 200);
  assert.equal((await server.api('/api/auth/logout', { method: 'POST', headers: withCookie })).status, 200);
  assert.equal((await server.api('/api/flows', { headers: withCookie })).status, 401, 'logged out');
  assert.equal((await server.api('/api/health')).status, 200, 'health needs no login');
});

test('every registered route declares its access, and anonymous and viewer requests get what it says', async (t) => {
  const server = await startWithLogin(t);
  const routes = registeredRoutes(server.server.app);
  assert.ok(routes.length >= 12, `found ${routes.length} routes`);
  assert.deepEqual(routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.path}`), [], 'routes without allow(...)');
  for (const route of routes.filter((r) => r.path.startsWith('/api/'))) {
    const viewer = (await login(server, 'val', VIEWER_PASSWORD)).body.token as string; // a fresh one: a route may be logout
    const path = route.path.replace(/:(\w+)/g, 'x');
    const body = route.method === 'GET' ? undefined : {};
    const anonymous = await server.api(path, { method: route.method, body });
    const asViewer = await server.api(path, { method: route.method, body, headers: bearer(viewer) });
    const where = `${route.method} ${route.path} (${route.access})`;
    if (route.access === 'public') {
      assert.notEqual(anonymous.status, 401, where);
    } else {
      assert.equal(anonymous.status, 401, where);
      if (route.access === 'admin') assert.deepEqual([asViewer.status, asViewer.body.code], [403, 'AUTH_FORBIDDEN'], where);
      else assert.ok(![401, 403].includes(asViewer.status), `${where}: viewer got ${asViewer.status}`);
    }
  }
});

test('a viewer reads flows and watches topics but cannot deploy, inject, publish or watch $SYS', async (t) => {
  const server = await startWithLogin(t);
  const viewer = (await login(server, 'val', VIEWER_PASSWORD)).body.token as string;
  const flows = await server.api('/api/flows', { headers: bearer(viewer) });
  assert.equal(flows.status, 200);
  const { format, version, flows: tabs, nodes } = flows.body;
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: { format, version, flows: tabs, nodes }, headers: bearer(viewer) })).status, 403);
  const inject = nodes.find((n: { type: string }) => n.type === 'inject').id;
  assert.equal((await server.api(`/api/nodes/${inject}/trigger`, { method: 'POST', headers: bearer(viewer) })).status, 403);
  assert.equal((await server.api('/api/broker/publish', { method: 'POST', body: { topic: 'a', payload: 'b' }, headers: bearer(viewer) })).status, 403);
  const socket = io(`${server.url}/editor`, { transports: ['websocket'], reconnection: false, auth: { token: viewer } });
  t.after(() => socket.close());
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
  assert.deepEqual(await socket.emitWithAck('broker:watch', { filter: 'home/#' }), { ok: true });
  const sys = await socket.emitWithAck('broker:watch', { filter: '$SYS/#' });
  assert.equal(sys.ok, false);
  assert.match(sys.ok ? '' : sys.error, /only admins/);
});

test('socket.io without a valid token is refused; with one it connects', async (t) => {
  const server = await startWithLogin(t);
  const connect = (auth: Record<string, string>) => new Promise<string>((resolve) => {
    const socket = io(`${server.url}/editor`, { transports: ['websocket'], reconnection: false, auth });
    socket.once('connect', () => { socket.close(); resolve('connected'); });
    socket.once('connect_error', (err) => { socket.close(); resolve(err.message); });
  });
  assert.equal(await connect({}), 'Login required');
  assert.equal(await connect({ token: 'pbs_made-up' }), 'Login required');
  assert.equal(await connect({ token: (await login(server, 'admin', ADMIN_PASSWORD)).body.token }), 'connected');
});

test('password guessing: 429 with Retry-After after 10 failures from one client, even for the right password then', async (t) => {
  const server = await startWithLogin(t);
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 30; i++) {
    const res = await login(server, 'admin', `guess ${i}`);
    statuses.push(res.status);
    retryAfter ??= res.headers.get('retry-after');
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
  assert.deepEqual(statuses.slice(10), Array(20).fill(429));
  assert.ok(Number(retryAfter) > 0 && Number(retryAfter) <= 60, `Retry-After ${retryAfter}`);
  const right = await login(server, 'admin', ADMIN_PASSWORD);
  assert.deepEqual([right.status, right.body.code], [429, 'AUTH_RATE_LIMITED']);
});

test('script tokens: created by an admin, work as Bearer, and once revoked stop at once, open sockets too', async (t) => {
  const server = await startWithLogin(t);
  const admin = (await login(server, 'admin', ADMIN_PASSWORD)).body.token as string;
  const created = await server.api('/api/auth/tokens', { method: 'POST', body: { name: 'backup' }, headers: bearer(admin) });
  assert.equal(created.status, 201);
  const { id, token } = created.body;
  assert.match(token, /^pbt_/);
  assert.equal((await server.api('/api/flows', { headers: bearer(token) })).status, 200);
  const listed = await server.api('/api/auth/tokens', { headers: bearer(admin) });
  assert.deepEqual(listed.body.map((k: { id: string; name: string }) => [k.id, k.name]), [[id, 'backup']]);
  assert.ok(!JSON.stringify(listed.body).includes(token), 'the secret is shown only at creation');

  const socket = io(`${server.url}/editor`, { transports: ['websocket'], reconnection: false, auth: { token } });
  t.after(() => socket.close());
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
  const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  assert.equal((await server.api(`/api/auth/tokens/${id}`, { method: 'DELETE', headers: bearer(admin) })).status, 200);
  assert.equal((await server.api('/api/flows', { headers: bearer(token) })).status, 401);
  assert.equal(await dropped, 'io server disconnect');
});

test('an admin who logged in by link sets a password; later changes need the current one', async (t) => {
  const server = await startWithLogin(t);
  const admin = (await login(server, 'admin', ADMIN_PASSWORD)).body.token as string;
  const me = await server.api('/api/auth/me', { headers: bearer(admin) });
  assert.deepEqual(me.body, { user: 'admin', role: 'admin', authEnabled: true, passwordSet: true });
  const wrong = await server.api('/api/auth/password', { method: 'PUT', body: { current: 'nope', password: 'a new long password' }, headers: bearer(admin) });
  assert.deepEqual([wrong.status, wrong.body.code], [403, 'AUTH_PASSWORD_WRONG']);
  const short = await server.api('/api/auth/password', { method: 'PUT', body: { current: ADMIN_PASSWORD, password: 'short' }, headers: bearer(admin) });
  assert.deepEqual([short.status, short.body.code], [400, 'AUTH_PASSWORD_WEAK']);
  assert.equal((await server.api('/api/auth/password', { method: 'PUT', body: { current: ADMIN_PASSWORD, password: 'a new long password' }, headers: bearer(admin) })).status, 200);
  assert.equal((await login(server, 'admin', 'a new long password')).status, 200);
});

test('hostile bodies get a 4xx and the server stays healthy: 60 MB, 10 000 levels deep, __proto__ keys', async (t) => {
  const server = await startWithLogin(t);
  const admin = (await login(server, 'admin', ADMIN_PASSWORD)).body.token as string;
  const huge = await server.api('/api/flows', { method: 'PUT', body: `{"format":"${'x'.repeat(60 * 1024 * 1024)}"}`, headers: bearer(admin) });
  assert.deepEqual([huge.status, huge.body.code], [413, 'HTTP_BODY_TOO_LARGE']);
  const hugeLogin = await server.api('/api/auth/login', { method: 'POST', body: `{"username":"${'x'.repeat(60 * 1024 * 1024)}"}` });
  assert.equal(hugeLogin.status, 413);
  const deep = await server.api('/api/flows', { method: 'PUT', body: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, headers: bearer(admin) });
  assert.equal(deep.status, 400, JSON.stringify(deep.body));
  const deepLogin = await server.api('/api/auth/login', { method: 'POST', body: `{"username":${'['.repeat(10_000)}${']'.repeat(10_000)}}` });
  assert.equal(deepLogin.status, 400);
  const proto = await server.api('/api/auth/login', { method: 'POST', body: '{"__proto__":{"username":"admin"},"constructor":{"prototype":{"password":"x"}}}' });
  assert.equal(proto.status, 400);
  assert.equal(({} as Record<string, unknown>).username, undefined, 'Object.prototype untouched');
  assert.equal((await server.api('/api/health')).body.status, 'ok');
  assert.equal((await login(server, 'admin', ADMIN_PASSWORD)).status, 200);
});
