// The Config nodes view: every config node with its type, name and number of users; edit one
// in place, delete an unused one at once and a used one only after confirming, which clears
// the references of the nodes that used it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowDocument, FlowNode } from '../../server/api/contract.ts';
import { startServer } from '../helpers/server.ts';
import { ensureEditorBuilt, launchBrowser, resultsDir } from './helpers/browser.ts';
import { EditorPage } from './helpers/editor-page.ts';

const mqtt = (id: string, type: 'mqtt-in' | 'mqtt-out', y: number, broker: string): FlowNode => ({
  id, type, flow: 'plant', name: id, x: 120, y, config: { broker, topic: 'plant/temp' }, wires: type === 'mqtt-in' ? [[]] : [],
});

const flows: FlowDocument = {
  format: 'patchbay-flows',
  version: 1,
  flows: [{ id: 'plant', label: 'Plant' }],
  nodes: [
    mqtt('Sensors in', 'mqtt-in', 80, 'home-broker'),
    mqtt('Alerts out', 'mqtt-out', 160, 'home-broker'),
    { id: 'home-broker', type: 'mqtt-broker', name: 'Home', config: { mode: 'builtin' } },
    { id: 'spare-broker', type: 'mqtt-broker', name: 'Spare', config: { mode: 'builtin' } },
  ],
};

test('editor: config nodes view', async (t) => {
  await ensureEditorBuilt();
  const server = await startServer(t, { broker: true, mqttPort: 0 });
  const deployed = await server.api('/api/flows', { method: 'PUT', body: flows });
  assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  const browser = await launchBrowser(t);
  const editor = await EditorPage.open(browser, server.url, await resultsDir('e2e-editor-config-nodes'));
  const { page } = editor;
  t.after(() => editor.close());
  const view = page.getByRole('region', { name: 'Config nodes' });
  const item = (name: string) => view.getByRole('listitem', { name, exact: true });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => dialogs.push(dialog.message()));

  await t.test('lists each config node with its type, name and number of users', async () => {
    await page.getByRole('tab', { name: 'Config' }).click();
    assert.deepEqual(await view.getByRole('listitem').allInnerTexts(), ['mqtt broker\nHome\n2 nodes\nEdit\nDelete', 'mqtt broker\nSpare\nunused\nEdit\nDelete']);
    await editor.shot('listed');
  });

  await t.test('edit one in place: its new name shows in the list', async () => {
    await item('Spare').getByRole('button', { name: 'Edit Spare' }).click();
    await item('Spare').locator('pb-node-form').getByLabel('Name', { exact: true }).fill('Backup');
    await item('Backup').getByRole('button', { name: 'Edit Backup', expanded: true }).waitFor();
    await editor.shot('edited');
    await item('Backup').getByRole('button', { name: 'Edit Backup' }).click();
    await editor.waitForCount(view.locator('pb-node-form'), 0);
  });

  await t.test('an unused one is deleted without a question', async () => {
    await item('Backup').getByRole('button', { name: 'Delete Backup' }).click();
    await editor.waitForCount(item('Backup'), 0);
    assert.deepEqual(dialogs, []);
  });

  await t.test('a used one asks first; confirmed, it goes and its users are left with none', async () => {
    page.once('dialog', (dialog) => void dialog.dismiss());
    await item('Home').getByRole('button', { name: 'Delete Home' }).click();
    assert.deepEqual(dialogs, ['Delete the mqtt broker "Home"? 2 nodes use it; their setting will be cleared.']);
    await item('Home').waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await item('Home').getByRole('button', { name: 'Delete Home' }).click();
    await editor.waitForCount(item('Home'), 0);
    await view.getByText('No config nodes.', { exact: false }).waitFor();
    await editor.shot('deleted');

    await editor.deploy();
    const { body } = await server.api('/api/flows');
    assert.deepEqual(body.nodes.map((n: FlowNode) => [n.id, n.config.broker]), [['Sensors in', ''], ['Alerts out', '']]);
  });

  editor.assertNoProblems();
});
