// Issue 12's acceptance: the MQTT journey (mqtt in → function → mqtt out + debug) built the
// way a new user would on a fresh data dir, once by mouse and once by keyboard alone (add,
// wire, configure, deploy), with a reload in the middle that loses no edit. The result is
// checked from outside: a real MQTT client publishes and subscribes on the built-in broker.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import type { EditorPage } from './helpers/editor-page.ts';
import { until } from './helpers/editor-page.ts';
import { openEditor } from './helpers/open-editor.ts';

test('the MQTT journey by mouse', async (t) => {
  const { server, editor } = await openEditor(t, 'e2e-journey-mouse', { broker: true });
  const { page } = editor;
  const client = await connect(t, server.mqttUrl!);

  await editor.addFlow();
  await editor.dragFromPalette('mqtt in', { x: 120, y: 120 });
  await editor.select('mqtt in');
  await editor.form.getByLabel('Topic', { exact: true }).click();
  await page.keyboard.type('mouse/in');
  await editor.dragFromPalette('function', { x: 330, y: 120 });
  await editor.dragFromPalette('mqtt out', { x: 540, y: 120 });
  await editor.dragFromPalette('debug', { x: 540, y: 240 });
  await editor.wire('mouse/in', 'function');
  await editor.wire('function', 'mqtt out');
  await editor.wire('function', 'debug');
  await editor.shot('built');

  // A reload before deploying: asked first, then the edits come back.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await page.getByRole('alert').filter({ hasText: 'undeployed changes' }).getByRole('button', { name: 'Restore' }).click();
  await editor.waitForCount(page.locator('.react-flow__edge'), 3);

  await editor.select('function');
  const code = editor.form.locator('.cm-content').first();
  await code.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('msg.payload = String(msg.payload).toUpperCase();\nreturn msg;');
  await editor.select('mqtt out');
  await editor.form.getByLabel('Topic', { exact: true }).click();
  await page.keyboard.type('mouse/out');
  await editor.deploy();
  await editor.shot('deployed');

  await expectRoundTrip(editor, client, 'mouse');
  editor.assertNoProblems();
});

test('the MQTT journey by keyboard alone', async (t) => {
  const { server, editor } = await openEditor(t, 'e2e-journey-keyboard', { broker: true });
  const { page } = editor;
  const client = await connect(t, server.mqttUrl!);
  const key = (...keys: string[]) => keys.reduce((p, k) => p.then(() => page.keyboard.press(k)), Promise.resolve());

  // The fresh data dir's Welcome tab has two wires already.
  const wires = (n: number) => editor.waitForCount(page.locator('.react-flow__edge'), 2 + n);
  const topic = editor.form.getByLabel('Topic', { exact: true });
  /** A person looks at the canvas until the new node has the focus (its card is drawn a frame later). */
  const focusOn = (type: string) => until(async () => (await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).endsWith(`(${type} node)`),
    `the focus on the new ${type} node`);

  // Skip link → canvas, then quick-add mqtt in and set its topic.
  await key('Tab', 'Enter');
  await key('/');
  await page.keyboard.type('mqtt in');
  await key('Enter');
  await focusOn('mqtt in');
  await key('Enter');
  await editor.tabTo(topic);
  await page.keyboard.type('keys/in');
  await key('Escape');

  // The next node goes after the selected one, wired to it.
  await key('/');
  await page.keyboard.type('function');
  await key('Enter');
  await wires(1);
  await focusOn('function');
  await key('Enter');
  await editor.tabTo(editor.form.getByRole('textbox', { name: 'On Message' }));
  await key('Control+a');
  await page.keyboard.type('msg.payload = String(msg.payload).toUpperCase();\nreturn msg;');
  await key('Escape', 'Escape');

  await key('/');
  await page.keyboard.type('mqtt out');
  await key('Enter');
  await wires(2);
  await focusOn('mqtt out');
  await key('Enter');
  await editor.tabTo(topic);
  await page.keyboard.type('keys/out');
  await key('Escape');

  // A reload: asked first, the edits offered back, restored from the keyboard.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await page.getByRole('alert').filter({ hasText: 'undeployed changes' }).waitFor();
  await editor.tabTo(page.getByRole('button', { name: 'Restore' }));
  await key('Enter');
  await wires(2);

  // Find the function, then wire a debug node to it with W.
  await key('Control+f');
  await page.keyboard.type('function');
  await key('Enter');
  await focusOn('function');
  await key('/');
  await page.keyboard.type('debug');
  await key('Enter');
  await wires(3);
  await editor.shot('built');

  await key('Control+Enter');
  await until(async () => (await page.getByRole('button', { name: 'Deploy' }).getAttribute('data-dirty')) === null, 'the deploy');
  await expectRoundTrip(editor, client, 'keys');
  editor.assertNoProblems();
});

async function connect(t: TestContext, url: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url);
  t.after(() => client.endAsync());
  return client;
}

/** Publishes to <prefix>/in and expects the upper-cased payload on <prefix>/out and in the debug sidebar. */
async function expectRoundTrip(editor: EditorPage, client: MqttClient, prefix: string): Promise<void> {
  await client.subscribeAsync(`${prefix}/out`);
  const received = new Promise<string>((resolve) => client.once('message', (_topic, payload) => resolve(payload.toString())));
  await editor.page.getByRole('tab', { name: /^Debug/ }).click();
  await client.publishAsync(`${prefix}/in`, 'hello from mqtt');
  assert.equal(await received, 'HELLO FROM MQTT');
  await editor.debugMessages.getByText('HELLO FROM MQTT').first().waitFor();
  await editor.shot('round-trip');
}
