import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nextEvent, startServer } from '../helpers/server.ts';
import type { FlowDocument } from '../../server/api/contract.ts';

const nodesDir = fileURLToPath(new URL('../../nodes/', import.meta.url));
const doc = (nodes: FlowDocument['nodes']): FlowDocument => ({ format: 'patchbay-flows', version: 1, flows: [{ id: 'f1', label: 'Flow 1' }], nodes });

const pipeline = doc([
  { id: 'in', type: 'inject', flow: 'f1', config: { payload: { type: 'num', value: '20' }, topic: 't' }, wires: [['double']] },
  { id: 'double', type: 'function', flow: 'f1', config: { code: 'msg.payload = msg.payload * 2 + 2; return msg;', outputs: 1 }, wires: [['out']] },
  { id: 'out', type: 'debug', flow: 'f1', name: 'result', config: { property: 'payload' }, wires: [] },
]);

test('health and the node catalogue', async (t) => {
  const { api } = await startServer(t);
  const health = await api('/api/health');
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'ok');
  assert.match(health.body.version, /^\d+\.\d+\.\d+/);
  const nodes = await api('/api/nodes');
  const inject = nodes.body.find((n: { type: string }) => n.type === 'inject');
  assert.ok(inject, 'inject is in the catalogue');
  for (const key of ['type', 'category', 'label', 'inputs', 'outputs', 'schema', 'help']) assert.ok(key in inject, `catalogue entry has ${key}`);
  assert.equal(inject.schema.type, 'object');
  assert.ok(inject.help.length > 100, 'help text is there');
  const folders = readdirSync(nodesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(nodesDir, entry.name, 'index.ts'))).map((entry) => entry.name);
  const listed = new Set(nodes.body.map((n: { type: string }) => n.type));
  assert.deepEqual(folders.filter((folder) => !listed.has(folder)), [], 'every nodes/<type>/ folder is in the catalogue');
});

test('a new data dir starts with the starter flow, saved to disk', async (t) => {
  const { api, dataDir } = await startServer(t);
  const flows = await api('/api/flows');
  assert.equal(flows.body.format, 'patchbay-flows');
  assert.ok(flows.body.nodes.some((n: { type: string }) => n.type === 'inject'));
  assert.equal(flows.headers.get('etag'), `"${flows.body.rev}"`);
  const saved = JSON.parse(await readFile(join(dataDir, 'flows.json'), 'utf8'));
  assert.deepEqual(saved.nodes.map((n: { id: string }) => n.id), flows.body.nodes.map((n: { id: string }) => n.id));
});

test('deploy inject → function → debug, press the button, get the debug event', async (t) => {
  const { api, editorSocket } = await startServer(t);
  const socket = await editorSocket();
  const deployed = nextEvent(socket, 'deployed');
  const put = await api('/api/flows', { method: 'PUT', body: pipeline });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal((await deployed).rev, put.body.rev);
  const debug = nextEvent(socket, 'debug', (e) => e.node === 'out', 1000);
  const trigger = await api('/api/nodes/in/trigger', { method: 'POST' });
  assert.equal(trigger.status, 200);
  const event = await debug;
  assert.equal(event.value, 42);
  assert.equal(event.property, 'payload');
  assert.equal(event.name, 'result');
  assert.equal(event.flow, 'f1');
});

test('If-Match guards against overwriting someone else’s deploy', async (t) => {
  const { api } = await startServer(t);
  const { body: { rev } } = await api('/api/flows');
  const first = await api('/api/flows', { method: 'PUT', body: pipeline, headers: { 'If-Match': `"${rev}"` } });
  assert.equal(first.status, 200);
  const stale = await api('/api/flows', { method: 'PUT', body: doc([]), headers: { 'If-Match': `"${rev}"` } });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.code, 'FLOWS_REV_CONFLICT');
  assert.equal((await api('/api/flows')).body.rev, first.body.rev);
});

test('an invalid document gets one 400 listing every error; the running flows keep running', async (t) => {
  const { api, editorSocket } = await startServer(t);
  await api('/api/flows', { method: 'PUT', body: pipeline });
  const bad = doc([
    { id: 'x', type: 'no-such-node', flow: 'f1', config: {}, wires: [] },
    { id: 'in', type: 'inject', flow: 'f1', config: { once: 'yes please' }, wires: [['ghost']] },
  ]);
  const res = await api('/api/flows', { method: 'PUT', body: bad });
  assert.equal(res.status, 400);
  assert.equal(res.body.code, 'FLOWS_INVALID');
  const found = res.body.errors.map((e: { node: string; path: string }) => `${e.node} ${e.path}`).sort();
  assert.deepEqual(found, ['in /config/once', 'in /wires/0/0'], 'a type that is not installed is no error (the node is kept, marked missing)');
  for (const e of res.body.errors) assert.ok(e.message.length > 0);
  const socket = await editorSocket();
  const debug = nextEvent(socket, 'debug', (e) => e.node === 'out');
  await api('/api/nodes/in/trigger', { method: 'POST' });
  assert.equal((await debug).value, 42, 'the previous flows still run');
});

