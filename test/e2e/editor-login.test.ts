// Logging in to the editor as a user does: the login page, a wrong password, the right one
// (typed with the keyboard), working in the editor, logging out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../helpers/server.ts';
import { ensureEditorBuilt, launchBrowser, resultsDir } from './helpers/browser.ts';

const PASSWORD = 'correct horse battery';

test('the editor shows a login page, logs in, works, and logs out', async (t) => {
  await ensureEditorBuilt();
  const server = await startServer(t, { auth: true, env: { PATCHBAY_ADMIN_PASSWORD: PASSWORD } });
  const browser = await launchBrowser(t);
  const shots = await resultsDir('editor-login');
  const context = await browser.newContext({ viewport: { width: 1300, height: 800 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => { if (/Content Security Policy|Refused to/.test(msg.text())) problems.push(msg.text()); });

  await page.goto(server.url);
  const username = page.getByLabel('Username');
  await username.waitFor();
  await page.screenshot({ path: join(shots, '01-login-page.png') });
  // The username field has the focus: a person just types.
  await page.keyboard.type('admin');
  await page.keyboard.press('Tab');
  await page.keyboard.type('not the password');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();

  const password = page.getByLabel('Password');
  await password.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('status', { name: 'Server connected' }).waitFor();
  await page.getByRole('tab', { selected: true }).first().waitFor();
  assert.ok(await page.getByText('admin', { exact: true }).isVisible(), 'the bar shows who is logged in');
  await page.screenshot({ path: join(shots, '02-logged-in.png') });

  // It works: the starter flow's inject button fires, and its message shows in the debug sidebar.
  await page.getByRole('tab', { name: 'Debug' }).click();
  await page.getByRole('button', { name: 'Inject Say hello' }).click();
  await page.getByRole('log', { name: 'Debug messages' }).locator('article').first().waitFor();
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'patchbay_session');
  assert.ok(session?.httpOnly, 'the session cookie is httpOnly');
  assert.equal(session?.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie), '', 'page scripts cannot read the session');

  await page.getByRole('button', { name: 'Log out' }).click();
  await username.waitFor();
  assert.equal((await fetch(`${server.url}/api/flows`, { headers: { cookie: `patchbay_session=${session!.value}` } })).status, 401, 'the session ended on the server');
  await page.screenshot({ path: join(shots, '03-logged-out.png') });
  assert.deepEqual(problems, []);
});
