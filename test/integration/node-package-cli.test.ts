// The node package life cycle from the outside: `patchbay nodes new`, the package's own
// `npm test`, `patchbay nodes install` into a data dir, a server that lists and runs the type,
// `patchbay nodes remove`, and the flow kept with the node marked "missing type".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nextEvent, startServer } from '../helpers/server.ts';
import { examplePackage, flowWith, patchbay, run, tempDir } from '../helpers/node-packages.ts';

test('nodes new → npm test → nodes install → listed, runs in a flow → nodes remove keeps the node as "missing type"', async (t) => {
  const work = await tempDir(t);
  const dataDir = join(work, 'data');
  const created = await patchbay(work, 'nodes', 'new', 'my-node');
  assert.match(created.stdout, /node type "my-node"/);
  // Without this runner's NODE_TEST_CONTEXT, which would make the package's runner report to it instead of printing.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const tested = await run('npm', ['test'], { cwd: join(work, 'my-node'), timeout: 120_000, env });
  assert.match(tested.stdout, /# pass 3/);
  assert.match(tested.stdout, /# fail 0/);

  const installed = await patchbay(work, 'nodes', 'install', './my-node', '--data-dir', dataDir);
  assert.match(installed.stdout, /my-node@0\.1\.0: my-node/);
  assert.match((await patchbay(work, 'nodes', 'list', '--data-dir', dataDir)).stdout, /^my-node@0\.1\.0: my-node$/m);

  {
    const server = await startServer(t, { dataDir });
    const entry = ((await server.api('/api/nodes')).body as Array<{ type: string; module: string }>).find((n) => n.type === 'my-node');
    assert.equal(entry?.module, 'my-node');
    assert.equal((await server.api('/api/flows', { method: 'PUT', body: flowWith('my-node', { prefix: '>> ' }, 'ping') })).status, 200);
    const socket = await server.editorSocket();
    const shown = nextEvent(socket, 'debug', (e) => e.node === 'show');
    await server.api('/api/nodes/in/trigger', { method: 'POST' });
    assert.equal((await shown).value, '>> ping');
    await server.close();
  }

  const removed = await patchbay(work, 'nodes', 'remove', 'my-node', '--data-dir', dataDir);
  assert.match(removed.stdout, /marked "missing type".*Package flow \(My custom node\)/);
  assert.doesNotMatch((await readFile(join(dataDir, 'package.json'), 'utf8')), /my-node/);

  const server = await startServer(t, { dataDir });
  const flows = (await server.api('/api/flows')).body as { nodes: Array<{ id: string; type: string; config: unknown }> };
  assert.deepEqual(flows.nodes.find((n) => n.id === 'custom'), { id: 'custom', type: 'my-node', flow: 'f', name: 'My custom node', config: { prefix: '>> ' }, wires: [['show']] });
  const health = (await server.api('/api/health')).body as { runtime: { nodes: { missing: string[] } }; problems: string[] };
  assert.deepEqual(health.runtime.nodes.missing, ['custom']);
  // An editor that connects gets the badges nodes have: this one's says what is missing.
  let badge: Promise<{ text?: string }> | undefined;
  await server.editorSocket((socket) => { badge = nextEvent(socket, 'status', (e) => e.node === 'custom'); });
  assert.equal((await badge!).text, 'missing type: my-node');
});

test('the example package installs with `patchbay nodes install` and runs in a flow', async (t) => {
  const work = await tempDir(t);
  const dataDir = join(work, 'data');
  const installed = await patchbay(work, 'nodes', 'install', examplePackage, '--data-dir', dataDir);
  assert.match(installed.stdout, /patchbay-nodes-threshold@1\.0\.0: threshold/);
  const server = await startServer(t, { dataDir });
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: flowWith('threshold', { high: 22, low: 20 }, '23.5') })).status, 200);
  const socket = await server.editorSocket();
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'show');
  await server.api('/api/nodes/in/trigger', { method: 'POST' });
  assert.equal((await shown).value, 'on');
});

test('a package that throws at import is reported by name; the others and the core load', async (t) => {
  const work = await tempDir(t);
  const dataDir = join(work, 'data');
  const broken = join(work, 'broken-node');
  await patchbay(work, 'nodes', 'new', 'broken-node');
  await writeFile(join(broken, 'broken-node', 'index.js'), "throw new Error('cannot start without a dongle');\n");
  await patchbay(work, 'nodes', 'install', examplePackage, '--data-dir', dataDir);
  const failed = await patchbay(work, 'nodes', 'install', broken, '--data-dir', dataDir).then(() => undefined, (err: { code: number; stdout: string }) => err);
  assert.equal(failed?.code, 1);
  assert.match(failed!.stdout, /broken-node@0\.1\.0: NOT LOADED — Node package broken-node failed to load: cannot start without a dongle \(NODE_PACKAGE_LOAD_FAILED\)/);

  const server = await startServer(t, { dataDir });
  const packages = (await server.api('/api/packages')).body as Array<{ name: string; types: string[]; error?: { code: string; message: string } }>;
  assert.deepEqual(packages.map((p) => [p.name, p.types, p.error?.code]), [['broken-node', [], 'NODE_PACKAGE_LOAD_FAILED'], ['patchbay-nodes-threshold', ['threshold'], undefined]]);
  assert.match(packages[0]!.error!.message, /cannot start without a dongle/);
  const types = ((await server.api('/api/nodes')).body as Array<{ type: string }>).map((n) => n.type);
  assert.ok(types.includes('threshold') && types.includes('inject'));
  assert.ok(!types.includes('broken-node'));
});
