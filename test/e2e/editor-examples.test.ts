// R17: every flow in examples/ goes through the editor the way a person would use it: the
// Import dialog's file input, then Deploy, which the server validates. No example may be
// refused, and none may log an error once it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowDocument } from '../../server/api/contract.ts';
import { openEditor } from './helpers/open-editor.ts';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));
const examples = readdirSync(examplesDir)
  .map((name) => ({ name, file: join(examplesDir, name, 'flow.json') }))
  .filter(({ file }) => existsSync(file));

test('editor: every example imports through the Import dialog and deploys', async (t) => {
  assert.ok(examples.length >= 2, 'examples/ holds flows');
  const { server, editor } = await openEditor(t, 'e2e-editor-examples', { broker: true, mqttPort: 0 });
  const { page } = editor;

  for (const { name, file } of examples) {
    await t.test(name, async () => {
      const example = JSON.parse(readFileSync(file, 'utf8')) as FlowDocument;
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByLabel('Flow file').setInputFiles(file);
      await page.getByRole('tab', { name: example.flows[0]!.label, exact: true, selected: true }).waitFor();
      for (const node of example.nodes) if (node.name && node.flow) await editor.node(node.name).waitFor();
      const wires = example.nodes.flatMap((n) => n.wires ?? []).flat().length;
      await editor.waitForCount(page.locator('.react-flow__edge'), wires);
      await editor.deploy();
      await editor.shot(name);

      const { body } = await server.api('/api/flows');
      for (const node of example.nodes) assert.ok(body.nodes.some((n: { id: string }) => n.id === node.id), `${node.id} deployed`);
    });
  }

  await t.test('no error was shown or logged', async () => {
    assert.equal(await page.locator('.notice-error').count(), 0);
    await editor.openDebug();
    await editor.shot('debug');
    assert.equal(await page.getByRole('log', { name: 'Debug messages' }).locator('article.debug-error, article.debug-warn').count(), 0);
  });

  editor.assertNoProblems();
});
