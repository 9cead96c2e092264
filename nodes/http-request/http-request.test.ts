import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type TestFlows } from '../../test/helpers/flows.ts';
import { closedPort, httpFlows, startHttpServer, type RecordedRequest } from '../../test/helpers/http-nodes.ts';
import { settle } from '../../test/helpers/node-test.ts';

interface Teardown {
  after(fn: () => Promise<void>): void;
}

/** An http-request node "req" wired to sink "out", and a catch node feeding sink "caught". */
async function requester(t: Teardown, config: Record<string, unknown>, credentials?: Record<string, string>): Promise<TestFlows> {
  const flows = await runFlows([
    { id: 'req', type: 'http-request', config, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    { id: 'catch', type: 'catch', wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ], { credentials: credentials && { req: credentials } });
  t.after(() => flows.stop());
  return flows;
}

/** Echoes what it received as JSON: method, url, headers and body text. */
const echoServer = (t: Teardown) => startHttpServer(t, (req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: req.body.toString() }));
});

async function deployErrors(config: Record<string, unknown>) {
  const err = await runFlows([{ id: 'req', type: 'http-request', config }]).then(() => assert.fail('deployed'), (e: { details?: unknown }) => e);
  return err.details;
}

test('every method is sent, with the payload as body where a body belongs', async (t) => {
  const server = await echoServer(t);
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']) {
    const flows = await requester(t, { method, url: `${server.url}/m`, ret: 'obj' });
    flows.send('req', { payload: 'text' });
    const [msg] = await flows.waitFor('out');
    assert.equal(msg!.statusCode, 200, method);
    if (method === 'HEAD') assert.deepEqual(msg!.payload, {}, 'a HEAD response has no body: an empty object');
    else assert.deepEqual(msg!.payload, { method, url: '/m', headers: (msg!.payload as { headers: unknown }).headers, body: method === 'GET' ? '' : 'text' });
  }
  assert.deepEqual(server.requests.map((r) => r.method), ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);
});

test('method "use" takes msg.method, GET when absent; a fixed method ignores it with one warning', async (t) => {
  const server = await echoServer(t);
  const flows = await requester(t, { method: 'use', url: server.url });
  flows.send('req', { method: 'put', payload: 'a' });
  await flows.waitFor('out', 1);
  flows.send('req', {});
  await flows.waitFor('out', 2);
  const fixed = await requester(t, { method: 'POST', url: server.url });
  fixed.send('req', { method: 'DELETE', payload: 'b' });
  fixed.send('req', { method: 'DELETE', payload: 'c' });
  await fixed.waitFor('out', 2);
  assert.deepEqual(server.requests.map((r) => r.method), ['PUT', 'GET', 'POST', 'POST']);
  assert.equal(fixed.events.log.filter((e) => /msg.method is ignored/.test(e.message)).length, 1);
});

test('return types: text, Buffer, parsed JSON (text with a warning when it is not JSON)', async (t) => {
  const server = await startHttpServer(t, (req, res) => res.end(req.url === '/json' ? '{"a":[1]}' : 'not json'));
  const results: unknown[] = [];
  for (const [ret, path] of [['txt', '/json'], ['bin', '/json'], ['obj', '/json'], ['obj', '/text']]) {
    const flows = await requester(t, { url: `${server.url}${path}`, ret });
    flows.send('req', {});
    results.push((await flows.waitFor('out'))[0]!.payload);
    if (path === '/text') await flows.waitForEvent('log', (e) => /not JSON/.test(e.message));
  }
  assert.deepEqual(results, ['{"a":[1]}', Buffer.from('{"a":[1]}'), { a: [1] }, 'not json']);
});

