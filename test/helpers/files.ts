// A temporary files directory for the file nodes, as the `files` capability.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confinedFiles } from '../../server/files/confined-files.ts';
import type { RunOptions } from './flows.ts';
import type { TestContext } from './node-test.ts';

export async function filesOptions(t: TestContext): Promise<{ dir: string; options: RunOptions }> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-files-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const files = confinedFiles(dir);
  return { dir: files.root, options: { capabilities: { files: () => files } } };
}
