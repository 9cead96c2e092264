// GET /api/health and /api/health/ready through real HTTP: the broker, runtime and storage
// state, and readiness (503 until the stored flows run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import type { FlowDocument, HealthResponse } from '../../server/api/contract.ts';
import { createServer } from '../../server/index.ts';
import { silentLog } from '../helpers/flows.ts';
import { startServer } from '../helpers/server.ts';

const doc = (nodes: FlowDocument['nodes'], flows: FlowDocument['flows'] = [{ id: 'f1', label: 'One' }]): FlowDocument => ({
  format: 'patchbay-flows', version: 1, flows, nodes,
});

async function tempDataDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-health-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

test('health reports the broker, the runtime and storage; ready once the stored flows run', async (t) => {
  const server = await startServer(t, { broker: true });
  const first = (await server.api('/api/health')).body as HealthResponse;
  assert.equal(first.status, 'ok');
  assert.match(first.version, /^\d+\.\d+\.\d+/);
  assert.equal(typeof first.uptime, 'number');
  assert.equal(first.ready, true);
  assert.deepEqual(first.broker, { state: 'running', clients: 0 });
  assert.equal(first.runtime.state, 'running');
  assert.equal(first.runtime.loaded, 'starter', 'a new data dir starts with the starter flow');
  assert.equal(first.runtime.rev, (await server.api('/api/flows')).body.rev);
  assert.deepEqual(first.storage, { dataDirWritable: true, contextUnsaved: 0 });
  assert.deepEqual(first.problems, []);
  assert.deepEqual((await server.api('/api/health/ready')).body, { ready: true });

  const client = await connectAsync(server.mqttUrl!, { reconnectPeriod: 0 });
  t.after(() => client.endAsync(true));
  const deployed = await server.api('/api/flows', {
    method: 'PUT',
    body: doc([
      { id: 'a', type: 'inject', flow: 'f1', config: {}, wires: [['b']] },
      { id: 'b', type: 'debug', flow: 'f1', config: {}, wires: [] },
      { id: 'c', type: 'debug', flow: 'f1', disabled: true, config: {}, wires: [] },
      { id: 'd', type: 'debug', flow: 'f2', config: {}, wires: [] },
    ], [{ id: 'f1', label: 'One' }, { id: 'f2', label: 'Two', disabled: true }]),
  });
  assert.equal(deployed.status, 200);
  const after = (await server.api('/api/health')).body as HealthResponse;
  assert.deepEqual(after.broker, { state: 'running', clients: 1 });
  assert.deepEqual(after.runtime.flows, { running: 1, disabled: 1 });
  assert.deepEqual(after.runtime.nodes, { running: 2, disabled: 2, missing: [], failed: [] });
  assert.equal(after.runtime.rev, deployed.body.rev);
  assert.equal(after.storage.lastSave?.ok, true);
});

test('without the built-in broker, the broker is "off"', async (t) => {
  const server = await startServer(t, { broker: false });
  assert.deepEqual((await server.api('/api/health')).body.broker, { state: 'off' });
});

test('a deploy that could not be saved shows in storage.lastSave and in problems', async (t) => {
  const server = await startServer(t);
  const pair = doc([{ id: 'a', type: 'inject', flow: 'f1', config: {}, wires: [] }]);
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: pair })).status, 200);
  // The backup copy made before each save now fails (a directory is in its way), as a full disk would.
  await rm(join(server.dataDir, 'flows.json.backup'), { force: true });
  await mkdir(join(server.dataDir, 'flows.json.backup'));
  const refused = await server.api('/api/flows', { method: 'PUT', body: doc([{ id: 'b', type: 'inject', flow: 'f1', config: {}, wires: [] }]) });
  assert.equal(refused.body.code, 'FLOWS_NOT_SAVED');
  const health = (await server.api('/api/health')).body as HealthResponse;
  assert.equal(health.status, 'ok');
  assert.equal(health.storage.lastSave?.ok, false);
  assert.match(health.storage.lastSave!.error!, /could not be saved/);
  assert.ok(health.problems.some((p) => /the last deploy could not be saved and was undone/.test(p)), JSON.stringify(health.problems));
});

test('a flow file that could not be started: its backup runs, and health says so', async (t) => {
  const dataDir = await tempDataDir(t);
  const backup = doc([{ id: 'kept', type: 'inject', flow: 'f1', config: {}, wires: [] }]);
  await writeFile(join(dataDir, 'flows.json'), '{"format": "patchbay-flows", "vers');
  await writeFile(join(dataDir, 'flows.json.backup'), JSON.stringify(backup));
  const server = await startServer(t, { dataDir });
  const health = (await server.api('/api/health')).body as HealthResponse;
  assert.equal(health.ready, true, 'the server serves what it could start');
  assert.equal(health.runtime.loaded, 'backup');
  assert.deepEqual(health.runtime.nodes, { running: 1, disabled: 0, missing: [], failed: [] });
  assert.equal(health.problems.length, 1);
  assert.match(health.problems[0]!, /flows\.json.*not valid JSON.*; its backup runs instead/);
});

test('readiness: 503 with Retry-After until the stored flows run; the rest of the API waits too', async (t) => {
  const dataDir = await tempDataDir(t);
  // A node package whose node takes a while to start, as one opening a serial port might.
  const pkg = join(dataDir, 'nodes', 'slow-start');
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'slow-start', type: 'module', patchbay: { apiVersion: 1, nodes: ['index.js'] } }));
  await writeFile(join(pkg, 'index.js'), `import { defineNode, Type } from 'patchbay/node-api';
export default defineNode({ type: 'slow-start', category: 'function', label: 'slow start', color: '#ddd', inputs: 1, outputs: 0,
  config: Type.Object({}), async create(node) { await node.sleep(1500); return {}; } });`);
  await writeFile(join(pkg, 'help.md'), 'Takes 1.5 s to start.');
  await writeFile(join(dataDir, 'flows.json'), JSON.stringify(doc([{ id: 'slow', type: 'slow-start', flow: 'f1', config: {}, wires: [] }])));

  const server = await createServer({ port: 0, host: '127.0.0.1', broker: false, auth: false, log: silentLog, env: {}, dataDir });
  t.after(() => server.close());
  const started = server.listen();
  const url = await server.listening;
  const ready = await fetch(`${url}/api/health/ready`);
  assert.equal(ready.status, 503);
  assert.equal(ready.headers.get('retry-after'), '1');
  assert.equal((await ready.json()).code, 'SERVER_STARTING');
  const health = (await (await fetch(`${url}/api/health`)).json()) as HealthResponse;
  assert.deepEqual([health.status, health.ready, health.runtime.state], ['ok', false, 'starting']);
  const flows = await fetch(`${url}/api/flows`);
  assert.equal(flows.status, 503, 'no one deploys over flows that have not started yet');
  assert.equal((await flows.json()).code, 'SERVER_STARTING');

  await started;
  assert.equal((await fetch(`${url}/api/health/ready`)).status, 200);
  const running = (await (await fetch(`${url}/api/health`)).json()) as HealthResponse;
  assert.deepEqual([running.ready, running.runtime.state, running.runtime.loaded, running.runtime.nodes.running], [true, 'running', 'flows-file', 1]);
  assert.equal((await fetch(`${url}/api/flows`)).status, 200);
});
