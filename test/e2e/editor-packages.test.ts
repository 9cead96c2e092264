// Manage palette in Chromium: a flow whose node type is not installed shows it as missing; an
// uploaded package tarball installs with npm's output shown, the palette gains the type and
// the node runs without a reload; removing a package that flows use is refused with the flows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openEditor } from './helpers/open-editor.ts';
import { bin } from '../helpers/cli.ts';

const examplePackage = fileURLToPath(new URL('../../examples/node-package/', import.meta.url));

test('editor: Manage palette installs an uploaded package, the palette follows, removal is refused while used', async (t) => {
  const packDir = await mkdtemp(join(tmpdir(), 'patchbay-e2e-pack-'));
  t.after(() => rm(packDir, { recursive: true, force: true }));
  await promisify(execFile)('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir, examplePackage], { timeout: 60_000 });
  const tarball = join(packDir, (await readdir(packDir))[0]!);

  const { server, editor } = await openEditor(t, 'e2e-editor-packages');
  const { page } = editor;
  await server.api('/api/flows', {
    method: 'PUT', body: {
      format: 'patchbay-flows', version: 1, flows: [{ id: 'f', label: 'Heating' }],
      nodes: [{ id: 'switch', type: 'threshold', flow: 'f', name: 'Radiator', x: 300, y: 120, config: { high: 22, low: 20 }, wires: [] }],
    },
  });
  await page.reload();
  await page.getByRole('status', { name: 'Server connected' }).waitFor();
  await editor.node('Radiator').getByText('missing type: threshold').waitFor();
  await editor.shot('missing-type');

  await page.getByRole('button', { name: 'Manage palette' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage palette' });
  await dialog.getByText('No node packages installed').waitFor();
  await dialog.getByLabel('Package tarball').setInputFiles(tarball);
  await dialog.getByRole('status').getByText('Installed patchbay-nodes-threshold@1.0.0: threshold').waitFor({ timeout: 60_000 });
  assert.match(await dialog.getByLabel('Install progress').textContent() ?? '', /added 1 package/);
  const row = dialog.getByRole('table', { name: 'Installed packages' }).getByRole('row').filter({ hasText: 'patchbay-nodes-threshold' });
  assert.match(await row.textContent() ?? '', /1\.0\.0.*threshold/);
  await editor.shot('installed');

  await dialog.getByRole('button', { name: 'Remove patchbay-nodes-threshold' }).click();
  const refusal = dialog.getByRole('alert');
  await refusal.getByText('is still used').waitFor();
  assert.equal(await refusal.getByRole('listitem').textContent(), 'Heating (Radiator)');
  await editor.shot('remove-refused');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Without a reload: the palette lists the type, and the node that was missing runs now.
  await page.getByRole('complementary', { name: 'Palette' }).getByRole('button', { name: 'threshold', exact: true }).waitFor();
  await editor.waitForCount(editor.node('Radiator').getByText(/missing type/), 0);
  assert.deepEqual((await server.api('/api/health')).body.runtime.nodes.missing, []);
  editor.assertNoProblems();
});

test('editor: a package\'s own Lit form element is loaded from the server and edits the node', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'patchbay-e2e-form-'));
  t.after(() => rm(work, { recursive: true, force: true }));
  const patchbay = (...args: string[]) => promisify(execFile)(process.execPath, [bin, ...args], { cwd: work, timeout: 120_000 });
  await patchbay('nodes', 'new', 'fancy-node', '--form');
  await promisify(execFile)('npm', ['run', 'build'], { cwd: join(work, 'fancy-node'), timeout: 120_000 });
  const dataDir = join(work, 'data');
  await patchbay('nodes', 'install', './fancy-node', '--data-dir', dataDir);

  const { server, editor } = await openEditor(t, 'e2e-editor-package-form', { dataDir });
  const { page } = editor;
  await editor.dragFromPalette('fancy-node', { x: 300, y: 200 });
  await editor.select('fancy-node');
  const prefix = page.getByLabel('Prefix');
  await prefix.click();
  await page.keyboard.press('End');
  await page.keyboard.type('there ');
  await editor.shot('custom-form');
  await editor.deploy();
  const { body } = await server.api('/api/flows');
  assert.equal(body.nodes.find((n: { type: string }) => n.type === 'fancy-node')?.config.prefix, 'hello there ', 'the form\'s change event reached the node');
  editor.assertNoProblems();
});
