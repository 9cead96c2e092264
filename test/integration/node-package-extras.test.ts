// More of the node package life cycle from the outside (split from node-package-cli.test.ts so
// each file stays within the per-file timeout on a loaded machine): a running server following
// the CLI, the scaffold's custom form, and package scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nextEvent, startServer } from '../helpers/server.ts';
import { examplePackage, flowWith, patchbay, run, tempDir } from '../helpers/node-packages.ts';

test('a running server follows `nodes install` and `nodes remove` on its data dir: palette and flows without a restart', async (t) => {
  const work = await tempDir(t);
  const dataDir = join(work, 'data');
  const server = await startServer(t, { dataDir });
  assert.equal((await server.api('/api/flows', { method: 'PUT', body: flowWith('threshold', { high: 22, low: 20 }, '23.5') })).status, 200);
  const socket = await server.editorSocket();
  const added = nextEvent(socket, 'nodes:changed', undefined, 60_000);
  await patchbay(work, 'nodes', 'install', examplePackage, '--data-dir', dataDir);
  assert.deepEqual(await added, { packages: ['patchbay-nodes-threshold'] });
  assert.ok(((await server.api('/api/nodes')).body as Array<{ type: string }>).some((n) => n.type === 'threshold'));
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'show', 10_000);
  // The reload that starts the node follows the event: the trigger waits for the node.
  await until(async () => (await server.api('/api/health')).body.runtime.nodes.missing.length === 0);
  await server.api('/api/nodes/in/trigger', { method: 'POST' });
  assert.equal((await shown).value, 'on');

  const removed = nextEvent(socket, 'nodes:changed', undefined, 60_000);
  await patchbay(work, 'nodes', 'remove', 'patchbay-nodes-threshold', '--data-dir', dataDir);
  await removed;
  await until(async () => (await server.api('/api/health')).body.runtime.nodes.missing[0] === 'custom');
  assert.ok(!((await server.api('/api/nodes')).body as Array<{ type: string }>).some((n) => n.type === 'threshold'));
});

/** Polls `check` every 50 ms for up to 10 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met within 10 s');
}

test('nodes new --form: the custom Lit form builds, installs, and is served as one ES module with Lit bundled', async (t) => {
  const work = await tempDir(t);
  const dataDir = join(work, 'data');
  await patchbay(work, 'nodes', 'new', 'fancy-node', '--form');
  await run('npm', ['run', 'build'], { cwd: join(work, 'fancy-node'), timeout: 120_000 });
  await patchbay(work, 'nodes', 'install', './fancy-node', '--data-dir', dataDir);
  const server = await startServer(t, { dataDir });
  const entry = ((await server.api('/api/nodes')).body as Array<{ type: string; editor?: string }>).find((n) => n.type === 'fancy-node');
  assert.equal(entry?.editor, '/api/nodes/fancy-node/editor.js');
  const res = await fetch(`${server.url}${entry!.editor}`);
  assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
  const code = await res.text();
  assert.doesNotMatch(code, /from\s*["']lit["']/, 'no bare specifier left for the browser');
  assert.match(code, /LitElement|ReactiveElement/);
  assert.match(code, /export\s*\{[^}]*as default/);
});

test('install runs no package scripts unless --allow-scripts', async (t) => {
  const work = await tempDir(t);
  await patchbay(work, 'nodes', 'new', 'scripted-node');
  const pkgFile = join(work, 'scripted-node', 'package.json');
  const manifest = JSON.parse(await readFile(pkgFile, 'utf8'));
  manifest.scripts.postinstall = 'node -e "require(\'fs\').writeFileSync(\'ran.txt\', \'yes\')"';
  await writeFile(pkgFile, JSON.stringify(manifest));
  await run('npm', ['run', 'build'], { cwd: join(work, 'scripted-node'), timeout: 120_000 });

  const quiet = join(work, 'quiet');
  await patchbay(work, 'nodes', 'install', './scripted-node', '--data-dir', quiet);
  assert.equal(existsSync(join(quiet, 'node_modules', 'scripted-node', 'ran.txt')), false, 'postinstall did not run');
  const allowed = join(work, 'allowed');
  await patchbay(work, 'nodes', 'install', './scripted-node', '--allow-scripts', '--data-dir', allowed);
  assert.equal(existsSync(join(allowed, 'node_modules', 'scripted-node', 'ran.txt')), true, 'postinstall ran when allowed');
});
