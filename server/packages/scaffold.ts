// `patchbay nodes new NAME`: a node package that builds and passes its own test at once. The
// files come from ./template/ (type-checked with Patchbay itself, so they can't go stale); its
// development tools (Patchbay for the node API and the test helper, TypeScript, Node's types,
// Lit for a form) are linked from this Patchbay's own node_modules, so it works offline.
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../errors.ts';
import { INSTALL_DIR } from '../install-dir.ts';

const TEMPLATE = fileURLToPath(new URL('./template/', import.meta.url));
/** Linked into the new package's node_modules, with the versions recorded in its devDependencies. */
const DEV_TOOLS = ['typescript', '@types/node', 'lit'];

export interface ScaffoldOptions {
  /** Also write a custom Lit form element (`editor: './form.js'`). */
  form?: boolean;
}

/** Creates the package in `dir` (its last segment names the package and the node type). */
export async function scaffoldPackage(dir: string, opts: ScaffoldOptions = {}): Promise<{ dir: string; type: string }> {
  const target = resolve(dir);
  const name = basename(target);
  const type = name.replace(/^patchbay-(nodes?-)?/, '');
  if (!/^[a-z][a-z0-9-]*$/.test(type)) throw fail('NODE_PACKAGE_NAME_INVALID', name, 'use lower-case letters, digits and dashes, starting with a letter (it is also the node type)');
  if (existsSync(target)) throw fail('NODE_PACKAGE_EXISTS', target);
  await mkdir(dirname(target), { recursive: true });
  await cp(TEMPLATE, target, { recursive: true });
  if (!opts.form) await rm(join(target, 'node', 'form.ts'));
  await rename(join(target, 'gitignore'), join(target, '.gitignore'));
  await rename(join(target, 'node', 'node.test.ts'), join(target, 'node', `${type}.test.ts`));
  await rename(join(target, 'node'), join(target, type));
  for (const file of await filesUnder(target)) {
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replaceAll('__NODE_TYPE__', type).replaceAll('__PACKAGE_NAME__', name));
  }
  if (opts.form) await addForm(join(target, type, 'index.ts'));
  await linkDevTools(target);
  return { dir: target, type };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function addForm(definitionFile: string): Promise<void> {
  const text = await readFile(definitionFile, 'utf8');
  await writeFile(definitionFile, text.replace("  color: '#a6bbcf',\n", "  color: '#a6bbcf',\n  editor: './form.js', // the compiled form.ts, served to the editor with Lit bundled\n"));
}

/** Records the tools as devDependencies and links them (and `.bin/tsc`) from Patchbay's node_modules. */
async function linkDevTools(target: string): Promise<void> {
  const manifestFile = join(target, 'package.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { devDependencies: Record<string, string> };
  manifest.devDependencies.patchbay = `file:${INSTALL_DIR.replace(/\/$/, '')}`;
  const modules = join(target, 'node_modules');
  await mkdir(join(modules, '.bin'), { recursive: true });
  await mkdir(join(modules, '@types'), { recursive: true });
  await symlink(INSTALL_DIR, join(modules, 'patchbay'), 'dir');
  for (const tool of DEV_TOOLS) {
    const source = join(INSTALL_DIR, 'node_modules', tool);
    const { version } = JSON.parse(await readFile(join(source, 'package.json'), 'utf8')) as { version: string };
    manifest.devDependencies[tool] = version;
    await symlink(source, join(modules, tool), 'dir');
  }
  await symlink('../typescript/bin/tsc', join(modules, '.bin', 'tsc'));
  await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
}