test('bad requests get clear JSON errors', async (t) => {
  const { api } = await startServer(t, { maxBodyBytes: 2048 });
  const notJson = await api('/api/flows', { method: 'PUT', body: '{"format": ', headers: { 'content-type': 'application/json' } });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.code, 'HTTP_BODY_INVALID');
  const huge = await api('/api/flows', { method: 'PUT', body: { ...doc([]), padding: 'x'.repeat(5000) } });
  assert.equal(huge.status, 413);
  assert.equal(huge.body.code, 'HTTP_BODY_TOO_LARGE');
  const shape = await api('/api/flows', { method: 'PUT', body: { format: 'node-red', nodes: 'no' } });
  assert.equal(shape.status, 400);
  assert.ok(shape.body.errors.length > 0);
  const missing = await api('/api/nodes/nobody/trigger', { method: 'POST' });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 'NODE_NOT_FOUND');
  const unknown = await api('/api/nope');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.code, 'HTTP_NOT_FOUND');
});

test('an infinite loop in a function node is stopped and reported; other flows keep delivering', async (t) => {
  const { api, editorSocket } = await startServer(t);
  const both = { ...pipeline, flows: [...pipeline.flows, { id: 'f2', label: 'Loop' }] };
  both.nodes = [
    ...pipeline.nodes,
    { id: 'go', type: 'inject', flow: 'f2', config: { payload: { type: 'str', value: '' } }, wires: [['spin']] },
    { id: 'spin', type: 'function', flow: 'f2', config: { code: 'while (true) {}', outputs: 1, timeout: 0.2 }, wires: [] },
  ];
  assert.equal((await api('/api/flows', { method: 'PUT', body: both })).status, 200);
  const socket = await editorSocket();
  const reported = nextEvent(socket, 'log', (e) => e.node === 'spin' && e.level === 'error', 3000);
  await api('/api/nodes/go/trigger', { method: 'POST' });
  assert.match((await reported).message, /loop|took longer|time/i);
  const debug = nextEvent(socket, 'debug', (e) => e.node === 'out');
  await api('/api/nodes/in/trigger', { method: 'POST' });
  assert.equal((await debug).value, 42);
});

test('a restart on the same data dir brings back flows, credentials (encrypted) and persistent context', async (t) => {
  const first = await startServer(t, { contextStore: 'file' });
  const withSecret = {
    ...pipeline,
    nodes: [
      ...pipeline.nodes,
      { id: 'keeper', type: 'function', flow: 'f1', config: { code: 'global.set("visits", (global.get("visits") || 0) + 1); return msg;', outputs: 1 }, wires: [] },
      { id: 'in2', type: 'inject', flow: 'f1', config: {}, wires: [['keeper']] },
      { id: 'fetch', type: 'http-request', flow: 'f1', config: {}, wires: [[]] },
    ],
    credentials: { fetch: { token: 's3cret-value' } },
  };
  const put = await first.api('/api/flows', { method: 'PUT', body: withSecret });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  await first.api('/api/nodes/in2/trigger', { method: 'POST' });
  await new Promise((r) => setTimeout(r, 200));
  await first.close();
  const raw = await readFile(join(first.dataDir, 'credentials.json'), 'utf8');
  assert.ok(!raw.includes('s3cret-value'), 'credentials are encrypted at rest');

  const second = await startServer(t, { dataDir: first.dataDir, contextStore: 'file' });
  const flows = await second.api('/api/flows');
  assert.equal(flows.body.rev, put.body.rev);
  assert.deepEqual(flows.body.nodes.find((n: { id: string }) => n.id === 'fetch').credentials, ['token']);
  assert.ok(!JSON.stringify(flows.body).includes('s3cret-value'), 'credential values never leave the server');
  assert.equal(second.server.runtime.document.nodes.length, 6);
  const socket = await second.editorSocket();
  const visits = nextEvent(socket, 'debug', (e) => e.node === 'out');
  // Visit again through a debug-connected function to read the persisted count.
  const probe = { ...withSecret, credentials: undefined, nodes: withSecret.nodes.map((n) => (n.id === 'double' ? { ...n, config: { code: 'msg.payload = global.get("visits"); return msg;', outputs: 1 } } : n)) };
  assert.equal((await second.api('/api/flows', { method: 'PUT', body: probe })).status, 200);
  await second.api('/api/nodes/in/trigger', { method: 'POST' });
  assert.equal((await visits).value, 1);
});
