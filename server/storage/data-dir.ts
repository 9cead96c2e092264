// The data directory holds secrets (credentials, accounts, sessions, the broker's sessions):
// owner-only, 0700 for itself and 0600 for what Patchbay writes in it, and no leftovers of
// writes a crash interrupted.
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.ts';

/** Temp files of writeFileAtomic (`<file>.<pid>.<hex>.tmp`) that a crash left behind. */
const LEFTOVER_TEMP = /\.\d+\.[0-9a-f]{12}\.tmp$/;

/** The folders of the data dir whose files are Patchbay's own (node packages are not touched). */
const OWN_FOLDERS = ['', 'context', 'tls'];

/** Creates the data dir owner-only, tightens what is looser, and removes interrupted writes. */
export async function prepareDataDir(dir: string, log: Pick<Logger, 'warn' | 'info'>): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (((await stat(dir)).mode & 0o077) !== 0) {
    await chmod(dir, 0o700);
    log.warn({ dir }, 'data dir was readable by other users; made it owner-only (0700)');
  }
  for (const folder of OWN_FOLDERS) {
    const path = join(dir, folder);
    const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = join(path, entry.name);
      if (LEFTOVER_TEMP.test(entry.name)) {
        await rm(file, { force: true });
        log.info({ file }, 'removed the temp file of an interrupted write');
      } else {
        await secureFile(file);
      }
    }
  }
}

/** Makes one file owner-only (0600) if it is not already. */
export async function secureFile(file: string): Promise<void> {
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) await chmod(file, mode & 0o700);
}
