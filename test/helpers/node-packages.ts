// Shared pieces of the node package life-cycle tests: the real CLI, the example package, a
// temporary work dir and a flow that runs one custom node.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bin } from './cli.ts';

/** Runs a program (npm, node) as a child process. */
export const run = promisify(execFile);

/** Runs `patchbay ...args` in `cwd` (an npm install inside may take a while). */
export const patchbay = (cwd: string, ...args: string[]) => run(process.execPath, [bin, ...args], { cwd, timeout: 120_000 });

export const examplePackage = fileURLToPath(new URL('../../examples/node-package/', import.meta.url));

/** A temporary directory removed after the test. */
export async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-nodes-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** inject → the custom node of `type` → debug. */
export const flowWith = (type: string, config: Record<string, unknown>, payload: string) => ({
  format: 'patchbay-flows', version: 1, flows: [{ id: 'f', label: 'Package flow' }],
  nodes: [
    { id: 'in', type: 'inject', flow: 'f', config: { payload: { type: 'str', value: payload } }, wires: [['custom']] },
    { id: 'custom', type, flow: 'f', name: 'My custom node', config, wires: [['show']] },
    { id: 'show', type: 'debug', flow: 'f', config: { property: 'payload' }, wires: [] },
  ],
});
