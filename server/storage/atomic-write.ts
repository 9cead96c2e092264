// Crash-safe file replacement: write a temp file, fsync it, rename it over the target, fsync the
// directory. A reader sees the old content or the new, never half of either. Owner-only by
// default: what Patchbay writes in its data dir is nobody else's business.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  await (await stageFile(path, data, mode)).commit();
}

/** New content written to a temp file beside its target: commit() puts it in place, discard() drops it. */
export interface StagedFile {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Starts writing `data` to a temp file and resolves once the string has been handed over (it is
 * copied out at once): the caller's string can go, and the write goes on while the caller works.
 * A failure to write surfaces in commit().
 */
export async function stageFile(path: string, data: string, mode = 0o600): Promise<StagedFile> {
  // Unique per call: two writes of the same file in the same millisecond must not share a temp file.
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let written: Promise<void>;
  try {
    written = writeAndClose(await open(temp, 'w', mode), data);
  } catch (err) {
    written = Promise.reject(err as Error);
  }
  // Handled when commit() or discard() awaits it; until then a failure is no unhandled rejection.
  written.catch(() => undefined);
  const discard = async () => {
    await written.catch(() => undefined); // the write's failure is moot: the file is dropped
    // Left behind, it is removed at the next start (see data-dir.ts): no reason to fail for it.
    await rm(temp, { force: true }).catch(() => undefined);
  };
  return {
    async commit() {
      try {
        await written;
        await rename(temp, path);
      } catch (err) {
        await discard();
        throw err;
      }
      await syncDirectory(dirname(path));
    },
    discard,
  };
}

/** Not async itself: `data` is held only until file.write has copied it, not for the whole write. */
function writeAndClose(file: FileHandle, data: string): Promise<void> {
  const length = Buffer.byteLength(data);
  // Handed the string, the write copies it into native memory freed when done; writeFile would
  // make a Buffer of it first, kept until a GC: megabytes for a big flow file.
  return syncAndClose(file, file.write(data, null, 'utf8'), length);
}

async function syncAndClose(file: FileHandle, writing: Promise<{ bytesWritten: number }>, length: number): Promise<void> {
  try {
    const { bytesWritten } = await writing;
    // A regular file is written short only when the disk is full (the rest would fail).
    if (bytesWritten !== length) throw new Error(`wrote ${bytesWritten} of ${length} bytes (disk full?)`);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function syncDirectory(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
