// The dependency rules of DESIGN.md / STYLE R3, checked on the real import graph so they
// can't be broken quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Import {
  file: string;
  spec: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|js)$/.test(name)) out.push(path);
  }
  return out;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) found.push({ file, spec: m[3] ?? m[4]!, typeOnly: Boolean(m[2]) });
  return found;
}

/** Where a relative import lands, as a path from the repo root. */
function target(imp: Import): string {
  return relative(root, resolve(root, dirname(imp.file), imp.spec));
}

// Node families (split/join, link nodes, catch/status) may share helper files, but no node
// imports another node's definition, and only tests reach the test helpers.
test('nodes import only #node-api, node helper files and npm packages', () => {
  const bad = sourceFiles('nodes').flatMap(importsOf).filter((imp) => {
    if (!imp.spec.startsWith('.')) return imp.spec.startsWith('#') && imp.spec !== '#node-api';
    const to = target(imp);
    if (imp.file.endsWith('.test.ts') && to.startsWith(join('test', 'helpers') + sep)) return false;
    return !to.startsWith(`nodes${sep}`) || (to.endsWith(`${sep}index.ts`) && dirname(to) !== dirname(imp.file));
  });
  assert.deepEqual(bad, []);
});

test('the editor imports only types, and only from the shared contract files', () => {
  const allowed = [join('server', 'api', 'contract.ts'), join('server', 'node-api', 'types.ts')];
  const bad = sourceFiles('editor').flatMap(importsOf).filter((imp) => {
    if (!imp.spec.startsWith('.')) return false;
    const to = target(imp);
    if (to.startsWith(`editor${sep}`)) return false;
    return !(imp.typeOnly && allowed.includes(to));
  });
  assert.deepEqual(bad, []);
});

test('the server never imports nodes or the editor by path, and only server/broker imports aedes', () => {
  const bad = sourceFiles('server').flatMap(importsOf).filter((imp) => {
    if (imp.spec.startsWith('aedes')) return !imp.file.startsWith(join('server', 'broker') + sep);
    if (!imp.spec.startsWith('.')) return false;
    const to = target(imp);
    return to.startsWith(`nodes${sep}`) || to.startsWith(`editor${sep}`);
  });
  assert.deepEqual(bad, []);
});

test('the node API does not reach into the rest of the server', () => {
  const bad = sourceFiles(join('server', 'node-api')).flatMap(importsOf)
    .filter((imp) => imp.spec.startsWith('.') && !target(imp).startsWith(join('server', 'node-api') + sep));
  assert.deepEqual(bad, []);
});
