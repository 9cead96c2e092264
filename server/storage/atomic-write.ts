// Crash-safe file replacement: write a temp file, fsync it, rename it over the target, fsync the
// directory. A reader sees the old content or the new, never half of either. Owner-only by
// default: what Patchbay writes in its data dir is nobody else's business.
import { randomBytes } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  // Unique per call: two writes of the same file in the same millisecond must not share a temp file.
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const file = await open(temp, 'w', mode);
  try {
    await file.writeFile(data);
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
