// Compiles the TypeScript server (server/ and nodes/) and the npm packages it imports into a few
// JavaScript bundles, a build that dist/server points at (server-builds.js), so `patchbay start`
// reads a handful of files instead of some 1,600 modules. Rebuilt only when a source is newer
// than the build's package.json (written last). The entry points keep the checkout's paths
// (server/cli.js, the node API at server/node-api/index.js, each core node at
// nodes/<name>/index.js); code they share, and what is imported lazily, goes to chunks/, so
// each module exists once however many entry points reach it. Every source file is copied
// beside: node help, package templates and custom editor sources stay where the code looks for
// them. Run directly (`node server/bin/compile-server.js [--force]`), it compiles now when a
// source changed (or always) and prints one line, as build-editor.js does.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale } from './freshness.js';
import { oneCopyPerVersion, projectModules, REQUIRE_BANNER, writtenOutput } from './bundle-rewrites.js';
import { serverBuilds } from './server-builds.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const builds = serverBuilds(join(repo, 'dist'));
const stamp = join(builds.link, 'package.json');
const SOURCE_DIRS = ['server', 'nodes'];
/** Files copied, never compiled: what `patchbay nodes new` copies into a new package. */
const TEMPLATE_DIR = join('server', 'packages', 'template');
/**
 * Packages left to Node's own loading. better-sqlite3 and esbuild load native code found next
 * to themselves; tsx is a loader; pino-pretty (terminals only) and mqtt.js (clients of an
 * external broker only) are required when first needed, and bundled they would be read at
 * every start. iconv-lite and mime-db are mostly data (a quarter of the bundle's bytes): loaded
 * by Node, iconv-lite reads a charset's table only when a request uses it, and mime-db is JSON,
 * not an object literal kept as source code (idle RSS 83 → 79.5 MiB).
 */
const EXTERNAL = ['better-sqlite3', 'esbuild', 'tsx', 'pino-pretty', 'mqtt', 'iconv-lite', 'mime-db'];

const sources = [...SOURCE_DIRS.map((dir) => join(repo, dir)), join(repo, 'package.json'), join(repo, 'tsconfig.json')];

/** A failed compile on one line: esbuild's first error with its place, else the message's first line. */
export function compileProblem(err) {
  const first = err?.errors?.[0];
  if (!first) return err instanceof Error ? err.message.split('\n')[0] : String(err);
  return first.location ? `${relative(repo, first.location.file)}:${first.location.line}: ${first.text}` : first.text;
}

/** The current build's directory, compiling first when a source changed; throws when the compile fails. */
export async function compiledBuild() {
  if (isStale(stamp, sources)) await compile();
  const build = await builds.current();
  if (!build) throw new Error(`${builds.link} is missing`);
  return build;
}

/** Every file to copy, relative to the checkout: all but the tests (the template's test is part of it). */
function sourceFiles() {
  return SOURCE_DIRS.flatMap((dir) => readdirSync(join(repo, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repo, join(entry.parentPath, entry.name)))
    .filter((file) => !file.endsWith('.test.ts') || file.startsWith(TEMPLATE_DIR)));
}

/** Compiles into a new build and makes it current; `force` replaces even a fresh compile. */
async function compile(force = false) {
  const { build } = await import('esbuild');
  // the core nodes' manifest: the registry imports each module it lists by its path
  const nodes = JSON.parse(await readFile(join(repo, 'nodes', 'package.json'), 'utf8'));
  // What is imported by a computed path: the CLI, the node API (node packages import it from
  // outside the bundle), every core node.
  const entryPoints = [join('server', 'cli.ts'), join('server', 'node-api', 'index.ts'), ...nodes.patchbay.nodes.map((module) => join('nodes', module))]
    .map((file) => join(repo, file));
  const result = await build({
    entryPoints, outdir: builds.link, outbase: repo, write: false, bundle: true, splitting: true, chunkNames: 'chunks/[name]-[hash]',
    format: 'esm', platform: 'node', target: 'node20', external: EXTERNAL, banner: { js: REQUIRE_BANNER }, plugins: [projectModules(repo, SOURCE_DIRS), oneCopyPerVersion],
    tsconfig: join(repo, 'tsconfig.json'), logLevel: 'silent',
  });
  const staging = await builds.newBuild();
  try {
    for (const file of sourceFiles()) {
      await mkdir(dirname(join(staging, file)), { recursive: true });
      await copyFile(join(repo, file), join(staging, file));
    }
    for (const output of result.outputFiles) {
      const file = relative(builds.link, output.path);
      await mkdir(dirname(join(staging, file)), { recursive: true });
      await writeFile(join(staging, file), writtenOutput(output.text, file));
    }
    nodes.patchbay.nodes = nodes.patchbay.nodes.map((module) => module.replace(/\.ts$/, '.js'));
    await writeFile(join(staging, 'nodes', 'package.json'), JSON.stringify(nodes, null, 2));
    const { version } = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
    const manifest = { name: 'patchbay-compiled', private: true, version, type: 'module' };
    await writeFile(join(staging, 'package.json'), JSON.stringify(manifest, null, 2));
    // A start that finds a fresh compile in place keeps it: a server may be loading from it.
    if (force || isStale(stamp, sources)) await builds.makeCurrent(staging);
    else await rm(staging, { recursive: true, force: true });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const force = process.argv.includes('--force');
  if (!force && !isStale(stamp, sources)) {
    console.log('server: up to date (dist/server)');
  } else {
    try {
      await compile(force);
      console.log(`server: compiled dist/server in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    } catch (err) {
      console.error(`server: compile failed: ${compileProblem(err)}`);
      process.exit(1);
    }
  }
}
