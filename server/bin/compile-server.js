// Compiles the TypeScript server (server/ and nodes/) to plain JavaScript in dist/server, so
// `patchbay start` runs without tsx's loader compiling every module at each start. Rebuilt only
// when a source is newer than dist/server/package.json (written last). The tree mirrors the
// checkout (dist/server/server/..., dist/server/nodes/...) with every source file copied beside
// its compiled module: node help, package templates and custom editor sources stay where the
// code looks for them. Run directly (`node server/bin/compile-server.js [--force]`), it compiles
// now when a source changed (or always) and prints one line, as build-editor.js does.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isStale } from './freshness.js';
import { swapIn } from './swap-in.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(repo, 'dist', 'server');
const stamp = join(outDir, 'package.json');
const SOURCE_DIRS = ['server', 'nodes'];
/** Files copied, never compiled: what `patchbay nodes new` copies into a new package. */
const TEMPLATE_DIR = join('server', 'packages', 'template');

const sources = [...SOURCE_DIRS.map((dir) => join(repo, dir)), join(repo, 'package.json'), join(repo, 'tsconfig.json')];

/** The compiled CLI's URL, compiling first when a source changed; throws when the compile fails. */
export async function compiledCli() {
  if (isStale(stamp, sources)) await compile();
  return pathToFileURL(join(outDir, 'server', 'cli.js')).href;
}

/** Every file to copy, relative to the checkout: all but the tests (the template's test is part of it). */
function sourceFiles() {
  return SOURCE_DIRS.flatMap((dir) => readdirSync(join(repo, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repo, join(entry.parentPath, entry.name)))
    .filter((file) => !file.endsWith('.test.ts') || file.startsWith(TEMPLATE_DIR)));
}

/**
 * Import specifiers as plain Node resolves them: relative `.ts` ones become `.js` (esbuild keeps
 * them as written) and `#node-api` (a tsconfig path in nodes/) the compiled node API's relative
 * path. Only specifiers after `from` / `import`: other strings naming .ts files stay.
 */
function plainSpecifiers(code, file) {
  let nodeApi = relative(dirname(file), join('server', 'node-api', 'index.js'));
  if (!nodeApi.startsWith('.')) nodeApi = `./${nodeApi}`;
  return code
    .replace(/(\b(?:from|import)\s*\(?\s*)"(\.\.?\/[^"\n]+)\.ts"/g, '$1"$2.js"')
    .replace(/(\b(?:from|import)\s*\(?\s*)"#node-api"/g, `$1${JSON.stringify(nodeApi)}`);
}

/** Compiles into a staging directory and swaps it in; `force` replaces even a fresh compile. */
async function compile(force = false) {
  const { build } = await import('esbuild');
  const files = sourceFiles();
  const entryPoints = files.filter((file) => file.endsWith('.ts') && !file.startsWith(TEMPLATE_DIR)).map((file) => join(repo, file));
  const result = await build({
    entryPoints, outdir: repo, outbase: repo, write: false, format: 'esm', platform: 'node', target: 'node20',
    tsconfig: join(repo, 'tsconfig.json'), logLevel: 'silent',
  });
  await mkdir(dirname(outDir), { recursive: true });
  const staging = await mkdtemp(`${outDir}.build-`);
  try {
    for (const file of files) {
      await mkdir(dirname(join(staging, file)), { recursive: true });
      await copyFile(join(repo, file), join(staging, file));
    }
    for (const output of result.outputFiles) {
      const file = relative(repo, output.path);
      await writeFile(join(staging, file), plainSpecifiers(output.text, file));
    }
    const nodes = JSON.parse(await readFile(join(repo, 'nodes', 'package.json'), 'utf8'));
    nodes.patchbay.nodes = nodes.patchbay.nodes.map((module) => module.replace(/\.ts$/, '.js'));
    await writeFile(join(staging, 'nodes', 'package.json'), JSON.stringify(nodes, null, 2));
    const { version } = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
    const manifest = { name: 'patchbay-compiled', private: true, version, type: 'module' };
    await writeFile(join(staging, 'package.json'), JSON.stringify(manifest, null, 2));
    // A start that finds a fresh compile in place keeps it: a server may be loading from it.
    if (force || isStale(stamp, sources)) await swapIn(staging, outDir);
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
      console.error(`server: compile failed: ${err instanceof Error ? err.message.split('\n')[0] : err}`);
      process.exit(1);
    }
  }
}
