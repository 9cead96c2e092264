import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpReply, Message } from '#node-api';
import { httpFlows } from '../../test/helpers/http-nodes.ts';
import type { TestNode } from '../../test/helpers/flows.ts';
import { settle } from '../../test/helpers/node-test.ts';

/** An http-in node wired to sink "got" and to an http-response that echoes the payload as JSON. */
function echo(config: Record<string, unknown>): TestNode[] {
  return [
    { id: 'in', type: 'http-in', config, wires: [['got', 'reply']] },
    { id: 'got', type: 'test-sink' },
    { id: 'reply', type: 'http-response' },
  ];
}

async function deployErrors(t: { after(fn: () => Promise<void>): void }, nodes: TestNode[]) {
  const err = await httpFlows(t, nodes).then(() => assert.fail('deployed'), (e: { details?: unknown; errors?: unknown }) => e);
  return err.details ?? err.errors;
}

test('a GET request becomes a message with the query as payload and the request as msg.req', async (t) => {
  const { flows, url } = await httpFlows(t, echo({ url: '/lamp/:room', method: 'get' }));
  const res = await fetch(`${url}/lamp/hall?level=3&tag=a&tag=b`, { headers: { cookie: 'session=abc%20d; theme=dark', 'x-test': 'yes' } });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { level: '3', tag: ['a', 'b'] });
  const [msg] = await flows.waitFor('got');
  const req = msg!.req as Record<string, unknown>;
  assert.deepEqual(msg!.payload, { level: '3', tag: ['a', 'b'] });
  assert.equal(req.method, 'GET');
  assert.equal(req.url, '/lamp/hall?level=3&tag=a&tag=b');
  assert.equal(req.path, '/lamp/hall');
  assert.deepEqual(req.params, { room: 'hall' });
  assert.deepEqual(req.cookies, { session: 'abc d', theme: 'dark' });
  assert.equal((req.headers as Record<string, string>)['x-test'], 'yes');
  assert.match(String(req.ip), /127\.0\.0\.1/);
  assert.equal(typeof msg!._msgid, 'string');
  // msg.req is plain data: it survives JSON, and msg.res serialises to a marker only.
  assert.deepEqual(JSON.parse(JSON.stringify(msg!.req)), req);
  assert.deepEqual(JSON.parse(JSON.stringify(msg!.res)), { __httpReply: true });
});

test('request bodies are parsed by content type', async (t) => {
  const { flows, url } = await httpFlows(t, echo({ url: '/in', method: 'post' }));
  const post = async (body: BodyInit | undefined, type?: string) => {
    const count = flows.received('got').length + 1;
    const res = await fetch(`${url}/in`, { method: 'POST', body, headers: type ? { 'content-type': type } : {} });
    assert.equal(res.status, 200);
    return (await flows.waitFor('got', count)).at(-1)!.payload;
  };
  assert.deepEqual(await post(JSON.stringify({ on: true, level: [1, 2] }), 'application/json'), { on: true, level: [1, 2] });
  assert.deepEqual(await post('a=1&b[c]=2', 'application/x-www-form-urlencoded'), { a: '1', b: { c: '2' } });
  assert.equal(await post('plain text', 'text/plain'), 'plain text');
  assert.equal(await post('<a/>', 'application/xml'), '<a/>');
  assert.equal(await post('{"vendor":1}', 'application/vnd.acme+json'), '{"vendor":1}');
  assert.equal(await post('no type'), 'no type');
  const bytes = Buffer.from([0, 0xff, 0xfe, 1]);
  assert.deepEqual(await post(bytes, 'application/octet-stream'), bytes);
  assert.deepEqual(await post(bytes, 'application/x-custom'), bytes, 'an application type that is not UTF-8 stays binary');
  assert.equal(await post(undefined), '');
  const [first] = flows.received('got');
  assert.deepEqual((first!.req as { body: unknown }).body, { on: true, level: [1, 2] }, 'msg.req.body too');
});

