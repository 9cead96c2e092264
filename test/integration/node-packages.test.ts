import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { nextEvent, startServer } from '../helpers/server.ts';

const examplePackage = fileURLToPath(new URL('../../examples/node-package/', import.meta.url));

async function dataDirWith(t: { after(fn: () => Promise<void>): void }, packages: Record<string, string | Record<string, unknown>>): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-packages-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  for (const [name, source] of Object.entries(packages)) {
    const dir = join(dataDir, 'nodes', name);
    if (typeof source === 'string') await cp(source, dir, { recursive: true });
    else {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'package.json'), JSON.stringify(source));
    }
  }
  return dataDir;
}

test('a node package in <dataDir>/nodes is loaded through the registry and runs', async (t) => {
  const dataDir = await dataDirWith(t, { threshold: examplePackage });
  const { api, editorSocket } = await startServer(t, { dataDir });
  const catalogue = (await api('/api/nodes')).body as Array<{ type: string; module: string; help: string }>;
  const entry = catalogue.find((n) => n.type === 'threshold');
  assert.equal(entry?.module, 'patchbay-nodes-threshold');
  assert.match(entry!.help, /hysteresis/);

  const doc = {
    format: 'patchbay-flows', version: 1, flows: [{ id: 'f', label: 'Heating' }],
    nodes: [
      { id: 'temp', type: 'inject', flow: 'f', config: { payload: { type: 'num', value: '23.5' } }, wires: [['switch']] },
      { id: 'switch', type: 'threshold', flow: 'f', config: { high: 22, low: 20 }, wires: [['show']] },
      { id: 'show', type: 'debug', flow: 'f', config: { property: 'payload' }, wires: [] },
    ],
  };
  assert.equal((await api('/api/flows', { method: 'PUT', body: doc })).status, 200);
  const socket = await editorSocket();
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'show');
  await api('/api/nodes/temp/trigger', { method: 'POST' });
  assert.equal((await shown).value, 'on');

  const invalid = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'switch' ? { ...n, config: { high: 18, low: 20 } } : n)) };
  const rejected = await api('/api/flows', { method: 'PUT', body: invalid });
  assert.equal(rejected.status, 400);
  assert.deepEqual(rejected.body.errors.map((e: { node: string; path: string }) => [e.node, e.path]), [['switch', '/config/low']]);
});

test('broken packages are reported with their name and skipped; Patchbay still starts', async (t) => {
  const dataDir = await dataDirWith(t, {
    'no-manifest': { name: 'no-manifest' },
    future: { name: 'from-the-future', patchbay: { apiVersion: 2, nodes: ['x/index.ts'] } },
  });
  const logged: string[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
  const { api } = await startServer(t, { dataDir, log });
  assert.equal((await api('/api/health')).status, 200);
  assert.ok(((await api('/api/nodes')).body as unknown[]).length > 15, 'core nodes are there');
  const text = logged.join('');
  assert.match(text, /no-manifest/);
  assert.match(text, /from-the-future is written for node API version 2/);
});

test('each way a package can fail is reported with its name and code; it loads none of its types; the rest load', async (t) => {
  const module = (type: string) => `import { defineNode, Type } from 'patchbay/node-api';\nexport default defineNode({ type: '${type}', category: 'function', label: '${type}', color: '#fff', inputs: 1, outputs: 1, config: Type.Object({}), create() { return { input() {} }; } });\n`;
  const dataDir = await dataDirWith(t, {
    good: { name: 'good-nodes', version: '1.2.3', patchbay: { apiVersion: '^1', nodes: ['a.js'] } },
    'takes-inject': { name: 'takes-inject', patchbay: { apiVersion: 1, nodes: ['own.js', 'inject.js'] } },
    'bad-syntax': { name: 'bad-syntax', patchbay: { apiVersion: 1, nodes: ['x.js'] } },
    'wrong-range': { name: 'wrong-range', patchbay: { apiVersion: '>=2', nodes: ['x.js'] } },
  });
  await writeFile(join(dataDir, 'nodes', 'good', 'a.js'), module('good-a'));
  await writeFile(join(dataDir, 'nodes', 'takes-inject', 'own.js'), module('own-type'));
  await writeFile(join(dataDir, 'nodes', 'takes-inject', 'inject.js'), module('inject'));
  await writeFile(join(dataDir, 'nodes', 'bad-syntax', 'x.js'), 'export default {{ not javascript');
  const logged: string[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
  const { api } = await startServer(t, { dataDir, log });
  const packages = (await api('/api/packages')).body as Array<{ name: string; version: string; types: string[]; error?: { code: string; message: string } }>;
  const byName = new Map(packages.map((p) => [p.name, p]));
  assert.deepEqual(byName.get('good-nodes'), { name: 'good-nodes', version: '1.2.3', source: 'local', types: ['good-a'] });
  assert.equal(byName.get('takes-inject')?.error?.code, 'NODE_TYPE_DUPLICATE');
  assert.match(byName.get('takes-inject')!.error!.message, /"inject" from takes-inject is already registered by @patchbay\/core-nodes/);
  assert.equal(byName.get('bad-syntax')?.error?.code, 'NODE_PACKAGE_LOAD_FAILED');
  assert.equal(byName.get('wrong-range')?.error?.code, 'NODE_API_MISMATCH');
  const types = ((await api('/api/nodes')).body as Array<{ type: string; module: string }>);
  assert.ok(types.some((n) => n.type === 'good-a'));
  assert.ok(!types.some((n) => n.type === 'own-type'), 'a package loads whole or not at all');
  assert.equal(types.find((n) => n.type === 'inject')?.module, '@patchbay/core-nodes');
  for (const name of ['takes-inject', 'bad-syntax', 'wrong-range']) assert.ok(logged.some((line) => line.includes(`node package ${name} not loaded`)), name);
});
