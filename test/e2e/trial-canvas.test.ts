// Issue 12, from a user trial: where new, pasted and dropped nodes land, the Deploy button
// after an undo, and the inject button of a node that is not deployed yet. Real mouse and
// keyboard events only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEditor } from './helpers/open-editor.ts';
import { until } from './helpers/editor-page.ts';

test('editor trial: placing nodes, undo to deployed, inject before deploy', async (t) => {
  const { editor } = await openEditor(t, 'e2e-trial-canvas');
  const { page } = editor;
  const palette = page.getByRole('complementary', { name: 'Palette' });
  const deploy = page.getByRole('button', { name: 'Deploy' });

  await t.test('nodes added by palette click do not land on each other', async () => {
    await editor.addFlow();
    await palette.getByRole('button', { name: 'comment', exact: true }).click();
    await page.keyboard.press('Escape');
    await palette.getByRole('button', { name: 'comment', exact: true }).click();
    await page.keyboard.press('Escape');
    await palette.getByRole('searchbox', { name: 'Filter nodes' }).click();
    await page.keyboard.type('comment');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await editor.waitForCount(editor.node('comment'), 3);
    await palette.getByRole('searchbox', { name: 'Filter nodes' }).click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Escape');
    const boxes = await editor.boxes('comment');
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) assert.ok(!overlaps(a, b), `${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`);
    }
    await editor.shot('added-apart');
  });

  await t.test('with a node selected, a palette click adds the new node after it, wired to it', async () => {
    await palette.getByRole('button', { name: 'inject', exact: true }).click();
    const inject = (await editor.boxes('inject'))[0]!;
    await palette.getByRole('button', { name: 'debug', exact: true }).click();
    await editor.waitForCount(editor.node('debug'), 1);
    const debug = (await editor.boxes('debug'))[0]!;
    assert.ok(debug.x > inject.x + inject.width, 'the debug node is to the right of the inject node');
    assert.ok(Math.abs(debug.y + debug.height / 2 - (inject.y + inject.height / 2)) < 5, 'on the same line');
    await editor.waitForCount(page.locator('.react-flow__edge'), 1);
    await editor.shot('added-after');
  });

  await t.test('a dropped node is centred under the pointer', async () => {
    const pane = (await editor.canvas.boundingBox())!;
    await editor.dragFromPalette('function', { x: 300, y: 400 });
    const fn = (await editor.boxes('function'))[0]!;
    assert.ok(Math.abs(fn.x + fn.width / 2 - (pane.x + 300)) <= 10, `centred horizontally: ${JSON.stringify(fn)}`);
    assert.ok(Math.abs(fn.y + fn.height / 2 - (pane.y + 400)) <= 10, `centred vertically: ${JSON.stringify(fn)}`);
  });

  await t.test('a node dropped onto a wire is spliced into it', async () => {
    const edge = page.locator('.react-flow__edge-path').first();
    const middle = await edge.evaluate((path: SVGPathElement) => {
      const point = path.getPointAtLength(path.getTotalLength() / 2);
      const matrix = path.getScreenCTM()!;
      return { x: point.x * matrix.a + matrix.e, y: point.y * matrix.d + matrix.f };
    });
    const pane = (await editor.canvas.boundingBox())!;
    await editor.dragFromPalette('delay', { x: middle.x - pane.x, y: middle.y - pane.y });
    await editor.waitForCount(page.locator('.react-flow__edge'), 2);
    const ids = await page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((e) => e.getAttribute('data-id')));
    const delayId = await editor.node('delay').getAttribute('data-id');
    assert.equal(ids.filter((id) => id?.includes(`>${delayId}`)).length, 1, 'a wire into the delay');
    assert.equal(ids.filter((id) => id?.startsWith(`${delayId}:`)).length, 1, 'a wire out of the delay');
    await editor.shot('spliced');
  });

  await t.test('paste lands at the pointer', async () => {
    await editor.node('delay').locator('.node-label').click();
    await page.keyboard.press('Control+c');
    const pane = (await editor.canvas.boundingBox())!;
    await page.mouse.move(pane.x + 700, pane.y + 500);
    await page.keyboard.press('Control+v');
    await editor.waitForCount(editor.node('delay'), 2);
    const copy = (await editor.boxes('delay')).find((b) => b.y > pane.y + 450)!;
    assert.ok(copy, 'the copy is near the pointer, not 20 px off the original');
    assert.ok(Math.abs(copy.x + copy.width / 2 - (pane.x + 700)) <= 20 && Math.abs(copy.y + copy.height / 2 - (pane.y + 500)) <= 20,
      `the copy is centred on the pointer: ${JSON.stringify(copy)}`);
  });

  await t.test('the inject button of a node not deployed yet is disabled and says why', async () => {
    const button = page.getByRole('button', { name: 'Inject inject' });
    assert.equal(await button.isDisabled(), true);
    assert.match(await button.getAttribute('title') ?? '', /[Dd]eploy first/);
    await editor.deploy();
    assert.equal(await button.isDisabled(), false);
  });

  await t.test('undoing back to exactly the deployed flows leaves nothing to deploy', async () => {
    await editor.node('function').locator('.node-label').click();
    await page.keyboard.press('Delete');
    await until(async () => (await deploy.getAttribute('data-dirty')) === 'true', 'Deploy to show a change');
    await page.keyboard.press('Control+z');
    await until(async () => (await deploy.getAttribute('data-dirty')) === null, 'Deploy to show no change after the undo');
    assert.equal(await deploy.isDisabled(), true);
    await page.keyboard.press('Control+y');
    await until(async () => (await deploy.getAttribute('data-dirty')) === 'true', 'Deploy to show the change again after redo');
    await page.keyboard.press('Control+z');
  });

  await t.test('mqtt in and out show their topic, debug its property; in and out look different', async () => {
    const palette = page.getByRole('complementary', { name: 'Palette' });
    await page.keyboard.press('Escape');
    await palette.getByRole('button', { name: 'mqtt in', exact: true }).click();
    await editor.form.getByLabel('Topic', { exact: true }).click();
    await page.keyboard.type('home/+/temp');
    await editor.node('home/+/temp').waitFor();
    await page.keyboard.press('Escape');
    await palette.getByRole('button', { name: 'mqtt out', exact: true }).click();
    await editor.form.getByLabel('Topic', { exact: true }).click();
    await page.keyboard.type('alerts');
    await editor.node('alerts').waitFor();
    await page.keyboard.press('Escape');
    await palette.getByRole('button', { name: 'debug', exact: true }).click();
    await editor.form.getByLabel('Output', { exact: true }).click();
    await page.keyboard.type('payload');
    await editor.node('msg.payload').waitFor();
    const look = (label: string) => editor.node(label).locator('.node-card').evaluate((card) => ({
      icon: card.querySelector('.node-icon')!.innerHTML,
      iconLeft: card.querySelector('.node-icon')!.getBoundingClientRect().left < card.querySelector('.node-label')!.getBoundingClientRect().left,
    }));
    const [inLook, outLook] = [await look('home/+/temp'), await look('alerts')];
    assert.notEqual(inLook.icon, outLook.icon, 'different icons');
    assert.notEqual(inLook.iconLeft, outLook.iconLeft, 'the sending node has its icon on the right, as in Node-RED');
    await editor.shot('labels');
  });

  await t.test('the mqtt broker form shows only what applies, with choices in words', async () => {
    await editor.select('home/+/temp');
    await editor.form.getByRole('button', { name: 'Add new mqtt broker' }).click();
    const broker = editor.form.getByRole('group', { name: 'mqtt broker settings' });
    const mode = broker.getByLabel('Broker', { exact: true });
    assert.deepEqual(await mode.locator('option').allInnerTexts(), ['Built-in broker', 'External broker (URL)']);
    for (const label of ['URL', 'Client ID', 'Protocol', 'Keep alive (s)']) {
      assert.equal(await broker.getByLabel(label, { exact: true }).count(), 0, `${label} is hidden for the built-in broker`);
    }
    await mode.selectOption({ label: 'External broker (URL)' });
    await broker.getByLabel('URL', { exact: true }).waitFor();
    assert.deepEqual(await broker.getByLabel('Protocol', { exact: true }).locator('option').allInnerTexts(), ['MQTT 3.1.1', 'MQTT 5']);
    assert.equal(await broker.getByLabel('Session expiry (s, MQTT 5)').count(), 0, 'session expiry only for MQTT 5');
    await editor.form.getByLabel('Retained messages (MQTT 5)').evaluate((select: HTMLSelectElement) => select.options[0]!.text)
      .then((text) => assert.equal(text, 'Send on subscribe'));
    await editor.shot('broker-form');
  });

  editor.assertNoProblems();
});

interface Box { x: number; y: number; width: number; height: number }

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
