// Big things in a small window: a node with a long name, debug messages with a 100 KB string,
// a deep object and a Buffer, and the editor in a 1024×700 window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/server.ts';
import { ensureEditorBuilt, launchBrowser, resultsDir } from './helpers/browser.ts';
import { EditorPage, until } from './helpers/editor-page.ts';

const LONG_NAME = 'Check the greenhouse sensors and tell someone when it is far too hot';

/** One message per output: a 100 KB string, 40 levels of 60 keys each, 5000 bytes. */
const CODE = `
const deep = {};
let level = deep;
for (let i = 0; i < 40; i++) {
  for (let k = 0; k < 60; k++) level['k' + k] = { a: k, b: [k, { c: 'x'.repeat(20) }] };
  level.next = {};
  level = level.next;
}
return [{ payload: 'x'.repeat(100 * 1024) }, { payload: deep }, { payload: Buffer.alloc(5000, 7) }];`;

test('editor: long names, big debug messages, a narrow window', async (t) => {
  await ensureEditorBuilt();
  const server = await startServer(t);
  const deployed = await server.api('/api/flows', {
    method: 'PUT',
    body: {
      format: 'patchbay-flows', version: 1,
      flows: [{ id: 'big', label: 'Big values' }],
      nodes: [
        { id: 'go', type: 'inject', flow: 'big', x: 80, y: 140, name: LONG_NAME, config: {}, wires: [['make']] },
        { id: 'make', type: 'function', flow: 'big', x: 380, y: 140, config: { code: CODE, outputs: 3 }, wires: [['d-text'], ['d-deep'], ['d-bytes']] },
        { id: 'd-text', type: 'debug', flow: 'big', x: 620, y: 60, name: 'text', config: {}, wires: [] },
        { id: 'd-deep', type: 'debug', flow: 'big', x: 620, y: 140, name: 'deep', config: {}, wires: [] },
        { id: 'd-bytes', type: 'debug', flow: 'big', x: 620, y: 220, name: 'bytes', config: {}, wires: [] },
      ],
    },
  });
  assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  const browser = await launchBrowser(t);
  const editor = await EditorPage.open(browser, server.url, await resultsDir('e2e-editor-big-values'));
  const { page } = editor;
  t.after(() => editor.close());
  /** Elements inside every debug value's shadow root. */
  const debugElements = () => page.evaluate(() =>
    [...document.querySelectorAll('pb-json-view')].reduce((n, view) => n + view.shadowRoot!.querySelectorAll('*').length, 0));

  await t.test('a long node name is cut on the card and shown whole on hover', async () => {
    const card = editor.node(LONG_NAME).locator('.node-card');
    await card.waitFor();
    assert.equal(await card.getAttribute('title'), LONG_NAME);
    const box = await card.boundingBox();
    assert.ok(box && box.width <= 240, 'the card keeps its maximum width');
  });

  await t.test('big debug messages arrive quickly and stay small until opened', async () => {
    await editor.openDebug();
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: `Inject ${LONG_NAME}` }).click();
    await editor.waitForCount(editor.debugMessages, 15);
    // Collapsed branches are not rendered: 15 messages, a few dozen elements each.
    assert.ok(await debugElements() < 1500, `debug values use ${await debugElements()} elements`);
    await editor.shot('big-messages');
  });

  await t.test('the long string shows its start and expands on request', async () => {
    const text = editor.debugMessages.filter({ has: page.getByRole('button', { name: 'text' }) }).last();
    await text.getByText('(first 1000 of 102400 characters)').waitFor();
    await text.getByRole('button', { name: 'Show all 1000 characters' }).click();
    await until(async () => (await text.locator('.string').first().innerText()).length === 1002, 'the whole head the server sent, quoted');
  });

  await t.test('the deep object and the buffer open level by level', async () => {
    const deep = editor.debugMessages.filter({ has: page.getByRole('button', { name: 'deep' }) }).last();
    await deep.getByText('object {61}').click();
    await deep.getByText('k59', { exact: true }).waitFor();
    const bytes = editor.debugMessages.filter({ has: page.getByRole('button', { name: 'bytes' }) }).last();
    await bytes.getByText('buffer[5000]').click();
    await bytes.getByText('(first 1000 shown)').waitFor();
    await editor.shot('opened');
  });

  await t.test('in a 1024×700 window the canvas keeps half the width and the sidebar stays usable', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    const canvas = await page.locator('.flow-canvas').boundingBox();
    const sidebar = await page.getByRole('complementary', { name: 'Sidebar' }).boundingBox();
    assert.ok(canvas && canvas.width >= 512, `canvas ${canvas?.width}px wide`);
    assert.ok(sidebar && sidebar.width >= 300 && sidebar.x + sidebar.width <= 1024, 'the sidebar fits');
    const minimap = await page.getByRole('img', { name: 'Minimap' }).boundingBox();
    assert.ok(minimap && minimap.width <= canvas.width / 3, 'the minimap leaves the canvas free');
    await editor.select('function');
    await editor.shot('narrow');
  });

  await t.test('the sender of a debug message, off-screen in the narrow window, is brought into view', async () => {
    await editor.waitForCount(editor.node('deep'), 0); // culled: right of the visible area
    await editor.openDebug();
    await editor.debugMessages.last().scrollIntoViewIfNeeded();
    await editor.debugMessages.getByRole('button', { name: 'deep' }).last().click();
    const card = editor.node('deep');
    await card.waitFor();
    await until(async () => {
      const [box, canvas] = [await card.boundingBox(), await page.locator('.flow-canvas').boundingBox()];
      return !!box && !!canvas && box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width;
    }, 'the deep node to be inside the canvas');
    assert.match(await card.getAttribute('class') ?? '', /selected/);
    await editor.shot('revealed');
  });

  editor.assertNoProblems();
});
