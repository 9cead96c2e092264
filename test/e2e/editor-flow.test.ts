// A newcomer's first flow, end to end in real Chromium against a real server: add nodes
// from the palette, wire them, configure, deploy, inject, read the debug sidebar, change a
// function, break a config and see where, undo and redo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEditor } from './helpers/open-editor.ts';
import { EditorPage, until } from './helpers/editor-page.ts';

test('editor: build, deploy and debug a flow', async (t) => {
  const { server, editor } = await openEditor(t, 'e2e-editor-flow');
  const { page } = editor;

  await t.test('add inject and debug from the palette on a new tab and wire them', async () => {
    await editor.addFlow();
    await editor.dragFromPalette('inject', { x: 150, y: 150 });
    await editor.dragFromPalette('debug', { x: 500, y: 150 });
    await editor.wire('inject', 'debug');
    await editor.shot('wired');
    assert.equal(await page.getByRole('button', { name: 'Deploy' }).getAttribute('data-dirty'), 'true');
  });

  await t.test('the help of the selected node shows under its form, rendered from markdown', async () => {
    await editor.select('inject');
    const help = page.getByRole('region', { name: 'Help' });
    await help.getByRole('heading', { name: 'Help: inject' }).waitFor();
    await help.getByText('Starts a flow: sends a message when you press its button').waitFor();
    await help.getByRole('heading', { name: 'Properties' }).scrollIntoViewIfNeeded();
    await editor.shot('inject-help');
  });

  await t.test('set the inject payload in the form and deploy', async () => {
    await editor.select('inject');
    await editor.form.getByLabel('Payload type').selectOption('str');
    await editor.form.getByLabel('Payload', { exact: true }).fill('hello e2e');
    await editor.shot('payload-set');
    await editor.deploy();
    assert.equal(await page.getByRole('button', { name: 'Deploy' }).isDisabled(), true, 'nothing left to deploy');
    const stored = await server.api('/api/flows');
    const inject = stored.body.nodes.find((n: { type: string; name?: string }) => n.type === 'inject' && !n.name);
    assert.deepEqual(inject.config.payload, { type: 'str', value: 'hello e2e' });
  });

  await t.test('press the inject button and see the message in the debug sidebar', async () => {
    await editor.openDebug();
    await page.getByRole('button', { name: 'Inject inject' }).click();
    const message = editor.debugMessages.last();
    await message.getByText('"hello e2e"', { exact: true }).waitFor();
    assert.match(await message.innerText(), /debug/);
    await editor.shot('debug-message');
  });

  await t.test('put a function between them, edit its code, and see the changed result', async () => {
    await page.locator('.react-flow__edge').first().click({ force: true });
    await page.keyboard.press('Delete');
    await editor.waitForCount(page.locator('.react-flow__edge'), 0);
    await editor.dragFromPalette('function', { x: 320, y: 300 });
    await editor.wire('inject', 'function');
    await editor.wire('function', 'debug');
    await editor.select('function');
    await setCode(editor, "msg.payload = msg.payload + ' via a function';\nreturn msg;");
    await editor.deploy();
    await editor.openDebug();
    await page.getByRole('button', { name: 'Inject inject' }).click();
    await editor.debugMessages.getByText('"hello e2e via a function"', { exact: true }).waitFor();

    await editor.select('function');
    await setCode(editor, 'msg.payload = String(msg.payload).toUpperCase();\nreturn msg;');
    await editor.shot('function-edited');
    await editor.deploy();
    await editor.openDebug();
    await page.getByRole('button', { name: 'Inject inject' }).click();
    await editor.debugMessages.getByText('"HELLO E2E"', { exact: true }).waitFor();
    await editor.shot('function-result');
  });

  await t.test('a deploy with an invalid config is refused and the error shows on the node', async () => {
    await editor.select('inject');
    await editor.form.getByLabel('Payload type').selectOption('num');
    await editor.form.getByLabel('Payload', { exact: true }).fill('not a number');
    await editor.deploy('refused');
    const card = editor.node('inject');
    await card.getByRole('alert').getByText(/is not a number/).waitFor();
    assert.match(await card.locator('.node-card').getAttribute('class') ?? '', /invalid/);
    await editor.form.getByText(/"not a number" is not a number/).waitFor();
    await editor.shot('deploy-refused');

    await editor.form.getByLabel('Payload', { exact: true }).fill('42');
    await editor.waitForCount(card.getByRole('alert'), 0);
    await editor.deploy();
    await editor.waitForCount(page.getByRole('alert', { name: 'Deploy errors' }), 0);
  });

  await t.test('undo and redo a delete, wires included', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await editor.node('function').locator('.node-label').click();
    await page.keyboard.press('Delete');
    await editor.waitForCount(editor.node('function'), 0);
    await editor.waitForCount(page.locator('.react-flow__edge'), 0);
    await editor.shot('deleted');

    await page.keyboard.press('Control+z');
    await editor.waitForCount(editor.node('function'), 1);
    await editor.waitForCount(page.locator('.react-flow__edge'), 2);
    await editor.shot('undone');

    await page.keyboard.press('Control+y');
    await editor.waitForCount(editor.node('function'), 0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await editor.waitForCount(editor.node('function'), 1);
    await until(async () => (await page.locator('.react-flow__edge').count()) === 2, 'the wires to come back');
  });

  editor.assertNoProblems();
});

/** Replaces the text of the form's first code editor (the function's "On Message"). */
async function setCode(editor: EditorPage, code: string): Promise<void> {
  const content = editor.form.locator('.cm-content').first();
  await content.click();
  await editor.page.keyboard.press('Control+a');
  await editor.page.keyboard.press('Delete');
  await content.fill(code);
}