test('PUT, PATCH and DELETE carry their body; each method has its own route', async (t) => {
  const { flows, url } = await httpFlows(t, [
    ...['put', 'patch', 'delete'].map((method) => ({ id: method, type: 'http-in', config: { url: '/thing', method }, wires: [['got', 'reply']] })),
    { id: 'got', type: 'test-sink' },
    { id: 'reply', type: 'http-response' },
  ]);
  for (const method of ['PUT', 'PATCH', 'DELETE']) {
    const res = await fetch(`${url}/thing`, { method, body: JSON.stringify({ method }), headers: { 'content-type': 'application/json' } });
    assert.deepEqual(await res.json(), { method });
  }
  assert.equal((await fetch(`${url}/thing`)).status, 404, 'no GET route');
  assert.deepEqual(flows.received('got').map((m) => (m.req as { method: string }).method), ['PUT', 'PATCH', 'DELETE']);
});

test('wildcards, optional parts, a missing leading slash, case and trailing slashes match like Express', async (t) => {
  const { flows, url } = await httpFlows(t, [
    { id: 'files', type: 'http-in', config: { url: 'files/*rest' }, wires: [['got', 'reply']] },
    { id: 'page', type: 'http-in', config: { url: '/page{/:n}' }, wires: [['got', 'reply']] },
    { id: 'got', type: 'test-sink' },
    { id: 'reply', type: 'http-response' },
  ]);
  for (const path of ['/files/a/b.txt', '/page', '/PAGE/2/']) assert.equal((await fetch(`${url}${path}`)).status, 200, path);
  assert.deepEqual(flows.received('got').map((m) => (m.req as { params: unknown }).params), [{ rest: ['a', 'b.txt'] }, {}, { n: '2' }]);
});

test('a request nobody answers gets a 504 after the timeout; a late answer only warns', async (t) => {
  const { flows, url } = await httpFlows(t, [
    { id: 'in', type: 'http-in', config: { url: '/slow', timeout: 0.05 }, wires: [['got']] },
    { id: 'got', type: 'test-sink' },
    { id: 'late', type: 'http-response' },
  ]);
  const started = Date.now();
  const res = await fetch(`${url}/slow`);
  assert.equal(res.status, 504);
  assert.match(await res.text(), /No response within 0.05 s/);
  assert.ok(Date.now() - started < 1000);
  const [msg] = await flows.waitFor('got');
  flows.send('late', msg!);
  await flows.waitForEvent('log', (e) => e.node === 'late' && /already answered/.test(e.message));
});

test('a message fanned out to two wires is answered once: the handle is shared by the copies', async (t) => {
  const { flows, url } = await httpFlows(t, [
    { id: 'in', type: 'http-in', config: { url: '/twice' }, wires: [['first', 'second', 'got']] },
    { id: 'got', type: 'test-sink' },
    { id: 'first', type: 'http-response' },
    { id: 'second', type: 'http-response' },
  ]);
  const res = await fetch(`${url}/twice?n=1`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { n: '1' });
  const warning = await flows.waitForEvent('log', (e) => /already answered/.test(e.message));
  assert.ok(['first', 'second'].includes(warning.node!));
  const [copy] = await flows.waitFor('got');
  assert.ok(copy!.req && typeof (copy!.res as HttpReply).send === 'function', 'a cloned message still carries the reply');
});

test('a debug node can show the whole message', async (t) => {
  const { flows, url } = await httpFlows(t, [
    { id: 'in', type: 'http-in', config: { url: '/seen' }, wires: [['debug', 'reply']] },
    { id: 'debug', type: 'debug', config: { property: '' } },
    { id: 'reply', type: 'http-response' },
  ]);
  assert.equal((await fetch(`${url}/seen?x=1`)).status, 200);
  const event = await flows.waitForEvent('debug');
  const shown = event.value as Message;
  assert.deepEqual(shown.payload, { x: '1' });
  assert.equal((shown.req as { path: string }).path, '/seen');
  assert.deepEqual(shown.res, {}, 'the reply handle shows nothing of its internals');
});

