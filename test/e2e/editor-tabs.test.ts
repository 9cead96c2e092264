// Working across tabs and with the keyboard: tabs (add, rename, disable, describe, reorder, delete),
// box selection, copy and paste to another tab, quick-add by name, the shortcut help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { openEditor } from './helpers/open-editor.ts';

const KITCHEN_INFO = '## Fridge\n\nRaises the alarm when the **door** stays open.';

test('editor: tabs, clipboard and keyboard', async (t) => {
  const { server, editor } = await openEditor(t, 'e2e-editor-tabs');
  const { page } = editor;
  const flowTabs = page.getByRole('navigation', { name: 'Flows' }).getByRole('tab');

  await t.test('add a tab and rename it by double-clicking', async () => {
    await editor.addFlow();
    await flowTabs.last().dblclick();
    await page.getByLabel('Flow name').fill('Kitchen');
    await page.getByLabel('Flow name').press('Enter');
    await page.getByRole('tab', { name: 'Kitchen', selected: true }).waitFor();
  });

  await t.test('disable the tab and move it left from its menu', async () => {
    await page.getByRole('button', { name: 'Flow options' }).click();
    await page.getByRole('menuitem', { name: 'Disable flow' }).click();
    await page.getByText('This flow is disabled').waitFor();
    await page.getByRole('button', { name: 'Flow options' }).click();
    await page.getByRole('menuitem', { name: 'Move left' }).click();
    assert.deepEqual(await flowTabs.allInnerTexts(), ['Kitchen', 'Welcome']);
    await editor.shot('tab-disabled-moved');
  });

  await t.test('describe the tab in markdown from its menu; the description shows while nothing is selected', async () => {
    await page.getByRole('button', { name: 'Flow options' }).click();
    await page.getByRole('menuitem', { name: 'Edit info…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Info: Kitchen' });
    await dialog.locator('pb-code-field[data-ready]').waitFor();
    await dialog.locator('.cm-content').fill(KITCHEN_INFO);
    await editor.shot('tab-info-editing');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const info = page.getByRole('region', { name: 'Flow info' });
    await info.getByRole('heading', { name: 'Fridge', exact: true }).waitFor();
    await info.getByText('Raises the alarm when the door stays open.').waitFor();
    await info.locator('strong', { hasText: 'door' }).waitFor();
    await editor.shot('tab-info-shown');
  });

  await t.test('box-select two nodes, copy them and paste them on another tab', async () => {
    await page.getByRole('tab', { name: 'Welcome' }).click();
    await editor.node('Shout').waitFor();
    // Drag a box over "Say hello" and "Shout" from empty canvas above-left of them.
    const hello = (await editor.node('Say hello').boundingBox())!;
    const shout = (await editor.node('Shout').boundingBox())!;
    await page.mouse.move(hello.x - 40, hello.y - 20);
    await page.mouse.down();
    await page.mouse.move(shout.x + shout.width + 10, shout.y + shout.height + 20, { steps: 10 });
    await page.mouse.up();
    await page.getByText('2 nodes selected.').waitFor();
    await page.keyboard.press('Control+c');

    await page.getByRole('tab', { name: 'Kitchen' }).click();
    await editor.waitForCount(page.locator('.react-flow__node'), 0);
    await page.keyboard.press('Control+v');
    await editor.waitForCount(page.locator('.react-flow__node'), 2);
    await editor.waitForCount(page.locator('.react-flow__edge'), 1);
    await editor.node('Say hello').waitFor();
    await editor.shot('pasted-on-other-tab');
  });

  await t.test('cut removes the nodes, paste puts copies back', async () => {
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+x');
    await editor.waitForCount(page.locator('.react-flow__node'), 0);
    await page.keyboard.press('Control+v');
    await editor.waitForCount(page.locator('.react-flow__node'), 2);
  });

  await t.test('quick-add a node by typing its name', async () => {
    await page.locator('.react-flow__pane').hover({ position: { x: 400, y: 400 } });
    await page.keyboard.press('/');
    await page.getByRole('combobox', { name: 'Node type' }).fill('deb');
    await editor.shot('quick-add');
    await page.keyboard.press('Enter');
    await editor.node('debug').waitFor();
  });

  await t.test('the help lists the keyboard shortcuts', async () => {
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const keys of ['Ctrl+Enter', 'Delete / Backspace', 'Ctrl+C', 'Ctrl+X', 'Ctrl+V', 'Ctrl+Z', 'Ctrl+Y / Ctrl+Shift+Z', 'Ctrl+A']) {
      await help.getByText(keys, { exact: true }).waitFor();
    }
    await editor.shot('help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  await t.test('Ctrl+Enter deploys, the disabled tab included', async () => {
    await page.keyboard.press('Control+Enter');
    const stored = await waitForDeploy(server);
    assert.deepEqual(stored.flows.map((f: { label: string }) => f.label), ['Kitchen', 'Welcome']);
    assert.equal(stored.flows[0].disabled, true);
    assert.equal(stored.flows[0].info, KITCHEN_INFO);
  });

  await t.test('delete a tab after confirming; undo brings it back with its nodes', async () => {
    await page.getByRole('tab', { name: 'Kitchen' }).click();
    page.once('dialog', (dialog) => {
      assert.match(dialog.message(), /Delete the flow "Kitchen" and its 3 nodes\?/);
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Flow options' }).click();
    await page.getByRole('menuitem', { name: 'Delete flow' }).click();
    await editor.waitForCount(flowTabs, 1);
    await page.keyboard.press('Control+z');
    await editor.waitForCount(flowTabs, 2);
    await page.getByRole('tab', { name: 'Kitchen' }).click();
    await editor.waitForCount(page.locator('.react-flow__node'), 3);
  });

  editor.assertNoProblems();
});

/** The stored flows once the editor's deploy has reached the server. */
async function waitForDeploy(server: TestServer) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { body } = await server.api('/api/flows');
    if (body.flows.some((f: { label: string }) => f.label === 'Kitchen')) return body;
    if (Date.now() > deadline) assert.fail('the deploy did not reach the server');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
