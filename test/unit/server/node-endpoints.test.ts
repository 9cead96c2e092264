import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { NodeEndpoints, type RouteOwner } from '../../../server/http/node-endpoints.ts';
import { parseCookies } from '../../../server/http/node-request.ts';
import type { HttpReply, HttpRequestInfo } from '../../../server/node-api/index.ts';
import { silentLog } from '../../helpers/flows.ts';

interface Teardown {
  after(fn: () => Promise<void> | void): void;
}

/** NodeEndpoints on a real loopback port, and a factory of route owners (fake nodes). */
async function serve(t: Teardown) {
  const endpoints = new NodeEndpoints({ maxBodyBytes: 4096, log: silentLog });
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
