// Finding things without hunting: a deploy error on a tab that is not open, and a node
// selected, edited, moved and deleted with the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEditor } from './helpers/open-editor.ts';
import { until } from './helpers/editor-page.ts';

test('editor: deploy errors on other tabs, keyboard-only editing', async (t) => {
  const { editor } = await openEditor(t, 'e2e-editor-findable');
  const { page } = editor;
  const errors = page.getByRole('alert', { name: 'Deploy errors' });

  await t.test('an error on a node of a tab that is not open marks that tab and names it in the list', async () => {
    await editor.addFlow();
    await editor.dragFromPalette('inject', { x: 150, y: 150 });
    await editor.select('inject');
    await editor.form.getByLabel('Payload type').selectOption('num');
    await editor.form.getByLabel('Payload', { exact: true }).fill('not a number');
    await page.getByRole('tab', { name: 'Welcome' }).click();
    await editor.deploy('refused');
    const flow2 = page.getByRole('tab', { name: 'Flow 2' });
    assert.match(await flow2.getAttribute('class') ?? '', /tab-invalid/);
    assert.equal(await flow2.getAttribute('title'), 'Flow 2 (has deploy errors)');
    assert.match(await errors.getByRole('listitem').innerText(), /^inject \(on Flow 2\)/);
    assert.match(await page.getByRole('tab', { name: 'Welcome' }).getAttribute('class') ?? '', /^tab$/);
    await editor.shot('error-on-other-tab');
  });

  await t.test('deploying again does not stack a second identical notice', async () => {
    await page.getByRole('button', { name: 'Deploy' }).click();
    await until(async () => (await page.getByRole('button', { name: 'Deploy' }).innerText()) === 'Deploy', 'the second deploy to be refused');
    await editor.waitForCount(page.locator('.notice').filter({ hasText: /^Deploy refused: 1 problem \(listed at the top\)/ }), 1);
  });

  await t.test('the list entry opens the tab and selects the node; fixing it clears the marks', async () => {
    await errors.getByRole('button', { name: 'inject' }).click();
    await page.getByRole('tab', { name: 'Flow 2', selected: true }).waitFor();
    await editor.form.getByText(/is not a number/).waitFor();
    await editor.form.getByLabel('Payload', { exact: true }).fill('42');
    await until(async () => !/tab-invalid/.test(await page.getByRole('tab', { name: 'Flow 2' }).getAttribute('class') ?? ''), 'the tab mark to clear');
    await editor.deploy();
    await editor.waitForCount(page.locator('.notice').filter({ hasText: /^Deploy refused/ }), 0);
  });

  await t.test('Tab reaches the nodes, which have names a screen reader can read', async () => {
    await page.getByRole('tab', { name: 'Welcome' }).click();
    await editor.node('Say hello').waitFor();
    await page.getByRole('tab', { name: 'Debug' }).click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    let focused = '';
    for (let i = 0; i < 80 && focused !== 'Say hello (inject node)'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    }
    assert.equal(focused, 'Say hello (inject node)');
  });

  await t.test('Enter selects the focused node and moves the focus to its properties', async () => {
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Properties', selected: true }).waitFor();
    await editor.form.locator('header').getByText('inject').waitFor();
    await until(() => page.evaluate(() => document.activeElement?.id === 'sidebar-panel-properties'), 'the focus to move to the properties');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('label')?.textContent?.trim()), 'Enabled');
    await editor.shot('keyboard-properties');
  });

  await t.test('Delete removes the selected node and Ctrl+Z brings it back', async () => {
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Delete');
    await editor.waitForCount(editor.node('Say hello'), 0);
    assert.equal(await focusedLabel(), 'Flow canvas', 'the focus stays on the canvas, not the page body');
    await page.keyboard.press('Control+z');
    await editor.waitForCount(editor.node('Say hello'), 1);
  });

  await t.test('a "Skip to canvas" link comes first, hidden until focused, and leads past the palette to the nodes', async () => {
    const skip = page.getByRole('link', { name: 'Skip to canvas' });
    const onScreen = async () => { const box = (await skip.boundingBox())!; return box.y + box.height > 0; };
    assert.equal(await onScreen(), false, 'hidden before it has the focus');
    const firstFocusable = await page.evaluate(() => document.querySelector('a[href], button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex="-1"])')?.textContent);
    assert.equal(firstFocusable, 'Skip to canvas');
    // From the deploy bar's first control, one step back is the link.
    await page.getByRole('banner').locator('button:not([disabled])').first().focus();
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to canvas');
    assert.equal(await onScreen(), true, 'shown while focused');
    await editor.shot('skip-link');
    await page.keyboard.press('Enter');
    assert.equal(await focusedLabel(), 'Flow canvas');
    // The canvas's wires and nodes come next (React Flow's order): no palette entry on the way.
    const stops: string[] = [];
    for (let i = 0; i < 6 && !stops.some((l) => / node\)$/.test(l)); i++) {
      await page.keyboard.press('Tab');
      stops.push(await focusedLabel());
    }
    assert.ok(stops.some((l) => / node\)$/.test(l)), `a node within a few Tabs: ${stops.join(' | ')}`);
    assert.ok(stops.every((l) => /^Edge from | node\)$/.test(l)), `only wires and nodes on the way: ${stops.join(' | ')}`);
  });

  editor.assertNoProblems();

  /** The accessible name (aria-label) of the element with the keyboard focus. */
  async function focusedLabel(): Promise<string> {
    return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
  }
});
