// Issue 12, what users expect that was missing: the topic explorer fills the publish form and
// shows whole payloads, the debug node's switch, the debug filter "current flow", copying a
// property's path or value, topic and type in each message's header, resizable and
// collapsible side panels, a full-size code editor with completions, and a dark theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { openEditor } from './helpers/open-editor.ts';
import { until } from './helpers/editor-page.ts';

test('editor trial: panels', async (t) => {
  const { server, editor } = await openEditor(t, 'e2e-trial-panels', { broker: true });
  const { page } = editor;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });

  await t.test('topic explorer: a click fills the topic to publish to, counts are labelled, a JSON payload opens whole', async () => {
    const client = await mqtt.connectAsync(server.mqttUrl!);
    t.after(() => client.endAsync());
    await page.getByRole('tab', { name: 'Broker' }).click();
    await page.getByText('Watching #').waitFor();
    await client.publishAsync('garden/weather', JSON.stringify({ temperature: 21.5, humidity: 60, wind: { speed: 3, direction: 'north-north-west' } }));
    const item = page.getByRole('treeitem', { name: 'garden/weather' });
    await item.waitFor();
    await item.getByRole('button', { name: 'weather', exact: true }).click();
    const topic = page.getByRole('textbox', { name: 'Topic to publish to' });
    await until(async () => (await topic.inputValue()) === 'garden/weather', 'the topic in the publish form');
    assert.match(await item.locator('.topic-count').innerText(), /1 msg/);
    await item.getByRole('button', { name: 'Payload of garden/weather' }).click();
    const whole = page.getByLabel('Whole payload of garden/weather');
    await whole.getByText('north-north-west').waitFor();
    assert.match(await whole.innerText(), /"humidity": 60/);
    await editor.shot('topic-payload');
  });

  await t.test('debug: topic and type in the header, copy a path and a value', async () => {
    await page.getByRole('tab', { name: 'Welcome' }).click();
    await editor.openDebug();
    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    const entry = editor.debugMessages.last();
    await entry.getByText('greeting').waitFor();
    assert.match(await entry.locator('header').innerText(), /msg\.payload : string/);

    await editor.select('Show');
    await editor.form.getByLabel('Output', { exact: true }).click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await editor.deploy();
    await editor.openDebug();
    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    const whole = editor.debugMessages.last();
    await whole.getByText('"greeting"').waitFor();
    const row = whole.locator('pb-json-view .leaf').filter({ hasText: 'topic' }).first();
    await row.hover();
    await row.getByRole('button', { name: 'Copy path topic' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'topic');
    await row.getByRole('button', { name: 'Copy value of topic' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '"greeting"');
  });

  await t.test('debug: the switch on the node stops and restarts its messages without a deploy', async () => {
    const before = await editor.debugMessages.count();
    const toggle = page.getByRole('button', { name: 'To debug sidebar: Show' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await toggle.click();
    await until(async () => (await toggle.getAttribute('aria-pressed')) === 'false', 'the switch to show off');
    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    await toggle.click();
    await until(async () => (await toggle.getAttribute('aria-pressed')) === 'true', 'the switch to show on');
    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    await editor.waitForCount(editor.debugMessages, before + 1);
    await editor.shot('debug-switch');
  });

  await t.test('debug: the filter "Current flow" shows the messages of the open tab only', async () => {
    await editor.addFlow();
    await page.getByLabel('Filter by node').selectOption({ label: 'Current flow' });
    await editor.waitForCount(editor.debugMessages, 0);
    await page.getByRole('tab', { name: 'Welcome' }).click();
    await editor.debugMessages.first().waitFor();
    await page.getByLabel('Filter by node').selectOption({ label: 'All nodes' });
  });

  await t.test('the palette and the sidebar resize and hide', async () => {
    const palette = page.getByRole('complementary', { name: 'Palette' });
    const width = async () => (await palette.boundingBox())!.width;
    const start = await width();
    const handle = page.getByRole('separator', { name: 'Resize palette' });
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + 200, { steps: 5 });
    await page.mouse.up();
    assert.ok(Math.abs(await width() - (start + 80)) <= 4, `dragged 80 px wider: ${await width()}`);
    await page.keyboard.press('ArrowLeft');
    assert.ok(Math.abs(await width() - (start + 60)) <= 4, 'an arrow key moves it by 20 px');
    await page.getByRole('button', { name: 'Hide palette' }).click();
    await editor.waitForCount(palette, 0);
    await page.getByRole('button', { name: 'Show palette' }).click();
    await palette.waitFor();
    await page.keyboard.press('Control+Space');
    await until(async () => !(await page.getByRole('complementary', { name: 'Sidebar' }).isVisible()), 'Ctrl+Space to hide the sidebar');
    await page.keyboard.press('Control+Space');
    await page.getByRole('complementary', { name: 'Sidebar' }).waitFor();
  });

  await t.test('the code editor goes full size and completes msg, node and RED.util', async () => {
    await editor.select('Shout');
    await editor.form.getByRole('button', { name: 'Expand On Message' }).click();
    const frame = editor.form.locator('pb-code-field[expanded] .editor').first();
    await frame.waitFor();
    const viewport = page.viewportSize()!;
    assert.ok((await frame.boundingBox())!.width > viewport.width * 0.8, 'the editor takes the window');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nmsg.');
    await page.locator('.cm-tooltip-autocomplete').getByText('payload', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.type('topic;\nRED.util.');
    await page.locator('.cm-tooltip-autocomplete').getByText('cloneMessage', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.type('x;\nno');
    await page.locator('.cm-tooltip-autocomplete').getByText('node', { exact: true }).waitFor();
    await editor.shot('code-full-size');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await editor.waitForCount(editor.form.locator('pb-code-field[expanded]'), 0);
    await page.keyboard.press('Control+z');
  });

  await t.test('dark theme: follows the system, and the toggle overrides it', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = (colour: string) => colour.match(/\d+/g)!.slice(0, 3).reduce((sum, c) => sum + Number(c), 0) < 200;
    await page.emulateMedia({ colorScheme: 'dark' });
    await until(async () => dark(await background()), 'a dark page under a dark system setting');
    await editor.shot('dark');
    await page.getByRole('button', { name: 'Theme: system' }).click();
    await until(async () => !dark(await background()), 'the toggle to make it light');
    await page.getByRole('button', { name: 'Theme: light' }).click();
    await until(async () => dark(await background()), 'then dark');
    await page.getByRole('button', { name: 'Theme: dark' }).click();
    await page.emulateMedia({ colorScheme: 'light' });
    await until(async () => !dark(await background()), 'back to following the system');
  });

  editor.assertNoProblems();
});
