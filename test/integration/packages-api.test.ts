// /api/packages on a running server: install an uploaded tarball, the palette told at once,
// nodes that were missing start; remove refused while flows use the package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { nextEvent, startServer } from '../helpers/server.ts';

const examplePackage = fileURLToPath(new URL('../../examples/node-package/', import.meta.url));

async function packedExample(t: { after(fn: () => Promise<void>): void }): Promise<{ filename: string; data: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-tarball-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await promisify(execFile)('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, examplePackage], { timeout: 60_000 });
  const [filename] = await readdir(dir);
  return { filename: filename!, data: (await readFile(join(dir, filename!))).toString('base64') };
}

const heating = (withThreshold: boolean) => ({
  format: 'patchbay-flows', version: 1, flows: [{ id: 'f', label: 'Heating' }],
  nodes: [
    { id: 'temp', type: 'inject', flow: 'f', config: { payload: { type: 'num', value: '23.5' } }, wires: [withThreshold ? ['switch'] : []] },
    ...(withThreshold ? [{ id: 'switch', type: 'threshold', flow: 'f', config: { high: 22, low: 20 }, wires: [['show']] }] : []),
    { id: 'show', type: 'debug', flow: 'f', config: { property: 'payload' }, wires: [] },
  ],
});

test('an uploaded tarball installs without a restart: editors hear of it and missing nodes start', async (t) => {
  const tarball = await packedExample(t);
  const { api, editorSocket } = await startServer(t);
  const deployed = await api('/api/flows', { method: 'PUT', body: heating(true) });
  assert.equal(deployed.status, 200, 'a flow may use a type not installed yet');
  assert.deepEqual(deployed.body.missingTypes, { threshold: ['switch'] });
  assert.deepEqual((await api('/api/health')).body.runtime.nodes.missing, ['switch']);

  const socket = await editorSocket();
  const progress: string[] = [];
  socket.on('packages:progress', (e) => progress.push(e.line));
  const changed = nextEvent(socket, 'nodes:changed', undefined, 60_000);
  const installed = await api('/api/packages', { method: 'POST', body: { tarball } });
  assert.equal(installed.status, 200);
  assert.deepEqual(installed.body, { name: 'patchbay-nodes-threshold', version: '1.0.0', source: 'npm', types: ['threshold'] });
  assert.deepEqual(await changed, { packages: ['patchbay-nodes-threshold'] });
  assert.ok(progress.some((line) => /added 1 package/.test(line)), `npm's output reached the editor: ${progress.join('\n')}`);
  assert.ok(((await api('/api/nodes')).body as Array<{ type: string }>).some((n) => n.type === 'threshold'));
  assert.deepEqual((await api('/api/packages')).body, [installed.body]);

  assert.deepEqual((await api('/api/health')).body.runtime.nodes.missing, []);
  const examples = (await api('/api/examples')).body as Array<{ id: string; title: string; source: string; readme: string; flow: { nodes: Array<{ type: string }> } }>;
  assert.ok(examples.some((e) => e.id === 'patchbay/mqtt-echo' && e.title === 'MQTT echo'), 'Patchbay\'s own examples');
  const shipped = examples.find((e) => e.source === 'patchbay-nodes-threshold');
  assert.equal(shipped?.id, 'patchbay-nodes-threshold/heating', 'and those the package ships');
  assert.match(shipped!.readme, /heating relay/);
  assert.ok(shipped!.flow.nodes.some((n) => n.type === 'threshold'));
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'show');
  await api('/api/nodes/temp/trigger', { method: 'POST' });
  assert.equal((await shown).value, 'on', 'the node that was missing runs');

  const refused = await api('/api/packages/patchbay-nodes-threshold', { method: 'DELETE' });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.code, 'NODE_PACKAGE_IN_USE');
  assert.deepEqual(refused.body.details, { flows: ['Heating (switch)'] });

  assert.equal((await api('/api/flows', { method: 'PUT', body: heating(false) })).status, 200);
  const removedEvent = nextEvent(socket, 'nodes:changed', undefined, 60_000);
  assert.equal((await api('/api/packages/patchbay-nodes-threshold', { method: 'DELETE' })).status, 200);
  await removedEvent;
  assert.deepEqual((await api('/api/packages')).body, []);
  assert.ok(!((await api('/api/nodes')).body as Array<{ type: string }>).some((n) => n.type === 'threshold'));
});

test('install requests name what is wrong', async (t) => {
  const { api } = await startServer(t);
  const path = await api('/api/packages', { method: 'POST', body: { spec: '../../etc' } });
  assert.equal(path.status, 400);
  assert.equal(path.body.code, 'NODE_PACKAGE_SPEC_INVALID');
  const shape = await api('/api/packages', { method: 'POST', body: { tarball: { filename: 'x.zip', data: '' } } });
  assert.equal(shape.body.code, 'HTTP_BODY_INVALID');
  const unknown = await api('/api/packages/nothing-here', { method: 'DELETE' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.code, 'NODE_PACKAGE_NOT_FOUND');
});
