// Flow files in and out of the editor: import from a file, export it again unchanged,
// export a selection to the clipboard, drag-and-drop a file, and refuse a bad file
// without touching the canvas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FlowDocument } from '../../server/api/contract.ts';
import { startServer } from '../helpers/server.ts';
import { ensureEditorBuilt, launchBrowser, resultsDir } from './helpers/browser.ts';
import { EditorPage } from './helpers/editor-page.ts';

const fixturePath = fileURLToPath(new URL('fixtures/greenhouse.json', import.meta.url));

test('editor: import and export flow files', async (t) => {
  await ensureEditorBuilt();
  const fixture = JSON.parse(await readFile(fixturePath, 'utf8')) as FlowDocument;
  const server = await startServer(t);
  const browser = await launchBrowser(t);
  const editor = await EditorPage.open(browser, server.url, await resultsDir('e2e-editor-files'));
  const { page } = editor;
  t.after(() => editor.close());
  const tabs = page.getByRole('navigation', { name: 'Flows' }).getByRole('tab');

  await t.test('import a flow file: its tabs open and its nodes show', async () => {
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByLabel('Flow file').setInputFiles(fixturePath);
    await page.getByRole('tab', { name: 'Greenhouse', exact: true, selected: true }).waitFor();
    for (const label of ['Every minute', 'Too warm?', 'Warm', 'Fine']) await editor.node(label).waitFor();
    await editor.waitForCount(page.locator('.react-flow__edge'), 3);
    await editor.shot('imported');
  });

  await t.test('export everything again: the imported tabs and nodes come back unchanged', async () => {
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByLabel('All flows').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    assert.equal(download.suggestedFilename(), 'flows.json');
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as FlowDocument;
    assert.equal(exported.format, 'patchbay-flows');
    for (const flow of fixture.flows) assert.deepEqual(exported.flows.find((f) => f.id === flow.id), flow);
    for (const node of fixture.nodes) assert.deepEqual(exported.nodes.find((n) => n.id === node.id), node);
  });

  await t.test('export a selection to the clipboard', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await editor.node('Too warm?').locator('.node-label').click();
    await page.keyboard.press('Control+e');
    await page.getByLabel('Selected nodes (1)').waitFor();
    await page.getByRole('button', { name: 'Copy to clipboard' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    await editor.shot('export-selection');
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as FlowDocument;
    assert.deepEqual(copied.flows, []);
    assert.deepEqual(copied.nodes.map((n) => n.id), ['gh-split']);
    assert.deepEqual(copied.nodes[0]!.wires, [[], []], 'wires to nodes outside the selection are left out');
    await page.keyboard.press('Escape');
  });

  await t.test('an invalid file gets a clear message and changes nothing', async () => {
    const nodesBefore = await page.locator('.react-flow__node').count();
    const tabsBefore = await tabs.count();
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByLabel('Flow JSON').fill('{"format":"patchbay-flows","version":1,"flows":[],"nodes":[{"id":"x"}]}');
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await page.getByRole('dialog').getByRole('alert').getByText('nodes[0] ("x"): "type" must be a non-empty string').waitFor();
    await editor.shot('invalid-file');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.locator('.react-flow__node').count(), nodesBefore);
    assert.equal(await tabs.count(), tabsBefore);
    assert.equal(await page.getByRole('button', { name: 'Deploy' }).getAttribute('data-dirty'), 'true', 'still dirty from the import only');
  });

  await t.test('drop the same file on the canvas: clashing ids are renamed and wires follow', async () => {
    const text = await readFile(fixturePath, 'utf8');
    await dropFile(editor, 'greenhouse.json', text);
    await editor.waitForCount(tabs.filter({ hasText: /^Greenhouse$/ }), 2);
    const exported = JSON.parse(await exportAll(editor)) as FlowDocument;
    const copies = exported.nodes.filter((n) => n.name === 'Every minute');
    assert.equal(copies.length, 2);
    const copy = copies.find((n) => n.id !== 'gh-tick')!;
    const target = exported.nodes.find((n) => n.id === copy.wires![0]![0]);
    assert.equal(target?.name, 'Too warm?');
    assert.notEqual(target?.id, 'gh-split');
    assert.notEqual(copy.flow, 'greenhouse');

    await dropFile(editor, 'notes.json', 'just some text');
    await page.getByText('notes.json: The file is not valid JSON').waitFor();
    await editor.shot('dropped');
  });

  await t.test('deploy the imported flows', async () => {
    await editor.deploy();
    const stored = await server.api('/api/flows');
    assert.equal(stored.body.flows.filter((f: { label: string }) => f.label === 'Greenhouse').length, 2);
  });

  editor.assertNoProblems();
});

/** Drops a file on the canvas the way a browser does when one is dragged in from the desktop. */
async function dropFile(editor: EditorPage, name: string, text: string): Promise<void> {
  const dataTransfer = await editor.page.evaluateHandle(([fileName, content]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], fileName, { type: 'application/json' }));
    return transfer;
  }, [name, text] as const);
  await editor.canvas.dispatchEvent('dragover', { dataTransfer });
  await editor.canvas.dispatchEvent('drop', { dataTransfer });
}

/** The text of "Export → All flows", read from the dialog. */
async function exportAll(editor: EditorPage): Promise<string> {
  const { page } = editor;
  await page.getByRole('button', { name: 'Export' }).click();
  await page.getByLabel('All flows').check();
  const text = await page.getByLabel('Exported JSON').inputValue();
  await page.keyboard.press('Escape');
  return text;
}
