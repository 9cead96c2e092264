import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { NodeEndpoints, type NodeEndpointsOptions, type RouteOwner } from '../../../server/http/node-endpoints.ts';
import { parseCookies } from '../../../server/http/node-request.ts';
import type { HttpReply, HttpRequestInfo } from '../../../server/node-api/index.ts';
import { silentLog } from '../../helpers/flows.ts';

interface Teardown {
  after(fn: () => Promise<void> | void): void;
}

/** NodeEndpoints on a real loopback port, and a factory of route owners (fake nodes). */
async function serve(t: Teardown, opts: Partial<NodeEndpointsOptions> = {}) {
  const endpoints = new NodeEndpoints({ maxBodyBytes: 4096, maxPendingRequests: 1000, log: silentLog, ...opts });
  const app = express();
  app.use(endpoints.middleware);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    endpoints.close();
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const owner = (id: string, name = ''): RouteOwner & { stop(): void } => {
    const abort = new AbortController();
    return { id, name, signal: abort.signal, stop: () => abort.abort() };
  };
  return { endpoints, owner, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Answers every request with its method and params. */
const answer = (req: HttpRequestInfo, reply: HttpReply) => reply.send({ statusCode: 200, body: `${req.method} ${JSON.stringify(req.params)}` });

test('a route serves until it is removed or its node stops', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  const a = owner('a');
  const remove = endpoints.capability(a).route('get', '/one/:x', answer);
  const b = owner('b');
  endpoints.capability(b).route('post', '/two', answer);
  assert.equal(await (await fetch(`${url}/one/7`)).text(), 'GET {"x":"7"}');
  assert.equal((await fetch(`${url}/two`, { method: 'POST' })).status, 200);
  remove();
  assert.equal((await fetch(`${url}/one/7`)).status, 404);
  b.stop();
  assert.equal((await fetch(`${url}/two`, { method: 'POST' })).status, 404);
  assert.doesNotThrow(() => endpoints.capability(owner('c')).route('get', '/one/:y', answer), 'a removed route frees its path');
});

test('"all" serves every method and clashes with any method on the same path', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  endpoints.capability(owner('a')).route('all', '/any', answer);
  for (const method of ['GET', 'PUT', 'DELETE']) assert.equal(await (await fetch(`${url}/any`, { method })).text(), `${method} {}`);
  assert.throws(() => endpoints.capability(owner('b', 'Other')).route('put', '/ANY/', answer), { name: 'NodeConfigError', message: 'Every method /any is already served by node a' });
  endpoints.capability(owner('c', 'Get')).route('get', '/x/:id', answer);
  assert.throws(() => endpoints.capability(owner('d')).route('all', '/x/:other', answer), { message: 'GET /x/:id is already served by node "Get" (c)' });
});

test('a node that already stopped registers nothing', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  const stopped = owner('a');
  stopped.stop();
  endpoints.capability(stopped).route('get', '/late', answer)();
  assert.equal((await fetch(`${url}/late`)).status, 404);
  assert.doesNotThrow(() => endpoints.capability(owner('b')).route('get', '/late', answer));
});

test('paths must start with / and compile', async (t) => {
  const { endpoints, owner } = await serve(t);
  const route = (path: string) => () => endpoints.capability(owner(path)).route('get', path, answer);
  assert.throws(route('lamp'), { name: 'NodeConfigError', message: 'Path "lamp" must start with /' });
  assert.throws(route('/a/:'), /Invalid path "\/a\/:": Missing parameter name at index 4: \/a\/: \(Express 5 syntax/);
  assert.doesNotThrow(route('/apiary'), 'only whole segments are reserved');
});

test('a handler that throws gets the client a 500', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  endpoints.capability(owner('a')).route('get', '/boom', () => {
    throw new Error('boom');
  });
  const res = await fetch(`${url}/boom`);
  assert.equal(res.status, 500);
  assert.equal(await res.text(), 'Internal error');
});

