// Credentials round trip: typed into the form of a config node created in place, sent with the
// deploy, listed (never shown) after a reload, then replaced and cleared. The password text
// must never come back from the server nor land in a file in plain text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { DeployRequest, FlowNode } from '../../server/api/contract.ts';
import { openEditor } from './helpers/open-editor.ts';
import { EditorPage } from './helpers/editor-page.ts';

const SECRET = 'pa55-Very-Secret-e2e';

test('editor: credentials round trip', async (t) => {
  const { server, editor } = await openEditor(t, 'e2e-editor-credentials', { broker: true, mqttPort: 0 });
  const { page } = editor;
  const broker = editor.form.getByRole('group', { name: 'mqtt broker settings' });
  let brokerId = '';

  await t.test('type a username and password into a new broker made in place, and deploy them', async () => {
    await editor.addFlow();
    await editor.dragFromPalette('mqtt in', { x: 200, y: 150 });
    await editor.select('mqtt in');
    await editor.form.getByLabel('Topic', { exact: true }).fill('sensors/#');
    await editor.form.getByRole('button', { name: 'Add new mqtt broker' }).click();
    await broker.getByLabel('Name', { exact: true }).fill('Home broker');
    await broker.getByLabel('Username', { exact: true }).fill('alice');
    await broker.getByLabel('Password', { exact: true }).fill(SECRET);
    assert.equal(await credentialState(broker, 'Password'), 'changed');
    assert.equal(await credentialState(broker, 'TLS client key'), 'not set');
    await shotOfCredentials(editor, broker, 'typed');

    const sent = await deployAndCapture(editor);
    brokerId = sent.nodes.find((n) => n.type === 'mqtt-in')!.config.broker as string;
    assert.ok(brokerId, 'the mqtt in uses the new broker');
    assert.deepEqual(sent.credentials, { [brokerId]: { username: 'alice', password: SECRET } });
    assert.equal(await credentialState(broker, 'Password'), 'set');
  });

  await t.test('the server lists the keys and never returns the password, nor stores it in clear', async () => {
    const { body, status } = await server.api('/api/flows');
    assert.equal(status, 200);
    assert.deepEqual(body.nodes.find((n: FlowNode) => n.id === brokerId).credentials, ['password', 'username']);
    assert.equal(JSON.stringify(body).includes(SECRET), false);
    const files = (await readdir(server.dataDir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
    assert.ok(files.some((f) => /cred/.test(f.name)), 'a credentials file was written');
    for (const file of files) {
      const text = await readFile(join(file.parentPath, file.name), 'latin1');
      assert.equal(text.includes(SECRET), false, `${file.name} holds the password in clear`);
    }
  });

  await t.test('after a reload the form marks the set keys and shows no value', async () => {
    await page.reload();
    await page.getByRole('status', { name: 'Server connected' }).waitFor();
    await page.getByRole('tab', { name: 'Flow 2' }).click();
    await editor.select('sensors/#');
    await editor.form.getByRole('button', { name: 'Edit mqtt broker' }).click();
    assert.equal(await credentialState(broker, 'Username'), 'set');
    assert.equal(await credentialState(broker, 'Password'), 'set');
    assert.equal(await credentialState(broker, 'TLS client key'), 'not set');
    assert.equal(await broker.getByLabel('Password', { exact: true }).inputValue(), '');
    assert.equal(await broker.getByLabel('Username', { exact: true }).inputValue(), '');
    await shotOfCredentials(editor, broker, 'reloaded-set-markers');
  });

  await t.test('replace the username and clear the password: the deploy sends the value and null', async () => {
    await broker.getByLabel('Username', { exact: true }).fill('bob');
    await broker.getByRole('button', { name: 'Clear Password' }).click();
    assert.equal(await credentialState(broker, 'Username'), 'changed');
    assert.equal(await credentialState(broker, 'Password'), 'cleared');
    await shotOfCredentials(editor, broker, 'replace-and-clear');

    const sent = await deployAndCapture(editor);
    assert.deepEqual(sent.credentials, { [brokerId]: { username: 'bob', password: null } });
    const { body } = await server.api('/api/flows');
    assert.deepEqual(body.nodes.find((n: FlowNode) => n.id === brokerId).credentials, ['username']);
    assert.equal(await credentialState(broker, 'Username'), 'set');
    assert.equal(await credentialState(broker, 'Password'), 'not set');
    await shotOfCredentials(editor, broker, 'after-second-deploy');
  });

  editor.assertNoProblems();
});

/** The marker beside a credential input: "set", "not set", "changed" or "cleared". */
function credentialState(scope: Locator, label: string): Promise<string> {
  return scope.getByRole('group', { name: `${label} credential` }).locator('[part=state]').innerText();
}

/** A screenshot with the broker's credential fields scrolled into view. */
async function shotOfCredentials(editor: EditorPage, broker: Locator, step: string): Promise<void> {
  await broker.getByRole('group', { name: 'TLS client key credential' }).scrollIntoViewIfNeeded();
  await editor.shot(step);
}

/** Deploys and returns the body of the `PUT /api/flows` the editor sent. */
async function deployAndCapture(editor: EditorPage): Promise<DeployRequest> {
  const request = editor.page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/api/flows'));
  await editor.deploy();
  return (await request).postDataJSON() as DeployRequest;
}