test('the response fills statusCode, headers, responseUrl and responseCookies', async (t) => {
  const server = await startHttpServer(t, (req, res) => {
    if (req.url === '/old') {
      res.writeHead(302, { location: '/new' }).end();
      return;
    }
    res.setHeader('set-cookie', ['sid=a%20b; Path=/; HttpOnly', 'theme=dark']);
    res.writeHead(201, { 'x-answer': '42' }).end('made');
  });
  const flows = await requester(t, { url: `${server.url}/old` });
  flows.send('req', {});
  const [msg] = await flows.waitFor('out');
  assert.equal(msg!.statusCode, 201);
  assert.equal(msg!.payload, 'made');
  assert.equal(msg!.responseUrl, `${server.url}/new`);
  const headers = msg!.headers as Record<string, unknown>;
  assert.equal(headers['x-answer'], '42');
  assert.deepEqual(headers['set-cookie'], ['sid=a%20b; Path=/; HttpOnly', 'theme=dark']);
  assert.match(String(headers['x-node-red-request-node']), /^[0-9a-f]{40}$/);
  assert.deepEqual(msg!.responseCookies, { sid: { value: 'a b', Path: '/', HttpOnly: true }, theme: { value: 'dark' } });

  flows.send('req', { followRedirects: false });
  const [, manual] = await flows.waitFor('out', 2);
  assert.equal(manual!.statusCode, 302);
  assert.equal((manual!.headers as Record<string, string>).location, '/new');
});

test('the URL: mustache from the message, msg.url when empty, http:// when no scheme', async (t) => {
  const server = await echoServer(t);
  const templated = await requester(t, { url: `${server.url}/lamp/{{{topic}}}?x={{payload.n}}` });
  templated.send('req', { topic: 'hall/1', payload: { n: 'a&b' } });
  await templated.waitFor('out');
  const fromMsg = await requester(t, { url: '' });
  fromMsg.send('req', { url: `${server.url.replace('http://', '')}/plain` });
  await fromMsg.waitFor('out');
  assert.deepEqual(server.requests.map((r) => r.url), ['/lamp/hall/1?x=a&amp;b', '/plain']);
});

test('a payload object for GET becomes query parameters, or the body', async (t) => {
  const server = await echoServer(t);
  const query = await requester(t, { url: `${server.url}/q?fixed=1`, paytoqs: 'query' });
  query.send('req', { payload: { q: 'lamp', n: 2, list: ['a', 'b'] } });
  await query.waitFor('out');
  query.send('req', { payload: 'not an object' });
  const [caught] = await query.waitFor('caught');
  assert.match((caught!.error as { message: string }).message, /must be an object/);
  const body = await requester(t, { url: `${server.url}/b`, paytoqs: 'body' });
  body.send('req', { payload: { search: 'x' } });
  await body.waitFor('out');
  const ignore = await requester(t, { url: `${server.url}/i` });
  ignore.send('req', { payload: { search: 'x' } });
  await ignore.waitFor('out');
  assert.deepEqual(server.requests.map((r) => [r.method, r.url, r.body.toString()]), [
    ['GET', '/q?fixed=1&q=lamp&n=2&list=a&list=b', ''],
    ['GET', '/b', '{"search":"x"}'],
    ['GET', '/i', ''],
  ]);
});

