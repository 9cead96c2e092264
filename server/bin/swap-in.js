// Puts a finished build directory in place of the previous one. Concurrent builds (test files,
// servers starting at once) each build into their own staging directory and swap it in, so
// nothing ever reads a half-written build.
import { rename, rm } from 'node:fs/promises';

export async function swapIn(staging, outDir) {
  const old = `${outDir}.old-${process.pid}`;
  await rename(outDir, old).catch(() => undefined); // no previous build: nothing to move aside
  try {
    await rename(staging, outDir);
  } catch {
    // Another build finished first and is in place: it is as fresh as ours.
    await rm(staging, { recursive: true, force: true });
  }
  await rm(old, { recursive: true, force: true });
}