test('a reply after the timeout sends nothing; the client had its 504', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  let held: HttpReply | undefined;
  endpoints.capability(owner('a')).route('get', '/slow', (_req, reply) => { held = reply; }, { timeoutMs: 30 });
  const res = await fetch(`${url}/slow`);
  assert.equal(res.status, 504);
  assert.equal(await res.text(), 'No response within 0.03 s');
  assert.equal(held!.send({ statusCode: 200, body: 'late' }), false);
});

test('a client that goes away releases its request', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  let held: HttpReply | undefined;
  endpoints.capability(owner('a')).route('get', '/gone', (_req, reply) => { held = reply; });
  const abort = new AbortController();
  const request = fetch(`${url}/gone`, { signal: abort.signal });
  while (!held) await new Promise((resolve) => setTimeout(resolve, 5));
  abort.abort();
  await assert.rejects(request);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(held.send({ statusCode: 200 }), false);
});

test('an invalid response throws to the node and gets the client a 500', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  const thrown: unknown[] = [];
  endpoints.capability(owner('a')).route('get', '/bad', (_req, reply) => {
    try {
      reply.send({ statusCode: 200, headers: { 'x-bad': 'a\nb' } });
    } catch (err) {
      thrown.push(err);
    }
  });
  const res = await fetch(`${url}/bad`);
  assert.equal(res.status, 500);
  assert.match(String(thrown[0]), /Invalid character in header content/);
});

test('close answers waiting requests with 503 and drops every route', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  endpoints.capability(owner('a')).route('get', '/wait', () => undefined);
  const waiting = fetch(`${url}/wait`);
  await new Promise((resolve) => setTimeout(resolve, 30));
  endpoints.close();
  const res = await waiting;
  assert.equal(res.status, 503);
  assert.equal(await res.text(), 'Patchbay is shutting down');
  assert.equal((await fetch(`${url}/wait`)).status, 404);
});

test('cookies: decoded, quotes removed, first of a repeated name wins, odd names kept as data', () => {
  assert.deepEqual(parseCookies('a=1; b="two words"; c=%E2%82%AC; a=2; bad=%E2; novalue; __proto__=x'), {
    a: '1', b: 'two words', c: '€', bad: '%E2', ['__proto__']: 'x',
  });
  assert.equal(Object.getPrototypeOf(parseCookies('__proto__=x')), Object.prototype);
  assert.deepEqual(parseCookies(undefined), {});
});

/** Answers every request with what the route saw of its body: type and value. */
const echoBody = (req: HttpRequestInfo, reply: HttpReply) => reply.send({
  statusCode: 200, headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ type: Buffer.isBuffer(req.body) ? 'buffer' : typeof req.body, body: Buffer.isBuffer(req.body) ? [...req.body] : req.body }),
});

test('a text body is decoded with the charset it declares; an unknown charset gets a 415', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  endpoints.capability(owner('a')).route('post', '/text', echoBody);
  const post = (body: Buffer, type: string) => fetch(`${url}/text`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': type } });
  assert.deepEqual(await (await post(Buffer.from('café', 'latin1'), 'text/plain; charset=ISO-8859-1')).json(), { type: 'string', body: 'café' });
  assert.deepEqual(await (await post(Buffer.from('café', 'utf16le'), 'application/xml; charset=utf-16le')).json(), { type: 'string', body: 'café' });
  assert.deepEqual(await (await post(Buffer.from('café'), 'text/plain; charset="utf-8"')).json(), { type: 'string', body: 'café' });
  const unknown = await post(Buffer.from('x'), 'text/plain; charset=klingon');
  assert.equal(unknown.status, 415);
  assert.equal(await unknown.text(), 'unsupported charset "KLINGON"');
});

test('CBOR and protobuf bodies stay binary even when their bytes happen to be UTF-8 (Node-RED)', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  endpoints.capability(owner('a')).route('post', '/bin', echoBody);
  for (const type of ['application/cbor', 'application/x-protobuf']) {
    const res = await fetch(`${url}/bin`, { method: 'POST', body: 'abc', headers: { 'content-type': type } });
    assert.deepEqual(await res.json(), { type: 'buffer', body: [97, 98, 99] }, type);
  }
});

