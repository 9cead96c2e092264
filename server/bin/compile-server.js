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
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale } from './freshness.js';
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
 * every start.
 */
const EXTERNAL = ['better-sqlite3', 'esbuild', 'tsx', 'pino-pretty', 'mqtt'];
/** Bundled CommonJS packages call require() for Node's built-ins and the external packages. */
const REQUIRE_BANNER = "import { createRequire as __patchbayCreateRequire } from 'node:module'; const require = __patchbayCreateRequire(import.meta.url);";
/** Stands for dist/server/ in the bundles; each output file defines it for its own depth. */
const DIST_ROOT = '__patchbayDistRoot';

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

/**
 * Two rewrites of the project's own modules. `createRequire(import.meta.url)(...)`, its way to
 * require CommonJS synchronously, becomes the bundle's require: a package it requires is the
 * bundled one, the very module object other bundled code imports (the broker wraps a function
 * of the mqtt-packet that aedes writes with), or Node's for an external. And `import.meta.url`
 * keeps meaning where the module is in the mirrored tree (dist/server/server/install-dir.js,
 * ...), not the bundle it ends up in: the modules that find files, the checkout or the node
 * API relative to themselves keep working.
 */
const projectModules = {
  name: 'project-modules',
  setup(build) {
    const projectSource = new RegExp(`^${[...SOURCE_DIRS.map((dir) => join(repo, dir, sep))].map(escapeRegExp).join('|')}.*\\.ts$`);
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      if (!projectSource.test(path)) return undefined;
      const code = await readFile(path, 'utf8');
      if (!code.includes('import.meta.url')) return undefined;
      const compiled = relative(repo, path).replace(/\.ts$/, '.js').split(sep).join('/');
      const contents = code
        .replaceAll('createRequire(import.meta.url)(', 'require(')
        .replaceAll('import.meta.url', `new URL(${JSON.stringify(compiled)}, ${DIST_ROOT}).href`);
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * npm installs a package more than once, at the same version, when it can't hoist it (socket.io
 * and engine.io each have accepts, mime-types and mime-db; ws three times): the bundle gets one
 * copy of each name@version, the first one resolved, as if npm had deduplicated them.
 */
const oneCopyPerVersion = {
  name: 'one-copy-per-version',
  setup(build) {
    const resolving = Symbol('resolving');
    const copies = new Map(); // name@version → the package directory bundled
    build.onResolve({ filter: /^[^./]/ }, async ({ path, kind, importer, resolveDir, pluginData }) => {
      if (pluginData === resolving) return undefined;
      const resolved = await build.resolve(path, { kind, importer, resolveDir, pluginData: resolving });
      const dir = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(resolved.path)?.[1];
      if (resolved.errors.length > 0 || resolved.external || !dir) return resolved.errors.length > 0 ? undefined : resolved;
      const { name, version } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
      const key = `${name}@${version}`;
      if (!copies.has(key)) copies.set(key, dir);
      return { ...resolved, path: copies.get(key) + resolved.path.slice(dir.length) };
    });
  },
};

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An output file's text with DIST_ROOT defined relative to where the file is, when it uses it. */
function withDistRoot(code, file) {
  if (!code.includes(DIST_ROOT)) return code;
  const up = '../'.repeat(file.split(sep).length - 1) || './';
  return `const ${DIST_ROOT} = new URL(${JSON.stringify(up)}, import.meta.url);\n${code}`;
}

/**
 * esbuild escapes non-ASCII characters in code but keeps comments as written. One "µ" in a
 * comment makes V8 hold the whole file's source as two bytes per character (7 MB instead of
 * 3.5 for the server's chunk), so they are escaped too: a comment reads the same either way.
 */
function asciiOnly(code) {
  return code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The core node modules, as the manifest in nodes/package.json lists them. */
async function coreNodeModules() {
  const { patchbay } = JSON.parse(await readFile(join(repo, 'nodes', 'package.json'), 'utf8'));
  return patchbay.nodes.map((module) => join('nodes', module));
}

/** Compiles into a new build and makes it current; `force` replaces even a fresh compile. */
async function compile(force = false) {
  const { build } = await import('esbuild');
  const nodeModules = await coreNodeModules();
  // What is imported by a computed path: the CLI, the node API (node packages import it from
  // outside the bundle), every core node (the registry imports each by its path).
  const entryPoints = [join('server', 'cli.ts'), join('server', 'node-api', 'index.ts'), ...nodeModules].map((file) => join(repo, file));
  const result = await build({
    entryPoints, outdir: builds.link, outbase: repo, write: false, bundle: true, splitting: true, chunkNames: 'chunks/[name]-[hash]',
    format: 'esm', platform: 'node', target: 'node20', external: EXTERNAL, banner: { js: REQUIRE_BANNER }, plugins: [projectModules, oneCopyPerVersion],
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
      await writeFile(join(staging, file), withDistRoot(asciiOnly(output.text), file));
    }
    const nodes = JSON.parse(await readFile(join(repo, 'nodes', 'package.json'), 'utf8'));
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
