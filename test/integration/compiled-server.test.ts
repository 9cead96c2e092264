// `patchbay` runs the server compiled to plain JavaScript (dist/server): it starts on plain Node,
// without tsx's loader compiling every module at each start, and the core nodes load from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startCli } from '../helpers/cli.ts';
import { PATCHBAY_VERSION } from '../../server/version.ts';

const run = promisify(execFile);
const compiledCli = fileURLToPath(new URL('../../dist/server/server/cli.js', import.meta.url));

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
