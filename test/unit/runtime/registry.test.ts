import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from '../../../server/runtime/registry.ts';

async function packageWith(t: { after(fn: () => Promise<void>): void }, name: string, type: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-registry-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'node'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, type: 'module', patchbay: { apiVersion: 1, nodes: ['node/index.ts'] } }));
  await writeFile(join(dir, 'node', 'index.ts'), `import { defineNode, Type } from 'patchbay/node-api';
export default defineNode({ type: '${type}', category: 'function', label: '${type}', color: '#abcdef', inputs: 1, outputs: 1,
  help: 'A test node.', config: Type.Object({}), create: () => ({}) });
`);
  return dir;
}

test('a second package defining a taken type is refused, naming both packages', async (t) => {
  const registry = new Registry();
  await registry.loadPackage(await packageWith(t, 'first-package', 'lamp'));
  await assert.rejects(registry.loadPackage(await packageWith(t, 'second-package', 'lamp')), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'NODE_TYPE_DUPLICATE');
    assert.match(err.message, /"lamp" from second-package is already registered by first-package/);
    return true;
  });
  assert.equal(registry.get('lamp')?.info.module, 'first-package');
});

test('a module whose default export is not a node definition is refused with its path', async (t) => {
  const dir = await packageWith(t, 'odd-package', 'odd');
  await writeFile(join(dir, 'node', 'index.ts'), 'export default 42;\n');
  await assert.rejects(new Registry().loadPackage(dir), /NODE_MODULE_INVALID|must come from defineNode/);
});

test('a type whose fresh node would not deploy (a default failing its own schema) is refused at load, naming the path', async (t) => {
  const dir = await packageWith(t, 'strict-package', 'strict');
  await writeFile(join(dir, 'node', 'index.ts'), `import { defineNode, Type } from 'patchbay/node-api';
export default defineNode({ type: 'strict', category: 'function', label: 'strict', color: '#abcdef', inputs: 1, outputs: 1,
  help: 'A test node.', config: Type.Object({ topic: Type.String({ minLength: 1 }) }), create: () => ({}) });
`);
  const registry = new Registry();
  await assert.rejects(registry.loadPackage(dir), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'NODE_MODULE_INVALID');
    assert.match(err.message, /fails the type's own schema at \/config\/topic/);
    return true;
  });
  assert.equal(registry.get('strict'), undefined);
});
