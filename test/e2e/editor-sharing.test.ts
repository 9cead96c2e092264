// Sharing flows in Chromium: an example imported from the Import dialog's examples browser; a
// file that needs a node package not installed names it, installs it by name with a click (a
// local npm registry stands in for npmjs.org), and the export lists the package it needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startNpmRegistry } from '../helpers/npm-registry.ts';
import { openEditor } from './helpers/open-editor.ts';

const examplePackage = fileURLToPath(new URL('../../examples/node-package/', import.meta.url));
const packageExample = join(examplePackage, 'examples', 'heating', 'flow.json');

test('editor: examples browser, an import naming a missing package installed with a click, an export listing it', async (t) => {
  const packDir = await mkdtemp(join(tmpdir(), 'patchbay-e2e-registry-'));
  t.after(() => rm(packDir, { recursive: true, force: true }));
  await promisify(execFile)('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir, examplePackage], { timeout: 60_000 });
  const file = join(packDir, (await readdir(packDir))[0]!);
  const registry = await startNpmRegistry(t, [{ name: 'patchbay-nodes-threshold', version: '1.0.0', file }]);
  // npm, run by the server in this process, asks the local registry.
  const before = process.env.npm_config_registry;
  process.env.npm_config_registry = registry;
  t.after(() => { if (before === undefined) delete process.env.npm_config_registry; else process.env.npm_config_registry = before; });

  const { server, editor } = await openEditor(t, 'e2e-editor-sharing');
  const { page } = editor;

  await page.getByRole('button', { name: 'Import' }).click();
  const examples = page.getByRole('region', { name: 'Examples' });
  await examples.getByRole('button', { name: 'MQTT echo' }).click();
  await examples.getByText('Subscribes to').waitFor();
  await editor.shot('examples');
  await examples.getByRole('button', { name: 'Import “MQTT echo”' }).click();
  await page.getByRole('tab', { name: 'MQTT echo', selected: true }).waitFor();

  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByLabel('Flow file').setInputFiles(packageExample);
  const dialog = page.getByRole('dialog', { name: 'Imported: node packages missing' });
  const item = dialog.getByRole('list', { name: 'Missing packages' }).getByRole('listitem');
  assert.match(await item.textContent() ?? '', /patchbay-nodes-threshold@1\.0\.0 \(threshold\)/);
  await editor.node('Heating relay').getByText('missing type: threshold').waitFor();
  await editor.shot('missing-package');
  await dialog.getByRole('button', { name: 'Install patchbay-nodes-threshold' }).click();
  await dialog.getByRole('status').getByText('Installed patchbay-nodes-threshold@1.0.0').waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await editor.waitForCount(editor.node('Heating relay').getByText(/missing type/), 0);
  await editor.deploy();
  assert.deepEqual((await server.api('/api/health')).body.runtime.nodes.missing, []);

  await page.getByRole('button', { name: 'Export' }).click();
  const exported = JSON.parse(await page.getByLabel('Exported JSON').inputValue());
  assert.deepEqual(exported.packages, [{ name: 'patchbay-nodes-threshold', version: '1.0.0', types: ['threshold'] }]);
  editor.assertNoProblems();
});
