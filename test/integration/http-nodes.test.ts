// The HTTP nodes in a real Patchbay server: flows deployed through PUT /api/flows serve
// requests on the server's own port, next to the API and the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import type { FlowDocument } from '../../server/api/contract.ts';

type Node = FlowDocument['nodes'][number];

const node = (id: string, type: string, config: Record<string, unknown> = {}, wires: string[][] = []): Node => ({ id, type, flow: 'f1', config, wires });
const doc = (nodes: Node[]): FlowDocument => ({ format: 'patchbay-flows', version: 1, flows: [{ id: 'f1', label: 'HTTP' }], nodes });

async function deploy(server: TestServer, nodes: Node[]) {
  return server.api('/api/flows', { method: 'PUT', body: doc(nodes) });
}

/** http-in (GET /lamp/:room, or `inConfig`) → function `code` → http-response (`outConfig`). */
function pipeline(code: string, inConfig: Record<string, unknown> = { url: '/lamp/:room' }, outConfig: Record<string, unknown> = {}): Node[] {
  return [
    node('in', 'http-in', inConfig, [['fn']]),
    node('fn', 'function', { code }, [['out']]),
    node('out', 'http-response', outConfig),
  ];
}

test('http-in → function → http-response answers GET requests with route params and query', async (t) => {
  const server = await startServer(t);
  const put = await deploy(server, pipeline(`
    msg.payload = { room: msg.req.params.room, level: Number(msg.payload.level), agent: msg.req.headers['user-agent'] };
    msg.headers = { 'x-room': msg.req.params.room };
    return msg;`));
  assert.equal(put.status, 200);
  const res = await fetch(`${server.url}/lamp/hall?level=3`, { headers: { 'user-agent': 'probe' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(res.headers.get('x-room'), 'hall');
  assert.deepEqual(await res.json(), { room: 'hall', level: 3, agent: 'probe' });
  assert.equal((await fetch(`${server.url}/lamp`)).status, 404, 'an unmatched path falls through to 404');
  assert.equal((await server.api('/api/health')).status, 200, 'the API is still served');
});

test('POST bodies arrive parsed: JSON, text and forms', async (t) => {
  const server = await startServer(t);
  await deploy(server, pipeline('msg.payload = { type: typeof msg.payload, body: msg.payload }; return msg;', { url: '/in', method: 'post' }));
  const post = async (body: string, type: string) => (await fetch(`${server.url}/in`, { method: 'POST', body, headers: { 'content-type': type } })).json();
  assert.deepEqual(await post('{"on":true}', 'application/json'), { type: 'object', body: { on: true } });
  assert.deepEqual(await post('hello', 'text/plain'), { type: 'string', body: 'hello' });
  assert.deepEqual(await post('a=1&b=two', 'application/x-www-form-urlencoded'), { type: 'object', body: { a: '1', b: 'two' } });
});

test('status code and headers: the node\'s settings win over the message\'s', async (t) => {
  const server = await startServer(t);
  const code = 'msg.statusCode = 404; msg.headers = { "x-a": "msg", "x-b": "msg" }; msg.payload = "body"; return msg;';
  await deploy(server, pipeline(code, { url: '/s' }));
  const fromMsg = await fetch(`${server.url}/s`);
  assert.equal(fromMsg.status, 404);
  assert.deepEqual([fromMsg.headers.get('x-a'), fromMsg.headers.get('x-b'), fromMsg.headers.get('content-type')], ['msg', 'msg', 'text/html; charset=utf-8']);
  await deploy(server, pipeline(code, { url: '/s' }, { statusCode: 202, headers: { 'X-A': 'node', 'content-type': 'text/plain' } }));
  const fromNode = await fetch(`${server.url}/s`);
  assert.equal(fromNode.status, 202);
  assert.deepEqual([fromNode.headers.get('x-a'), fromNode.headers.get('x-b'), fromNode.headers.get('content-type')], ['node', 'msg', 'text/plain; charset=utf-8']);
  assert.equal(await fromNode.text(), 'body');
});

test('a request no node answers gets a 504 after the http-in timeout', async (t) => {
  const server = await startServer(t);
  await deploy(server, [node('in', 'http-in', { url: '/silent', timeout: 0.1 })]);
  const started = Date.now();
  const res = await fetch(`${server.url}/silent`);
  assert.equal(res.status, 504);
  assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
});

test('a duplicate route fails the deploy with a 400 naming the node and its URL; the running flows stay', async (t) => {
  const server = await startServer(t);
  await deploy(server, pipeline('return msg;', { url: '/lamp' }));
  const res = await deploy(server, [...pipeline('return msg;', { url: '/lamp' }), node('again', 'http-in', { url: '/lamp/' })]);
  assert.equal(res.status, 400);
  assert.equal(res.body.code, 'FLOWS_INVALID');
  assert.deepEqual(res.body.errors, [{ node: 'again', path: '/config/url', message: 'GET /lamp is already served by node in' }]);
  assert.equal((await fetch(`${server.url}/lamp`)).status, 200);
});

test('paths of the server itself are refused', async (t) => {
  const server = await startServer(t);
  const res = await deploy(server, [node('in', 'http-in', { url: '/api/health' })]);
  assert.equal(res.status, 400);
  assert.equal(res.body.errors[0].path, '/config/url');
  assert.match(res.body.errors[0].message, /Paths under \/api belong to Patchbay/);
});

test('a body over the server\'s limit gets a 413', async (t) => {
  const server = await startServer(t, { maxBodyBytes: 2048 });
  await deploy(server, pipeline('return msg;', { url: '/upload', method: 'post' }));
  const res = await fetch(`${server.url}/upload`, { method: 'POST', body: 'x'.repeat(4096), headers: { 'content-type': 'text/plain' } });
  assert.equal(res.status, 413);
});

test('http-request calls a route of the same server', async (t) => {
  const server = await startServer(t);
  await deploy(server, [
    ...pipeline('msg.payload = { hello: msg.req.params.room }; return msg;'),
    node('front', 'http-in', { url: '/front' }, [['call']]),
    node('call', 'http-request', { url: `${server.url}/lamp/kitchen`, ret: 'obj' }, [['wrap']]),
    node('wrap', 'function', { code: 'msg.payload = { upstream: msg.payload, status: msg.statusCode }; return msg;' }, [['answer']]),
    node('answer', 'http-response'),
  ]);
  const res = await fetch(`${server.url}/front`);
  assert.deepEqual(await res.json(), { upstream: { hello: 'kitchen' }, status: 200 });
});

test('closing the server answers requests still waiting, so it doesn\'t hang', async (t) => {
  const server = await startServer(t);
  await deploy(server, [node('in', 'http-in', { url: '/pending' })]);
  const waiting = fetch(`${server.url}/pending`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await server.close();
  assert.equal((await waiting).status, 503);
  assert.ok(Date.now() - started < 2000);
});

test('hostile bodies get a 4xx before reaching the flow, and the server keeps serving', async (t) => {
  const server = await startServer(t);
  await deploy(server, pipeline('msg.payload = { seen: true }; return msg;', { url: '/hook', method: 'post' }));
  const post = (body: string, type: string) => fetch(`${server.url}/hook`, { method: 'POST', body, headers: { 'content-type': type } });
  assert.equal((await post('['.repeat(10_000) + ']'.repeat(10_000), 'application/json')).status, 400);
  assert.equal((await post('{"__proto__":{"admin":true}}', 'application/json')).status, 400);
  assert.equal((await post(`a${'[b]'.repeat(10_000)}=1`, 'application/x-www-form-urlencoded')).status, 400);
  assert.equal((await post('x', 'text/plain; charset=klingon')).status, 415);
  assert.deepEqual(await (await post('{"ok":1}', 'application/json')).json(), { seen: true });
  assert.equal((await server.api('/api/health')).status, 200);
});
