// Headless Chromium (the Debian package) driven by playwright-core, one per test file.
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

interface Teardown {
  after(fn: () => Promise<void> | void): void;
}

/** Launches Chromium and closes it after the test (or suite) `t`. */
export async function launchBrowser(t: Teardown): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  return browser;
}

/** Builds dist/editor if a file under editor/ changed since the last build (fast when up to date). */
export async function ensureEditorBuilt(): Promise<void> {
  await promisify(execFile)(process.execPath, ['server/bin/build-editor.js'], { cwd: repo });
}

/** An empty test-results/<name>/ (gitignored) for a test file's screenshots: old ones would mislead. */
export async function resultsDir(name: string): Promise<string> {
  const dir = fileURLToPath(new URL(`../../../test-results/${name}/`, import.meta.url));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}
