import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpFlows } from '../../test/helpers/http-nodes.ts';
import type { TestNode } from '../../test/helpers/flows.ts';

/**
 * http-in on /r → a function node running `body` → http-response with `config`; a catch node
 * feeds sink "caught".
 */
function responder(body: string, config: Record<string, unknown> = {}): TestNode[] {
  return [
    { id: 'in', type: 'http-in', config: { url: '/r', timeout: 1 }, wires: [['fn']] },
    { id: 'fn', type: 'function', config: { code: body }, wires: [['reply']] },
    { id: 'reply', type: 'http-response', config },
    { id: 'catch', type: 'catch', wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ];
}

async function call(t: { after(fn: () => Promise<void>): void }, body: string, config: Record<string, unknown> = {}, init?: RequestInit) {
  const { flows, url } = await httpFlows(t, responder(body, config));
  return { flows, res: await fetch(`${url}/r`, init) };
}

test('the status code comes from the node, else msg.statusCode, else 200', async (t) => {
  assert.equal((await call(t, 'return msg;')).res.status, 200);
  assert.equal((await call(t, 'msg.statusCode = 404; return msg;')).res.status, 404);
  assert.equal((await call(t, 'msg.statusCode = "201"; return msg;')).res.status, 201);
  assert.equal((await call(t, 'msg.statusCode = 404; return msg;', { statusCode: 418 })).res.status, 418);
});

test('an invalid msg.statusCode is an error for catch nodes, which can still answer', async (t) => {
  const { flows, url } = await httpFlows(t, [
    ...responder('msg.statusCode = 1000; return msg;'),
    { id: 'fix', type: 'function', config: { code: 'msg.statusCode = 500; msg.payload = msg.error.message; return msg;' }, wires: [['reply']] },
  ].map((n) => (n.id === 'catch' ? { ...n, wires: [['caught', 'fix']] } : n)));
  const res = await fetch(`${url}/r`);
  assert.equal(res.status, 500);
  assert.match(await res.text(), /msg.statusCode 1000 is not an HTTP status code/);
});

test('payloads are sent like Node-RED: objects as JSON, Buffers as bytes, the rest as text', async (t) => {
  const cases: Array<[string, string, string | null]> = [
    ['msg.payload = { on: true }', '{"on":true}', 'application/json; charset=utf-8'],
    ['msg.payload = [1, 2]', '[1,2]', 'application/json; charset=utf-8'],
    ['msg.payload = null', 'null', 'application/json; charset=utf-8'],
    ['msg.payload = false', 'false', 'application/json; charset=utf-8'],
    ['msg.payload = "<p>hi</p>"', '<p>hi</p>', 'text/html; charset=utf-8'],
    ['msg.payload = 42', '42', 'text/html; charset=utf-8'],
    ['msg.payload = Buffer.from("bytes")', 'bytes', 'application/octet-stream'],
    ['delete msg.payload', '', null],
    ['msg.payload = { a: 1 }; msg.headers = { "Content-Type": "application/vnd.a+json" }', '{"a":1}', 'application/vnd.a+json; charset=utf-8'],
  ];
  for (const [code, body, type] of cases) {
    const { res } = await call(t, `${code}; return msg;`);
    assert.equal(await res.text(), body, code);
    assert.equal(res.headers.get('content-type'), type, code);
  }
});

test('the node\'s headers win over msg.headers, whatever their case; framing headers are skipped', async (t) => {
  const { res } = await call(
    t,
    'msg.payload = "x"; msg.headers = { "X-Source": "msg", "x-extra": 1, "content-length": "999", "transfer-encoding": "gzip", "set-cookie": ["a=1", "b=2"] }; return msg;',
    { headers: { 'x-source': 'node', 'Cache-Control': 'no-store' } },
  );
  assert.equal(res.headers.get('x-source'), 'node');
  assert.equal(res.headers.get('x-extra'), '1');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('content-length'), '1');
  assert.deepEqual(res.headers.getSetCookie(), ['a=1', 'b=2']);
  assert.equal(await res.text(), 'x');
});

test('msg.headers whose http-request mark no longer matches are sent; the mark never is', async (t) => {
  const { res } = await call(t, `
    const response = { server: "upstream", "x-upstream": "1" };
    msg.headers = { ...response, "x-node-red-request-node": "will be replaced" };
    return msg;`);
  assert.equal(res.headers.get('x-upstream'), '1', 'a mark that does not match: the headers were set on purpose');
  assert.equal(res.headers.get('x-node-red-request-node'), null, 'the mark itself is never sent');
});

test('cookies are set with options, and deleted', async (t) => {
  const { res } = await call(t, `
    msg.cookies = {
      plain: "v 1",
      session: { value: "abc", maxAge: 900000, httpOnly: true, path: "/r" },
      dated: { value: "d", expires: "2030-01-01T00:00:00Z" },
      gone: null,
      alsoGone: { value: null, path: "/r" },
    };
    return msg;`);
  const cookies = res.headers.getSetCookie();
  assert.equal(cookies[0], 'plain=v%201; Path=/');
  assert.match(cookies[1]!, /^session=abc; Max-Age=900; Path=\/r; Expires=.+; HttpOnly$/);
  assert.equal(cookies[2], 'dated=d; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT');
  assert.match(cookies[3]!, /^gone=; Path=\/; Expires=Thu, 01 Jan 1970/);
  assert.match(cookies[4]!, /^alsoGone=; Path=\/r; Expires=Thu, 01 Jan 1970/);
});

test('an invalid header value from the message is an error, and the client gets a 500', async (t) => {
  const { res, flows } = await call(t, 'msg.headers = { "x-bad": "a\\nb" }; return msg;');
  assert.equal(res.status, 500);
  const [caught] = await flows.waitFor('caught');
  assert.match((caught!.error as { message: string }).message, /Invalid character in header content/);
});

test('a message without msg.res only warns', async (t) => {
  const { flows } = await httpFlows(t, [{ id: 'reply', type: 'http-response' }]);
  flows.send('reply', { payload: 'x', res: { fake: true } });
  await flows.waitForEvent('log', (e) => e.level === 'warn' && /No request to answer/.test(e.message));
});

test('invalid header names or values in the node fail the deploy on that header', async (t) => {
  const attempt = httpFlows(t, [{ id: 'reply', type: 'http-response', config: { headers: { 'bad name': 'x' } } }]);
  await assert.rejects(attempt, (err: { details: unknown }) => {
    assert.deepEqual(err.details, [{ node: 'reply', path: '/config/headers/bad name', message: 'Invalid header "bad name": Header name must be a valid HTTP token ["bad name"]' }]);
    return true;
  });
});

test('a 1xx status is refused: it is interim, the client would wait for the real answer', async (t) => {
  const { flows, url } = await httpFlows(t, [
    ...responder('msg.statusCode = 101; return msg;'),
    { id: 'fix', type: 'function', config: { code: 'msg.statusCode = 500; msg.payload = msg.error.message; return msg;' }, wires: [['reply']] },
  ].map((n) => (n.id === 'catch' ? { ...n, wires: [['caught', 'fix']] } : n)));
  const res = await fetch(`${url}/r`, { signal: AbortSignal.timeout(2000) });
  assert.equal(res.status, 500);
  assert.match(await res.text(), /msg.statusCode 101 is not an HTTP status code \(200-599\)/);
  const attempt = httpFlows(t, [{ id: 'reply', type: 'http-response', config: { statusCode: 100 } }]);
  await assert.rejects(attempt, (err: { details: Array<{ path: string }> }) => err.details[0]!.path === '/config/statusCode');
});
