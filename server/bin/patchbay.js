#!/usr/bin/env node
// Entry point of the `patchbay` command: rebuilds the editor when its sources changed, then runs
// the server compiled to JavaScript (dist/server, recompiled when a source changed), or the
// TypeScript through tsx's loader when the compile fails.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EDITOR_BUILD } from './editor-build.js';
import { isStale } from './freshness.js';
import { compiledBuild, compileProblem } from './compile-server.js';
import { keepInUse } from './server-builds.js';

if (isStale(EDITOR_BUILD.output, EDITOR_BUILD.sources)) {
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('./build-editor.js', import.meta.url))], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) console.error('patchbay: the editor could not be built; the API and runtime start anyway');
}

let build;
try {
  build = await compiledBuild();
} catch (err) {
  console.error(`patchbay: the server could not be compiled (${compileProblem(err)}); running it through tsx`);
}
if (build) {
  keepInUse(build);
  await import(pathToFileURL(join(build, 'server', 'cli.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  // The project's tsconfig (its `paths` resolve `#node-api` for the core nodes), whatever the
  // current directory is: tsx would otherwise look for tsconfig.json there.
  register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
  await import('../cli.ts');
}
