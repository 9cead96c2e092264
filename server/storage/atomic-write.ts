// Crash-safe file replacement: write a temp file, fsync it, rename it over the target, fsync the
// directory. A reader sees the old content or the new, never half of either. Owner-only by
// default: what Patchbay writes in its data dir is nobody else's business.
import { randomBytes } from 'node:crypto';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  // Unique per call: two writes of the same file in the same millisecond must not share a temp file.
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const file = await open(temp, 'w', mode);
  try {
    await writeText(file, data);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * Writes a string as UTF-8. Handed the string, the kernel write copies it from native memory
 * freed at once; writeFile would make a Buffer of it first, kept until a GC: for a big flow
 * file, megabytes of memory still held well after the deploy.
 */
async function writeText(file: FileHandle, data: string): Promise<void> {
  const { bytesWritten } = await file.write(data, null, 'utf8');
  const length = Buffer.byteLength(data);
  // One write() may write less than asked for (a full disk fails on the rest): the rest as bytes.
  if (bytesWritten < length) await file.writeFile(Buffer.from(data).subarray(bytesWritten));
}
