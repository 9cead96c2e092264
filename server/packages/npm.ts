// Runs npm on a data dir: installs and removes node packages as dependencies of the data dir's
// own package.json. Scripts (install, postinstall, prepare) stay off unless the user allows
// them, as with `npm install --ignore-scripts`: a node package needs none to be loaded.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fail } from '../errors.ts';
import { isPlainObject } from '../plain-object.ts';
import { dataDirManifest } from './installed.ts';

export interface NpmOptions {
  /** Let the package's npm scripts run (off by default). */
  allowScripts?: boolean;
  /** Each line npm prints, as it prints it (install progress). */
  onOutput?: (line: string) => void;
}

/** Where local folders and tarballs are kept, so the data dir reinstalls without them. */
const tarballsDir = (dataDir: string) => join(dataDir, 'tarballs');

/** Creates the data dir's package.json (npm's install target) if there is none. */
export async function ensureDataDirManifest(dataDir: string): Promise<void> {
  const file = dataDirManifest(dataDir);
  if (existsSync(file)) return;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const manifest = { name: 'patchbay-data', private: true, description: 'Node packages installed into this Patchbay data dir', dependencies: {} };
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Installs a package from the npm registry (`name`, `name@range`), a folder or a `.tgz`.
 * A folder is packed and a tarball copied into `<dataDir>/tarballs/` first, so the install
 * doesn't depend on them staying where they are. Resolves with the installed package's name.
 */
export async function npmInstall(dataDir: string, spec: string, opts: NpmOptions = {}): Promise<string> {
  await ensureDataDirManifest(dataDir);
  const target = await localCopy(dataDir, spec, opts);
  const before = await dependencies(dataDir);
  await runNpm(dataDir, ['install', '--save', '--install-links', ...scriptFlag(opts), target], opts, spec);
  const after = await dependencies(dataDir);
  const name = Object.keys(after).find((n) => after[n] !== before[n])
    ?? Object.keys(after).find((n) => n === registryName(spec) || after[n] === target);
  if (!name) throw fail('NODE_PACKAGE_INSTALL_FAILED', spec, 'npm did not add it to the data dir\'s package.json');
  return name;
}

/** Removes an npm-installed package from the data dir. */
export async function npmUninstall(dataDir: string, name: string, opts: NpmOptions = {}): Promise<void> {
  await runNpm(dataDir, ['uninstall', '--save', ...scriptFlag(opts), name], opts, name);
}

const scriptFlag = (opts: NpmOptions) => (opts.allowScripts ? [] : ['--ignore-scripts']);

/** The name part of a registry spec: `@scope/x@^1` → `@scope/x`. */
function registryName(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at === -1 ? spec : spec.slice(0, at);
}

function looksLocal(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/') || spec.endsWith('.tgz') || spec.startsWith('file:');
}

/** For a folder or tarball: its copy in the data dir (relative to it, as npm records it); otherwise the spec itself. */
async function localCopy(dataDir: string, spec: string, opts: NpmOptions): Promise<string> {
  if (!looksLocal(spec)) {
    if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(@[^\s/]+)?$/i.test(spec)) throw fail('NODE_PACKAGE_SPEC_INVALID', spec, 'give an npm package name, a folder (./my-node) or a .tgz file');
    return spec;
  }
  const source = resolve(spec.replace(/^file:/, ''));
  const info = await stat(source).catch(() => undefined);
  if (!info) throw fail('NODE_PACKAGE_SPEC_INVALID', spec, `${source} does not exist`);
  await mkdir(tarballsDir(dataDir), { recursive: true });
  if (info.isFile()) {
    await copyFile(source, join(tarballsDir(dataDir), basename(source)));
    return `file:tarballs/${basename(source)}`;
  }
  if (!existsSync(join(source, 'package.json'))) throw fail('NODE_PACKAGE_SPEC_INVALID', spec, `${source} has no package.json`);
  // npm pack writes into a fresh folder so the tarball's name is the only file there.
  const packed = await mkdtemp(join(tarballsDir(dataDir), '.pack-'));
  try {
    await runNpm(dataDir, ['pack', '--ignore-scripts', '--pack-destination', packed, source], opts, spec);
    const [file] = await readdir(packed);
    if (!file) throw fail('NODE_PACKAGE_INSTALL_FAILED', spec, 'npm pack made no tarball');
    await copyFile(join(packed, file), join(tarballsDir(dataDir), file));
    return `file:tarballs/${file}`;
  } finally {
    await rm(packed, { recursive: true, force: true });
  }
}

async function dependencies(dataDir: string): Promise<Record<string, string>> {
  const manifest: unknown = JSON.parse(await readFile(dataDirManifest(dataDir), 'utf8'));
  const deps = isPlainObject(manifest) ? manifest.dependencies : undefined;
  return isPlainObject(deps) ? Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, String(v)])) : {};
}

/** Runs npm in the data dir; rejects with the end of its output when it fails. */
function runNpm(dataDir: string, args: string[], opts: NpmOptions, what: string): Promise<void> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, [...args, '--no-audit', '--no-fund', '--loglevel', 'http'], { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const onChunk = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.onOutput?.(line);
    }
  };
  child.stdout.on('data', onChunk);
  child.stderr.on('data', onChunk);
  return new Promise((resolvePromise, reject) => {
    child.on('error', (err) => reject(fail('NODE_PACKAGE_INSTALL_FAILED', what, `cannot run npm: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else reject(fail('NODE_PACKAGE_INSTALL_FAILED', what, `npm ${args[0]} exited with ${code}:\n${tail.join('\n')}`));
    });
  });
}
