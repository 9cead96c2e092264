// Issue 12, from a user trial: keys that must do what they say. Quick-add takes typing at
// once, Ctrl+Enter deploys from a code field, the keyboard focus shows on nodes and wires,
// and the flow options menu behaves like a menu. Real key and mouse events only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEditor } from './helpers/open-editor.ts';
import { until } from './helpers/editor-page.ts';

test('editor trial: keys', async (t) => {
  const { server, editor } = await openEditor(t, 'e2e-trial-keys');
  const { page } = editor;
  const deploy = page.getByRole('button', { name: 'Deploy' });

  await t.test('quick-add: typing filters at once and Enter adds the node', async () => {
    await editor.canvas.click({ position: { x: 400, y: 420 } });
    await page.keyboard.press('/');
    await page.keyboard.type('debu');
    await editor.shot('quick-add-typed');
    await page.keyboard.press('Enter');
    await editor.waitForCount(editor.node('debug'), 1);
    assert.equal(await page.getByRole('dialog', { name: 'Add a node' }).count(), 0);
  });

  await t.test('Ctrl+Enter in a code field deploys, and adds no line to the code', async () => {
    await editor.select('Shout');
    const code = editor.form.locator('.cm-content').first();
    await code.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('// checked');
    await page.keyboard.press('Control+Enter');
    await until(async () => (await deploy.getAttribute('data-dirty')) === null, 'the deploy');
    const { body } = await server.api('/api/flows');
    const shout = body.nodes.find((n: { id: string }) => n.id === 'shout');
    assert.match(shout.config.code, /\/\/ checked$/, 'no blank line after the code');
  });

  await t.test('the keyboard focus shows on a node and on a wire', async () => {
    await editor.canvas.click({ position: { x: 780, y: 560 } });
    const width = (el: Element) => parseFloat(getComputedStyle(el).strokeWidth);
    const plain = await page.locator('.react-flow__edge-path').nth(1).evaluate(width);
    await tabUntil('.react-flow__edge:focus');
    const focused = await page.locator('.react-flow__edge:focus .react-flow__edge-path').evaluate(width);
    assert.ok(focused >= plain + 1.5, `a focused wire is clearly thicker (${focused} vs ${plain})`);
    await editor.shot('wire-focus');

    await tabUntil('.react-flow__node:focus');
    const outline = await page.locator('.react-flow__node:focus').evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, 'none', 'a focused node has an outline');
    await editor.shot('node-focus');
  });

  /** Presses Tab until an element matching `selector` has the focus (at most 20 times). */
  async function tabUntil(selector: string): Promise<void> {
    for (let i = 0; i < 20 && !(await page.locator(selector).count()); i++) await page.keyboard.press('Tab');
    await page.locator(selector).waitFor();
  }

  await t.test('the flow options menu: arrow keys move, Escape and an outside click close it', async () => {
    const button = page.getByRole('button', { name: 'Flow options' });
    const menu = page.getByRole('menu');
    await button.click();
    await menu.waitFor();
    await until(async () => (await page.evaluate(() => document.activeElement?.getAttribute('role'))) === 'menuitem', 'the focus in the menu');
    const first = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => document.activeElement?.textContent);
    assert.notEqual(second, first, 'ArrowDown moves to the next item');
    await page.keyboard.press('Escape');
    await editor.waitForCount(menu, 0);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Flow options', 'the focus returns to the button');

    await button.click();
    await menu.waitFor();
    await editor.canvas.click({ position: { x: 500, y: 300 } });
    await editor.waitForCount(menu, 0);
  });

  await t.test('the flow options menu closes when another tab is opened', async () => {
    await editor.addFlow();
    await page.getByRole('button', { name: 'Flow options' }).click();
    await page.getByRole('menu').waitFor();
    await page.getByRole('tab', { name: 'Welcome' }).click();
    await editor.waitForCount(page.getByRole('menu'), 0);
  });

  await t.test('W wires the selected node to one picked by name', async () => {
    await page.getByRole('tab', { name: 'Welcome' }).click();
    const edges = await page.locator('.react-flow__edge').count();
    await editor.node('Say hello').locator('.node-label').click();
    await page.keyboard.press('w');
    await page.keyboard.type('Show');
    await page.keyboard.press('Enter');
    await editor.waitForCount(page.locator('.react-flow__edge'), edges + 1);
  });

  await t.test('Ctrl+F finds a node on another tab by a setting and opens it', async () => {
    await page.getByRole('tab', { name: /^Flow/ }).first().click();
    await page.keyboard.press('Control+f');
    await page.keyboard.type('toUpperCase');
    await page.getByRole('option', { name: /Shout/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Welcome', selected: true }).waitFor();
    await until(async () => /selected/.test(await editor.node('Shout').getAttribute('class') ?? ''), 'Shout to be selected');
  });

  await t.test('right-click: the canvas menu adds a node where it was opened, and deletes one', async () => {
    const pane = (await editor.canvas.boundingBox())!;
    await page.mouse.click(pane.x + 760, pane.y + 540, { button: 'right' });
    await editor.shot('canvas-menu');
    await page.getByRole('menu', { name: 'Canvas menu' }).getByRole('menuitem', { name: 'Add node here…' }).click();
    await page.keyboard.type('comment');
    await page.keyboard.press('Enter');
    const comment = editor.node('comment');
    await comment.waitFor();
    const box = (await comment.boundingBox())!;
    assert.ok(Math.abs(box.x + box.width / 2 - (pane.x + 760)) <= 20 && Math.abs(box.y + box.height / 2 - (pane.y + 540)) <= 20, 'added where the menu was opened');
    await comment.locator('.node-label').click({ button: 'right' });
    await until(async () => (await page.evaluate(() => document.activeElement?.getAttribute('role'))) === 'menuitem', 'the focus in the menu');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await editor.waitForCount(comment, 0);
  });

  editor.assertNoProblems();
});
