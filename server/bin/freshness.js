// Whether a build output is older than its sources: one stat per source file, in-process (the
// `patchbay` command checks the editor and the compiled server this way at every start).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time of `path` (a file, or every file under a directory). */
function newestMtime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const { mtimeMs } = statSync(join(entry.parentPath, entry.name));
    if (mtimeMs > newest) newest = mtimeMs;
  }
  return newest;
}

/** True when `output` is missing or some file of `sources` (files or directories) is newer. */
export function isStale(output, sources) {
  let built;
  try {
    built = statSync(output).mtimeMs;
  } catch {
    return true; // not built yet
  }
  return sources.some((source) => newestMtime(source) > built);
}
