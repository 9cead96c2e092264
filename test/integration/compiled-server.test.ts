// `patchbay` runs the server compiled to plain JavaScript (dist/server): it starts on plain Node,
// without tsx's loader compiling every module at each start, and the core nodes load from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startCli } from '../helpers/cli.ts';
import { PATCHBAY_VERSION } from '../../server/version.ts';

const run = promisify(execFile);
const compiledCli = fileURLToPath(new URL('../../dist/server/server/cli.js', import.meta.url));
const compileServer = fileURLToPath(new URL('../../server/bin/compile-server.js', import.meta.url));
const currentBuild = fileURLToPath(new URL('../../dist/server', import.meta.url));

test('patchbay runs from the compiled server: its core nodes load and nothing falls back to tsx', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-compiled-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const cli = await startCli(t, ['--data-dir', dataDir]);
  const { status, body } = await cli.api('/api/nodes');
  assert.equal(status, 200);
  assert.ok((body as { type: string }[]).some((node) => node.type === 'function'), 'core node types registered');
  assert.equal(await cli.stop(), 0);
  assert.doesNotMatch(cli.stderr(), /could not be compiled/);

  // Plain Node, no loader: every import of the compiled tree resolves to JavaScript.
  const { stdout } = await run(process.execPath, [compiledCli, '--version']);
  assert.equal(stdout.trim(), PATCHBAY_VERSION);
});

test('a running server keeps its build when the server is compiled again: what it loads later is still there', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-compiled-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const cli = await startCli(t, ['--data-dir', dataDir]);
  const started = await realpath(currentBuild);
  await run(process.execPath, [compileServer, '--force']);
  assert.notEqual(await realpath(currentBuild), started, 'the new compile is a build of its own');

  // The html node imports its parser (a chunk of the server's build) only when it is deployed.
  const { status, body } = await cli.api('/api/flows', {
    method: 'PUT',
    body: { format: 'patchbay-flows', version: 1, flows: [{ id: 'f', label: 'f' }], nodes: [{ id: 'h', type: 'html', flow: 'f', x: 0, y: 0, config: {}, wires: [] }] },
  });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(await cli.stop(), 0);
});
