// A refused deploy whose undo goes wrong says so: the response lists what could not be put
// back, each with its code, and the log says the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capturingLog } from '../helpers/log.ts';
import { startServer } from '../helpers/server.ts';
import type { FlowDocument } from '../../server/api/contract.ts';

const lifecycleNode = fileURLToPath(new URL('../helpers/node-types/test-lifecycle/index.ts', import.meta.url));

const doc = (config: Record<string, unknown>): FlowDocument => ({
  format: 'patchbay-flows', version: 1, flows: [{ id: 'f1', label: 'F' }],
  nodes: [{ id: 'once', type: 'test-lifecycle', flow: 'f1', config, wires: [] }],
});

test('PUT /api/flows: a node of the previous flows that cannot start again is in details.incidents and the log', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-rollback-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const pkg = join(dataDir, 'nodes', 'test-lifecycle');
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'test-lifecycle', type: 'module', patchbay: { apiVersion: 1, nodes: [lifecycleNode] } }));
  const lines: Array<Record<string, unknown>> = [];
  const { api } = await startServer(t, { dataDir, log: capturingLog(lines) });

  assert.equal((await api('/api/flows', { method: 'PUT', body: doc({ label: 'rollback-v1', failOnRestart: true }) })).status, 200);
  const refused = await api('/api/flows', { method: 'PUT', body: doc({ label: 'rollback-v2', failOnStart: true }) });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.code, 'FLOWS_INVALID');
  assert.deepEqual(refused.body.errors.map((e: { node: string; path: string }) => [e.node, e.path]), [['once', '/config/failOnStart']]);
  assert.deepEqual(refused.body.details.incidents.map((i: { code: string; node: string }) => [i.code, i.node]), [['FLOWS_ROLLBACK_FAILED', 'once']]);
  assert.ok(lines.some((l) => l.code === 'FLOWS_ROLLBACK_FAILED' && l.nodeId === 'once'));
});