test('bodies: objects as JSON, forms, multipart, Buffers and numbers', async (t) => {
  const server = await echoServer(t);
  const flows = await requester(t, { method: 'POST', url: server.url });
  const sent: Array<Record<string, unknown>> = [
    { payload: { on: true } },
    { payload: { a: '1', b: ['x', 'y'] }, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    { payload: { note: 'hi', file: { value: Buffer.from('file body'), options: { filename: 'a.txt', contentType: 'text/plain' } } }, headers: { 'content-type': 'multipart/form-data' } },
    { payload: Buffer.from([1, 2, 3]) },
    { payload: 7 },
  ];
  for (const [i, msg] of sent.entries()) {
    flows.send('req', msg);
    await flows.waitFor('out', i + 1);
  }
  const [json, form, multipart, bytes, number] = server.requests as RecordedRequest[];
  assert.equal(json!.body.toString(), '{"on":true}');
  assert.equal(json!.headers['content-type'], 'application/json');
  assert.equal(form!.body.toString(), 'a=1&b=x&b=y');
  assert.match(String(multipart!.headers['content-type']), /^multipart\/form-data; boundary=/);
  assert.match(multipart!.body.toString(), /name="note"\r\n\r\nhi\r\n/);
  assert.match(multipart!.body.toString(), /name="file"; filename="a.txt"\r\nContent-Type: text\/plain\r\n\r\nfile body\r\n/);
  assert.deepEqual(bytes!.body, Buffer.from([1, 2, 3]));
  assert.equal(number!.body.toString(), '7');
});

test('headers: the node\'s replace msg.headers; cookies go in the Cookie header', async (t) => {
  const server = await echoServer(t);
  const flows = await requester(t, { url: server.url, headers: { 'X-Source': 'node', accept: 'text/plain' } });
  flows.send('req', { headers: { 'x-source': 'msg', 'x-extra': 'e', cookie: 'a=1' }, cookies: { b: 'x y', c: { value: 'r%20aw', encode: false }, gone: null } });
  await flows.waitFor('out');
  const { headers } = server.requests[0]!;
  assert.equal(headers['x-source'], 'node');
  assert.equal(headers['x-extra'], 'e');
  assert.equal(headers.accept, 'text/plain');
  assert.equal(headers.cookie, 'a=1; b=x%20y; c=r%20aw');
});

test('the response headers of one request are not sent by the next, unless changed', async (t) => {
  const server = await startHttpServer(t, (_req, res) => res.writeHead(200, { 'x-upstream': 'u' }).end('ok'));
  const flows = await runFlows([
    { id: 'first', type: 'http-request', config: { url: server.url }, wires: [['second']] },
    { id: 'second', type: 'http-request', config: { url: server.url }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('first', {});
  await flows.waitFor('out');
  assert.equal(server.requests[1]!.headers['x-upstream'], undefined);
  flows.send('second', { headers: { ...(flows.received('out')[0]!.headers as object), 'x-mine': 'm' } });
  await flows.waitFor('out', 2);
  assert.equal(server.requests[2]!.headers['x-upstream'], 'u');
  assert.equal(server.requests[2]!.headers['x-mine'], 'm');
  assert.equal(server.requests[2]!.headers['x-node-red-request-node'], undefined);
});

test('authentication: basic, bearer, and credentials in the URL', async (t) => {
  const server = await echoServer(t);
  const basic = await requester(t, { url: server.url, authType: 'basic' }, { user: 'ada', password: 's3cret:x' });
  basic.send('req', {});
  await basic.waitFor('out');
  const bearer = await requester(t, { url: server.url, authType: 'bearer' }, { token: 'tok-123' });
  bearer.send('req', {});
  await bearer.waitFor('out');
  const inUrl = await requester(t, { url: server.url.replace('http://', 'http://bob:p%40ss@') });
  inUrl.send('req', {});
  await inUrl.waitFor('out');
  const none = await requester(t, { url: server.url });
  none.send('req', {});
  await none.waitFor('out');
  const oddPercent = await requester(t, { url: server.url.replace('http://', 'http://bob:100%@') });
  oddPercent.send('req', {});
  await oddPercent.waitFor('out');
  assert.deepEqual(server.requests.map((r) => r.headers.authorization), [
    `Basic ${Buffer.from('ada:s3cret:x').toString('base64')}`,
    'Bearer tok-123',
    `Basic ${Buffer.from('bob:p@ss').toString('base64')}`,
    undefined,
    `Basic ${Buffer.from('bob:100%').toString('base64')}`,
  ]);
});

test('non-2xx responses are sent on, or with senderr go only to catch nodes', async (t) => {
  const server = await startHttpServer(t, (_req, res) => res.writeHead(404).end('missing'));
  const lenient = await requester(t, { url: server.url });
  lenient.send('req', {});
  assert.equal((await lenient.waitFor('out'))[0]!.statusCode, 404);
  assert.deepEqual(lenient.events.status.at(-1), { node: 'req', fill: 'red', shape: 'ring', text: '404' });
  const strict = await requester(t, { url: server.url, senderr: true });
  strict.send('req', { topic: 't' });
  const [caught] = await strict.waitFor('caught');
  assert.equal(caught!.statusCode, 404);
  assert.equal(caught!.payload, 'missing');
  assert.equal(caught!.topic, 't');
  assert.match((caught!.error as { message: string }).message, /answered 404/);
  await settle();
  assert.equal(strict.received('out').length, 0);
});

test('a timeout is an error for catch nodes, and with senderr off also a message', async (t) => {
  const server = await startHttpServer(t, () => undefined); // never answers
  const flows = await requester(t, { url: server.url, timeout: 0.05 });
  flows.send('req', { payload: 'p' });
  const [caught] = await flows.waitFor('caught');
  assert.match((caught!.error as { message: string }).message, /No response from server within 0.05 s/);
  assert.equal(caught!.payload, 'p');
  const [out] = await flows.waitFor('out');
  assert.equal(out!.statusCode, 'ETIMEDOUT');
  assert.match(String(out!.payload), new RegExp(`No response from server within 0.05 s : ${server.url}/`));
  flows.send('req', { requestTimeout: 30, topic: 'per message' });
  const [, again] = await flows.waitFor('caught', 2);
  assert.match((again!.error as { message: string }).message, /within 0.03 s/);
});

test('an unreachable server is an error for catch nodes', async (t) => {
  const port = await closedPort();
  const flows = await requester(t, { url: `http://127.0.0.1:${port}/x`, senderr: true });
  flows.send('req', {});
  const [caught] = await flows.waitFor('caught');
  assert.match((caught!.error as { message: string }).message, /ECONNREFUSED/);
  assert.deepEqual(flows.events.status.at(-1), { node: 'req', fill: 'red', shape: 'ring', text: 'ECONNREFUSED' });
  await settle();
  assert.equal(flows.received('out').length, 0);
});

test('no URL, or a URL that is not http(s), is an error for catch nodes', async (t) => {
  const flows = await requester(t, {});
  flows.send('req', {});
  flows.send('req', { url: 'ftp://files.local/x' });
  const caught = await flows.waitFor('caught', 2);
  assert.deepEqual(caught.map((m) => (m.error as { message: string }).message), [
    'No URL: set one in the node or in msg.url',
    '"ftp://files.local/x" is not an http:// or https:// URL',
  ]);
});

test('a bad URL, template or header in the node fails the deploy', async () => {
  assert.deepEqual(await deployErrors({ url: 'ftp://x/' }), [{ node: 'req', path: '/config/url', message: '"ftp://x/" is not an http:// or https:// URL' }]);
  assert.deepEqual(await deployErrors({ url: 'http://[bad/' }), [{ node: 'req', path: '/config/url', message: '"http://[bad/" is not a valid URL' }]);
  const [template] = await deployErrors({ url: 'http://x/{{topic' }) as Array<{ path: string; message: string }>;
  assert.equal(template!.path, '/config/url');
  assert.match(template!.message, /Invalid mustache template: Unclosed tag/);
  const [header] = await deployErrors({ url: 'http://x/', headers: { 'x-a': 'b\r\nc' } }) as Array<{ path: string }>;
  assert.equal(header!.path, '/config/headers/x-a');
});

test('stopping the node cancels a request in flight without an error', async (t) => {
  const server = await startHttpServer(t, () => undefined);
  const flows = await runFlows([
    { id: 'req', type: 'http-request', config: { url: server.url }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  flows.send('req', {});
  while (server.requests.length === 0) await settle(5);
  await flows.stop();
  await settle();
  assert.deepEqual(flows.events.log.filter((e) => e.level === 'error'), []);
  assert.equal(flows.received('out').length, 0);
});

test('http-in → http-request → http-response proxies a request without copying upstream headers', async (t) => {
  const upstream = await startHttpServer(t, (req, res) => res.writeHead(200, { 'x-upstream': 'u', 'content-type': 'application/json' }).end(`{"got":"${req.url}"}`));
  const { url } = await httpFlows(t, [
    { id: 'in', type: 'http-in', config: { url: '/proxy/:id' }, wires: [['req']] },
    { id: 'req', type: 'http-request', config: { url: `${upstream.url}/item/{{{req.params.id}}}`, ret: 'obj' }, wires: [['reply']] },
    { id: 'reply', type: 'http-response' },
  ]);
  const res = await fetch(`${url}/proxy/7`);
  assert.deepEqual(await res.json(), { got: '/item/7' });
  assert.equal(res.headers.get('x-upstream'), null);
});
