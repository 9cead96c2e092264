// Coming from Node-RED in the editor: paste a Node-RED export into the import dialog; its
// nodes, subflow instances, groups and placeholders appear; deploy; they run. Then a
// template opens for editing, and a selection becomes a subflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/server.ts';
import { ensureEditorBuilt, launchBrowser, resultsDir } from './helpers/browser.ts';
import { EditorPage } from './helpers/editor-page.ts';

const exported = [
  { id: 'nr-tab', type: 'tab', label: 'Kitchen (Node-RED)' },
  { id: 'nr-sf', type: 'subflow', name: 'Add tax', in: [{ x: 40, y: 40, wires: [{ id: 'nr-tax' }] }], out: [{ x: 300, y: 40, wires: [{ id: 'nr-tax', port: 0 }] }], env: [{ name: 'RATE', type: 'num', value: '0.2' }] },
  { id: 'nr-tax', type: 'function', z: 'nr-sf', name: 'tax', func: 'msg.payload = msg.payload * (1 + Number(env.get("RATE")));\nreturn msg;', outputs: 1, x: 170, y: 40, wires: [[]] },
  { id: 'nr-group', type: 'group', z: 'nr-tab', name: 'Prices', style: { label: true, stroke: '#3b7ddd' }, nodes: ['nr-in', 'nr-use'], x: 40, y: 40, w: 420, h: 100 },
  { id: 'nr-in', type: 'inject', z: 'nr-tab', g: 'nr-group', name: 'Price', props: [{ p: 'payload' }], payload: '100', payloadType: 'num', x: 130, y: 90, wires: [['nr-use']] },
  { id: 'nr-use', type: 'subflow:nr-sf', z: 'nr-tab', g: 'nr-group', name: 'With tax', env: [{ name: 'RATE', type: 'num', value: '0.5' }], x: 330, y: 90, wires: [['nr-show']] },
  { id: 'nr-show', type: 'debug', z: 'nr-tab', name: 'Total', active: true, tosidebar: true, complete: 'payload', targetType: 'msg', x: 560, y: 90, wires: [] },
  { id: 'nr-ui', type: 'ui_gauge', z: 'nr-tab', name: 'Gauge', group: 'dash', x: 560, y: 180, wires: [] },
];

test('editor: import a Node-RED export', async (t) => {
  await ensureEditorBuilt();
  const server = await startServer(t);
  const browser = await launchBrowser(t);
  const editor = await EditorPage.open(browser, server.url, await resultsDir('e2e-editor-node-red'));
  const { page } = editor;
  t.after(() => editor.close());

  await t.test('paste a Node-RED export: nodes, the subflow instance, the group and a placeholder appear, with the report', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(exported));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByLabel('Flow JSON').click();
    await page.keyboard.press('Control+v');
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    const report = page.getByRole('dialog').getByLabel('Import report');
    await report.getByText(/\d+ mapped, \d+ approximated, 1 unsupported/).waitFor();
    await report.getByText(/ui_gauge “Gauge”/).waitFor();
    await editor.shot('report');
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await page.getByRole('tab', { name: 'Kitchen (Node-RED)', selected: true }).waitFor();
    for (const label of ['Price', 'With tax', 'Total']) await editor.node(label).waitFor();
    await page.locator('.group-box').getByText('Prices').waitFor();
    await page.locator('[data-type="unsupported"]').getByText('Gauge').waitFor();
    await editor.waitForCount(page.locator('.react-flow__edge'), 2);
    await editor.shot('imported');
  });

  await t.test('deploy: the subflow runs with the instance\'s value', async () => {
    await editor.deploy();
    await editor.openDebug();
    await editor.shot('deployed');
    await page.getByRole('button', { name: 'Inject Price' }).click();
    // 100 plus the instance's RATE of 50 % (the template's default is 20 %)
    await editor.debugMessages.getByText('150', { exact: true }).waitFor();
    await editor.shot('ran');
  });

  await t.test('a selected instance opens its template; the way back returns to the tab', async () => {
    await editor.select('With tax');
    await page.getByRole('button', { name: 'Edit subflow template' }).click();
    await page.getByRole('region', { name: 'Subflow template' }).getByText('Add tax').waitFor();
    await editor.node('tax').waitFor();
    await editor.shot('template');
    await page.getByRole('button', { name: 'Back to the flow' }).click();
    await editor.node('With tax').waitFor();
  });

  await t.test('a selection becomes a subflow: an instance takes its place, wired as before', async () => {
    await editor.select('Total');
    await page.getByRole('button', { name: 'Selection to subflow' }).click();
    await editor.node('Subflow 2').waitFor();
    assert.equal(await editor.node('Total').count(), 0);
    await editor.deploy();
    await editor.openDebug();
    const before = await editor.debugMessages.count();
    await page.getByRole('button', { name: 'Inject Price' }).click();
    await editor.waitForCount(editor.debugMessages, before + 1);
    await editor.shot('debug-from-new-subflow');
    assert.equal((await server.api('/api/flows')).body.nodes.find((n: { name?: string }) => n.name === 'Total').flow, (await server.api('/api/flows')).body.nodes.find((n: { type: string; name?: string }) => n.type === 'subflow' && n.name === 'Subflow 2').id);
  });
});
