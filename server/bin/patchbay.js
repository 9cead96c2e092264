#!/usr/bin/env node
// Entry point of the `patchbay` command: rebuilds the editor when its sources changed, then
// runs the TypeScript server through tsx's loader.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const build = spawnSync(process.execPath, [fileURLToPath(new URL('./build-editor.js', import.meta.url))], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) console.error('patchbay: the editor could not be built; the API and runtime start anyway');
// The project's tsconfig (its `paths` resolve `#node-api` for the core nodes), whatever the
// current directory is: tsx would otherwise look for tsconfig.json there.
register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('../cli.ts');
