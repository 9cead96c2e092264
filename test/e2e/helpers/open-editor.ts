// The start of most editor tests: the editor built, a fresh server, Chromium, and the editor
// open on that server, all closed after the test. Screenshots go to test-results/<name>/.
import type { TestContext } from 'node:test';
import type { ServerOptions } from '../../../server/index.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { ensureEditorBuilt, launchBrowser, resultsDir } from './browser.ts';
import { EditorPage } from './editor-page.ts';

export async function openEditor(t: TestContext, name: string, serverOptions?: ServerOptions): Promise<{ server: TestServer; editor: EditorPage }> {
  await ensureEditorBuilt();
  const server = await startServer(t, serverOptions);
  const browser = await launchBrowser(t);
  const editor = await EditorPage.open(browser, server.url, await resultsDir(name));
  t.after(() => editor.close());
  return { server, editor };
}
