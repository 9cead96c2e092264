// The broker view against the real built-in broker: stats, the topic explorer with retained
// flags, publishing a test message, and a topic dragged onto the canvas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/server.ts';
import { ensureEditorBuilt, launchBrowser, resultsDir } from './helpers/browser.ts';
import type { Request, Response } from 'playwright-core';
import { connectAsync } from 'mqtt';
import { EditorPage, until } from './helpers/editor-page.ts';

test('editor: broker view', async (t) => {
  await ensureEditorBuilt();
  const server = await startServer(t, { broker: true, mqttPort: 0 });
  const publish = (topic: string, payload: string, retain = false) =>
    server.api('/api/broker/publish', { method: 'POST', body: { topic, payload, retain } });
  await publish('home/hall/temp', '21.5', true);
  const browser = await launchBrowser(t);
  const editor = await EditorPage.open(browser, server.url, await resultsDir('e2e-editor-broker'));
  const { page } = editor;
  t.after(() => editor.close());
  const topics = page.getByRole('tree', { name: 'Topics' });

  await t.test('stats and retained topics show when the view opens', async () => {
    await page.getByRole('tab', { name: 'Broker' }).click();
    await page.getByRole('region', { name: 'Broker stats' }).getByText(server.mqttUrl!).waitFor();
    const temp = topics.getByRole('treeitem', { name: 'home/hall/temp' });
    await temp.getByText('21.5').waitFor();
    await temp.getByTitle('Retained').waitFor();
  });

  await t.test('connected clients are listed with the MQTT version they speak', async (st) => {
    const ha = await connectAsync(server.mqttUrl!, { clientId: 'home-assistant', protocolVersion: 5, reconnectPeriod: 0 });
    st.after(() => ha.endAsync(true));
    const z2m = await connectAsync(server.mqttUrl!, { clientId: 'zigbee2mqtt', protocolVersion: 4, reconnectPeriod: 0 });
    st.after(() => z2m.endAsync(true));
    const clients = page.getByRole('table', { name: 'Connected clients' });
    await clients.getByRole('row', { name: /home-assistant MQTT 5 tcp/ }).waitFor();
    await clients.getByRole('row', { name: /zigbee2mqtt MQTT 3\.1\.1 tcp/ }).waitFor();
    await editor.shot('broker-clients');
  });

  await t.test('live messages arrive in the tree', async () => {
    await publish('home/kitchen/light', '{"on":true}');
    await topics.getByRole('treeitem', { name: 'home/kitchen/light' }).getByText('{"on":true}').waitFor();
  });

  await t.test('publish a test message from the form', async () => {
    await page.getByLabel('Topic to publish to').fill('garden/pump');
    await page.getByLabel('Payload to publish').fill('off');
    await page.getByRole('button', { name: 'Publish' }).click();
    await topics.getByRole('treeitem', { name: 'garden/pump' }).getByText('off').waitFor();
    await editor.shot('broker-view');
  });

  await t.test('publishing refreshes the stats at once, not at the next poll', async (st) => {
    const path = (url: string) => new URL(url).pathname;
    let publishedAt = 0;
    const delays: number[] = [];
    const onResponse = (r: Response) => { if (path(r.url()) === '/api/broker/publish') publishedAt = Date.now(); };
    const onRequest = (r: Request) => {
      if (publishedAt && r.method() === 'GET' && path(r.url()) === '/api/broker') {
        delays.push(Date.now() - publishedAt);
        publishedAt = 0;
      }
    };
    page.on('response', onResponse);
    page.on('request', onRequest);
    st.after(() => { page.off('response', onResponse); page.off('request', onRequest); });
    const received = page.getByRole('region', { name: 'Broker stats' }).locator('div').filter({ hasText: 'Messages received' }).locator('dd');
    // Three times: the poll (every 2 s) landing within 800 ms of each publish by chance is unlikely (~6%),
    // while 800 ms leaves a loaded CI machine room for the fetch that follows the publish.
    for (const payload of ['on', 'off', 'on']) {
      const before = Number((await received.innerText()).replace(/\D/g, ''));
      await page.getByLabel('Payload to publish').fill(payload);
      await page.getByRole('button', { name: 'Publish' }).click();
      await until(async () => delays.length > 0, 'the stats to be fetched after the publish');
      assert.ok(delays.pop()! < 800, 'fetched right after the publish');
      await until(async () => Number((await received.innerText()).replace(/\D/g, '')) > before, 'Messages received to count the publish');
    }
  });

  await t.test('a narrower filter shows only its topics', async () => {
    await page.getByRole('textbox', { name: 'Topic filter' }).fill('garden/#');
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    await page.getByText('Watching garden/#').waitFor();
    await publish('garden/pump', 'on');
    await topics.getByRole('treeitem', { name: 'garden/pump' }).getByText('on', { exact: true }).waitFor();
    assert.equal(await topics.getByRole('treeitem', { name: 'home' }).count(), 0);
  });

  await t.test('a topic dragged onto the canvas becomes a configured mqtt in node', async () => {
    await topics.getByRole('treeitem', { name: 'garden/pump' }).locator('.topic-row').first()
      .dragTo(editor.canvas, { targetPosition: { x: 200, y: 400 } });
    await editor.node('garden/pump').waitFor();
    await page.getByRole('tab', { name: 'Properties' }).click();
    assert.equal(await editor.form.getByLabel('Topic', { exact: true }).inputValue(), 'garden/pump');
    await editor.shot('topic-dropped');
  });

  editor.assertNoProblems();
});