test('JSON nested deeper than 1000 levels gets a 400 before it reaches a flow', async (t) => {
  const { endpoints, owner, url } = await serve(t, { maxBodyBytes: 1024 * 1024 });
  let calls = 0;
  endpoints.capability(owner('a')).route('post', '/deep', (req, reply) => { calls++; echoBody(req, reply); });
  const post = (body: string | Uint8Array<ArrayBuffer>, type = 'application/json') => fetch(`${url}/deep`, { method: 'POST', body, headers: { 'content-type': type } });
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  assert.equal((await post(nested(1000))).status, 200);
  const deep = await post(nested(100_000));
  assert.equal(deep.status, 400);
  assert.equal(await deep.text(), 'JSON nested deeper than 1000 levels');
  assert.equal((await post(`{"a":"${'['.repeat(5000)}"}`)).status, 200, 'brackets inside strings do not count');
  assert.equal((await post(`{"a":"\\\"${'['.repeat(5000)}"}`)).status, 200, 'nor after escaped quotes');
  const utf16 = new Uint8Array(Buffer.from(`[${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}]`, 'utf16le'));
  assert.equal((await post(utf16, 'application/json; charset=utf-16le')).status, 400, 'counted in the declared charset');
  assert.equal(calls, 3);
});

test('a JSON body with a "__proto__" key gets a 400, at any depth (fastify\'s default)', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  endpoints.capability(owner('a')).route('post', '/proto', echoBody);
  const post = (body: string) => fetch(`${url}/proto`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  for (const body of ['{"__proto__":{"admin":true}}', '{"a":[{"\\u005f_proto__":{}}]}']) {
    const res = await post(body);
    assert.equal(res.status, 400, body);
    assert.equal(await res.text(), 'JSON key "__proto__" is not allowed');
  }
  assert.deepEqual(await (await post('{"constructor":{"prototype":1},"proto":2}')).json(), { type: 'object', body: { constructor: { prototype: 1 }, proto: 2 } });
});

test('requests beyond the pending limit get a 503 with Retry-After, and the limit frees up', async (t) => {
  const { endpoints, owner, url } = await serve(t, { maxPendingRequests: 2 });
  const held: HttpReply[] = [];
  endpoints.capability(owner('a')).route('post', '/hold', (_req, reply) => { held.push(reply); });
  const post = () => fetch(`${url}/hold`, { method: 'POST', body: 'x' });
  const waiting = [post(), post()];
  while (held.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  const refused = await post();
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get('retry-after'), '1');
  assert.equal(await refused.text(), 'Too many requests waiting for an answer: try again later');
  for (const reply of held) reply.send({ statusCode: 200, body: 'done' });
  assert.deepEqual(await Promise.all(waiting.map(async (w) => (await w).status)), [200, 200]);
  const again = post();
  while (held.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
  held[2]!.send({ statusCode: 200 });
  assert.equal((await again).status, 200);
});

test('a final status outside 200-599 is refused: 1xx would leave the client waiting', async (t) => {
  const { endpoints, owner, url } = await serve(t);
  const thrown: unknown[] = [];
  endpoints.capability(owner('a')).route('get', '/status/:code', (req, reply) => {
    try {
      reply.send({ statusCode: Number(req.params.code), body: 'x' });
    } catch (err) {
      thrown.push(err);
    }
  });
  for (const code of [100, 101, 199, 600]) {
    const res = await fetch(`${url}/status/${code}`, { signal: AbortSignal.timeout(2000) });
    assert.equal(res.status, 500, String(code));
  }
  assert.match(String(thrown[0]), /Status code 100 is not a final HTTP status \(200-599\)/);
  assert.equal((await fetch(`${url}/status/204`)).status, 204);
});
