#!/usr/bin/env node
// Builds the browser editor (editor/ → dist/editor) with vite, but only when a file under
// editor/ is newer than dist/editor/index.html, or with --force. Prints one line either way;
// exits non-zero when the build fails.
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const editorDir = join(repo, 'editor');
const outDir = join(repo, 'dist', 'editor');
const builtIndex = join(outDir, 'index.html');

/** The newest modification time of any file under `dir`. */
async function newestMtime(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const { mtimeMs } = await stat(join(entry.parentPath, entry.name));
    if (mtimeMs > newest) newest = mtimeMs;
  }
  return newest;
}

async function builtMtime() {
  try {
    return (await stat(builtIndex)).mtimeMs;
  } catch {
    // Not built yet.
    return -1;
  }
}

const force = process.argv.includes('--force');
const built = await builtMtime();
if (!force && built >= (await newestMtime(editorDir))) {
  console.log('editor: up to date (dist/editor)');
  process.exit(0);
}

/**
 * Puts a finished build in place. Test files may build concurrently; each builds into its own
 * directory and swaps it in, so the server never serves a half-written build.
 */
async function swapIn(staging) {
  const old = `${outDir}.old-${process.pid}`;
  await rename(outDir, old).catch(() => undefined); // no previous build: nothing to move aside
  try {
    await rename(staging, outDir);
  } catch {
    // Another build finished first and is in place: it is as fresh as ours.
    await rm(staging, { recursive: true, force: true });
  }
  await rm(old, { recursive: true, force: true });
}

/** The gist of a vite/rolldown error on one line: its coded problems ("[UNRESOLVED_IMPORT] ..."), else its first line. */
function oneLine(err) {
  // Terminal colour codes would garble a log file.
  const text = String(err instanceof Error ? err.message : err).replace(/\u001b\[[0-9;]*m/g, '');
  const coded = text.split('\n').map((line) => line.trim()).filter((line) => /^\[[A-Z_]+\]/.test(line));
  return coded.length > 0 ? coded.join('; ') : text.split('\n')[0];
}

const started = Date.now();
await mkdir(dirname(outDir), { recursive: true });
const staging = await mkdtemp(`${outDir}.build-`);
try {
  const { build } = await import('vite');
  await build({ configFile: join(editorDir, 'vite.config.ts'), logLevel: 'silent', build: { outDir: staging } });
  await swapIn(staging);
  console.log(`editor: built dist/editor in ${((Date.now() - started) / 1000).toFixed(1)}s`);
} catch (err) {
  await rm(staging, { recursive: true, force: true });
  console.error(`editor: build failed: ${oneLine(err)}`);
  process.exit(1);
}
