#!/usr/bin/env node
// Builds the browser editor (editor/ → dist/editor) with vite, but only when a file under
// editor/ is newer than dist/editor/index.html, or with --force. Prints one line either way;
// exits non-zero when the build fails.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EDITOR_BUILD } from './editor-build.js';
import { isStale } from './freshness.js';
import { swapIn } from './swap-in.js';

const editorDir = EDITOR_BUILD.sources[0];
const outDir = dirname(EDITOR_BUILD.output);

if (!process.argv.includes('--force') && !isStale(EDITOR_BUILD.output, EDITOR_BUILD.sources)) {
  console.log('editor: up to date (dist/editor)');
  process.exit(0);
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
  await swapIn(staging, outDir);
  console.log(`editor: built dist/editor in ${((Date.now() - started) / 1000).toFixed(1)}s`);
} catch (err) {
  await rm(staging, { recursive: true, force: true });
  console.error(`editor: build failed: ${oneLine(err)}`);
  process.exit(1);
}