test('bodies over the size limit get a 413 and send no message; malformed JSON a 400', async (t) => {
  const { flows, url } = await httpFlows(t, echo({ url: '/upload', method: 'post' }), { maxBodyBytes: 1024 });
  const big = await fetch(`${url}/upload`, { method: 'POST', body: 'x'.repeat(2048), headers: { 'content-type': 'text/plain' } });
  assert.equal(big.status, 413);
  const bad = await fetch(`${url}/upload`, { method: 'POST', body: '{"a":', headers: { 'content-type': 'application/json' } });
  assert.equal(bad.status, 400);
  const fine = await fetch(`${url}/upload`, { method: 'POST', body: 'x'.repeat(1000), headers: { 'content-type': 'text/plain' } });
  assert.equal(fine.status, 200);
  await settle();
  assert.equal(flows.received('got').length, 1);
});

test('two nodes serving the same method and path fail the deploy on the second one\'s URL', async (t) => {
  const errors = await deployErrors(t, [
    { id: 'a', type: 'http-in', name: 'Lamps', config: { url: '/lamp/:room' } },
    { id: 'b', type: 'http-in', config: { url: '/Lamp/:id/' } },
  ]);
  assert.deepEqual(errors, [{ node: 'b', path: '/config/url', message: 'GET /lamp/:room is already served by node "Lamps" (a)' }]);
});

test('the same path with another method is fine', async (t) => {
  const { url } = await httpFlows(t, [
    { id: 'a', type: 'http-in', config: { url: '/lamp', method: 'get' }, wires: [['reply']] },
    { id: 'b', type: 'http-in', config: { url: '/lamp', method: 'post' }, wires: [['reply']] },
    { id: 'reply', type: 'http-response' },
  ]);
  assert.equal((await fetch(`${url}/lamp`, { method: 'POST', body: 'x' })).status, 200);
});

test('reserved and invalid paths fail the deploy on the URL field', async (t) => {
  for (const [path, message] of [
    ['/api/lamp', /Paths under \/api belong to Patchbay/],
    ['/socket.io', /Paths under \/socket.io/],
    ['/MQTT/x', /Paths under \/mqtt/],
    ['/files/*', /Invalid path "\/files\/\*": Missing parameter name.*\/files\/\*rest/],
  ] as const) {
    const errors = await deployErrors(t, [{ id: 'n', type: 'http-in', config: { url: path } }]) as Array<{ node: string; path: string; message: string }>;
    assert.equal(errors.length, 1, path);
    assert.equal(errors[0]!.path, '/config/url');
    assert.match(errors[0]!.message, message);
  }
});

test('without a URL the node deploys, warns and serves nothing', async (t) => {
  const { flows } = await httpFlows(t, [{ id: 'n', type: 'http-in', config: { url: ' ' } }]);
  await flows.waitForEvent('log', (e) => e.node === 'n' && /No URL set/.test(e.message));
  assert.deepEqual(flows.events.status.at(-1), { node: 'n', fill: 'red', shape: 'ring', text: 'no URL' });
});

test('a redeploy moves the route; requests waiting on a stopped node get a 503', async (t) => {
  const { flows, url } = await httpFlows(t, [
    { id: 'in', type: 'http-in', config: { url: '/old' }, wires: [['got']] },
    { id: 'got', type: 'test-sink' },
  ]);
  const waiting = fetch(`${url}/old`);
  await flows.waitFor('got');
  await flows.redeploy([{ id: 'in', type: 'http-in', config: { url: '/new' }, wires: [['reply']] }, { id: 'reply', type: 'http-response' }]);
  assert.equal((await waiting).status, 503);
  assert.equal((await fetch(`${url}/old`)).status, 404);
  assert.equal((await fetch(`${url}/new`)).status, 200);
});

test('a deploy that fails on a duplicate keeps the previous routes serving', async (t) => {
  const nodes = echo({ url: '/keep' });
  const { flows, url } = await httpFlows(t, nodes);
  await assert.rejects(flows.redeploy([...nodes, { id: 'dup', type: 'http-in', config: { url: '/keep' } }]));
  assert.equal((await fetch(`${url}/keep`)).status, 200);
});
