// Issue 12, from a user trial: where a user loses trust. Each tab keeps its zoom and pan and
// a reload reopens the last tab; undeployed edits survive a reload; error toasts go away when
// their cause does; status badges say when they are stale; deploy errors name fields by their
// labels without moving the canvas; invalid nodes are marked before Deploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/server.ts';
import { openEditor } from './helpers/open-editor.ts';
import { STEP_MS, until } from './helpers/editor-page.ts';

test('editor trial: nothing lost, nothing stale', async (t) => {
  let { server, editor } = await openEditor(t, 'e2e-trial-safety');
  const { page } = editor;
  const deploy = page.getByRole('button', { name: 'Deploy' });
  const viewport = () => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  const notices = page.locator('.notice-error');

  await t.test('each tab keeps its zoom and pan, and a reload opens the last tab', async () => {
    await editor.addFlow();
    await editor.deploy();
    await page.getByRole('tab', { name: 'Welcome' }).click();
    await page.getByRole('button', { name: 'Zoom In' }).click();
    await page.getByRole('button', { name: 'Zoom In' }).click();
    await until(async () => (await viewport()).includes('scale'), 'the zoom');
    const zoomed = await viewport();
    await page.getByRole('tab', { name: 'Flow 2' }).click();
    await until(async () => (await viewport()) !== zoomed, 'the other tab to show its own view');
    await page.getByRole('tab', { name: 'Welcome' }).click();
    await until(async () => (await viewport()) === zoomed, `the Welcome tab's zoom to come back (${zoomed})`);

    await page.getByRole('tab', { name: 'Flow 2' }).click();
    await page.reload();
    await page.getByRole('status', { name: 'Server connected' }).waitFor();
    await page.getByRole('tab', { name: 'Flow 2', selected: true }).waitFor();
    await page.getByRole('tab', { name: 'Welcome' }).click();
    await until(async () => (await viewport()) === zoomed, 'the zoom of the Welcome tab after the reload');
  });

  await t.test('reloading with undeployed edits asks first, and offers the edits back', async () => {
    await editor.dragFromPalette('comment', { x: 200, y: 400 });
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.type();
      void dialog.accept();
    });
    await page.reload();
    assert.equal(asked, 'beforeunload');
    await page.getByRole('status', { name: 'Server connected' }).waitFor();
    const offer = page.getByRole('alert').filter({ hasText: 'undeployed changes' });
    await offer.waitFor();
    await editor.shot('draft-offered');
    await offer.getByRole('button', { name: 'Restore' }).click();
    await editor.waitForCount(editor.node('comment'), 1);
    assert.equal(await deploy.getAttribute('data-dirty'), 'true');
    await editor.deploy();
  });

  await t.test('a node missing a required setting is marked as it is added, before Deploy', async () => {
    await page.getByRole('complementary', { name: 'Palette' }).getByRole('button', { name: 'mqtt in', exact: true }).click();
    const card = editor.node('mqtt in');
    await card.getByText(/Topic/).waitFor();
    assert.match(await card.locator('.node-card').getAttribute('class') ?? '', /invalid/);
    await editor.shot('marked-invalid');
    await editor.select('mqtt in');
    await editor.form.getByLabel('Topic').click();
    await page.keyboard.type('sensors/#');
    await until(async () => !/invalid/.test(await editor.node('sensors/#').locator('.node-card').getAttribute('class') ?? 'invalid'), 'the mark to go');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Escape');
  });

  await t.test('a syntax error in function code shows while typing', async () => {
    await editor.select('Shout');
    await editor.form.locator('.cm-content').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nif (');
    await editor.form.getByText(/[Ss]yntax error.*line 3/).waitFor();
    await editor.shot('syntax-error');
    await page.keyboard.press('Control+z');
    await until(async () => (await editor.form.getByText(/[Ss]yntax error/).count()) === 0, 'the message to go once the code parses');
  });

  await t.test('deploy errors name the field, and the canvas does not move when they appear', async () => {
    await editor.select('Say hello');
    await editor.form.getByLabel('Payload type').selectOption('num');
    await editor.form.getByLabel('Payload', { exact: true }).click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('lots');
    const before = (await editor.node('Shout').boundingBox())!;
    await deploy.click();
    const list = page.getByRole('alert', { name: 'Deploy errors' });
    await list.waitFor();
    await editor.shot('deploy-errors');
    const after = (await editor.node('Shout').boundingBox())!;
    assert.deepEqual({ x: after.x, y: after.y }, { x: before.x, y: before.y }, 'the nodes stay where they were');
    const text = await list.innerText();
    assert.match(text, /Payload/);
    assert.doesNotMatch(text, /\/config\//);
    await editor.form.getByLabel('Payload', { exact: true }).click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('42');
    await editor.deploy();
  });

  await t.test('error toasts leave with their cause, and do not pile up', async () => {
    await editor.select('Show');
    await editor.form.getByLabel('To node status').click();
    await editor.deploy();
    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    const badge = editor.node('Show').getByRole('status');
    await badge.getByText('42').waitFor();

    const port = Number(new URL(server.url).port);
    const { dataDir } = server;
    await server.close();
    await page.getByRole('status', { name: 'Server disconnected' }).waitFor();
    await badge.getByText(/stale/).waitFor();
    await editor.shot('stale-status');

    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    await notices.getByText(/reach/).waitFor();
    await editor.select('Show');
    await editor.form.getByLabel('Name').click();
    await page.keyboard.type('!');
    await deploy.click();
    await until(async () => (await notices.count()) === 1 && /Deploy failed/.test(await notices.innerText()), 'one error toast, the latest');

    server = await startServer(t, { dataDir, port });
    await page.getByRole('status', { name: 'Server connected' }).waitFor({ timeout: 15_000 });
    await editor.waitForCount(notices, 0);
    await until(async () => (await badge.getByText(/stale/).count()) === 0, 'the badge to be current again');
  });

  await t.test('an error toast expires by itself', async () => {
    // Wiring Shout to itself is refused with an error toast.
    const out = (await editor.node('Shout').locator('.react-flow__handle.source').boundingBox())!;
    const input = (await editor.node('Shout').locator('.react-flow__handle.target').boundingBox())!;
    await page.mouse.move(out.x + out.width / 2, out.y + out.height / 2);
    await page.mouse.down();
    await page.mouse.move(input.x - 20, input.y + 30, { steps: 8 });
    await page.mouse.move(input.x + input.width / 2, input.y + input.height / 2, { steps: 4 });
    await page.mouse.up();
    await notices.getByText('A node cannot be wired to itself').waitFor();
    await notices.waitFor({ state: 'detached', timeout: 2 * STEP_MS });
  });

  editor.assertNoProblems();
});
