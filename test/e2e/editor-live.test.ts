// The editor and the running server: status badges, someone else deploying (409 → reload
// or overwrite), and the server going away and coming back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { ensureEditorBuilt, launchBrowser, resultsDir } from './helpers/browser.ts';
import { EditorPage, until } from './helpers/editor-page.ts';

test('editor: live runtime, conflicts and reconnection', async (t) => {
  await ensureEditorBuilt();
  let server = await startServer(t);
  const browser = await launchBrowser(t);
  const editor = await EditorPage.open(browser, server.url, await resultsDir('e2e-editor-live'));
  const { page } = editor;
  t.after(() => editor.close());

  await t.test('a status badge shows under the node', async () => {
    await editor.select('Show');
    await editor.form.getByLabel('To node status').check();
    await editor.deploy();
    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    await editor.node('Show').getByRole('status').getByText('HELLO FROM PATCHBAY!').waitFor();
    await editor.shot('status-badge');
  });

  await t.test('the Debug tab counts the messages not seen yet, and showing it resets the count', async () => {
    const tab = page.getByRole('tab', { name: /^Debug/ });
    const badge = async () => /(\d+)$/.exec(await tab.innerText())?.[1] ?? '';
    await until(async () => (await badge()) !== '', 'the message of the first test to count as new');
    await editor.openDebug();
    await until(async () => (await badge()) === '', 'the count to reset when the Debug tab is shown');
    await editor.debugMessages.first().waitFor();
    const shown = await editor.debugMessages.count();

    await page.getByRole('tab', { name: 'Properties' }).click();
    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    await until(async () => (await badge()) === '1', 'one new message');
    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    await until(async () => (await badge()) === '2', 'two new messages, not the total');
    await editor.shot('debug-unseen');

    await editor.openDebug();
    await until(async () => (await badge()) === '', 'the count to reset');
    await page.getByRole('button', { name: 'Inject Say hello' }).click();
    await editor.waitForCount(editor.debugMessages, shown + 3);
    assert.equal(await badge(), '', 'messages that arrive while the tab is shown are seen');
  });

  await t.test('the debug sidebar filters by node and clears', async () => {
    await editor.openDebug();
    await editor.debugMessages.first().waitFor();
    const filter = page.getByLabel('Filter by node');
    assert.deepEqual(await filter.locator('option').allInnerTexts(), ['All nodes', 'Current flow', 'Show']);
    await filter.selectOption({ label: 'Show' });
    assert.match(await editor.debugMessages.first().getAttribute('aria-label') ?? '', /Message from Show/);
    await page.getByRole('button', { name: 'Clear' }).click();
    await editor.waitForCount(editor.debugMessages, 0);
  });

  await t.test('someone else deploys: a banner says so, and Deploy offers overwrite', async () => {
    await editor.dragFromPalette('comment', { x: 120, y: 300 });
    await deployElsewhere(server, 'Theirs');
    await page.getByRole('alert').getByText('Someone deployed new flows').waitFor();
    await page.getByRole('button', { name: 'Deploy' }).click();
    const dialog = page.getByRole('dialog', { name: 'The flows changed on the server' });
    await dialog.waitFor();
    await editor.shot('conflict');
    await dialog.getByRole('button', { name: 'Overwrite' }).click();
    await until(async () => (await page.getByRole('button', { name: 'Deploy' }).getAttribute('data-dirty')) === null, 'the overwrite');
    const { body } = await server.api('/api/flows');
    assert.deepEqual(body.flows.map((f: { label: string }) => f.label), ['Welcome']);
    assert.ok(body.nodes.some((n: { id: string; type: string }) => n.type === 'comment' && n.id !== 'welcome-note'));
  });

  await t.test('after a conflict, Reload shows their flows and drops ours', async () => {
    await editor.dragFromPalette('debug', { x: 400, y: 300 });
    await deployElsewhere(server, 'Theirs again');
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('dialog', { name: 'The flows changed on the server' }).getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('tab', { name: 'Theirs again' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Deploy' }).isDisabled(), true);
  });

  await t.test('the server goes away and comes back: the editor says so and reconnects', async () => {
    const port = Number(new URL(server.url).port);
    const { dataDir } = server;
    await server.close();
    await page.getByRole('alert').getByText('Connection to the Patchbay server lost').waitFor();
    await page.getByRole('status', { name: 'Server disconnected' }).waitFor();
    await editor.shot('disconnected');
    server = await startServer(t, { dataDir, port });
    // socket.io retries with a backoff of up to 5 s.
    await page.getByRole('status', { name: 'Server connected' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.getByText('Connection to the Patchbay server lost').count(), 0);
    await editor.shot('reconnected');
  });

  editor.assertNoProblems();
});

/** Another editor's deploy: the server's flows plus a new tab, with the current rev. */
async function deployElsewhere(server: TestServer, label: string): Promise<void> {
  const current = await server.api('/api/flows');
  const { rev, ...doc } = current.body;
  const result = await server.api('/api/flows', {
    method: 'PUT',
    headers: { 'if-match': rev },
    body: { ...doc, flows: [...doc.flows, { id: `other-${Date.now()}`, label }] },
  });
  assert.equal(result.status, 200, JSON.stringify(result.body));
}
