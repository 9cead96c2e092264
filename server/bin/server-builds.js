// Where the compiled server lives. Each compile writes a build directory of its own under
// <dist>/server-builds/, and <dist>/server is a symlink to the current one, replaced in one
// step: a server that is starting sees the old build or the new one, never a mix. A running
// server keeps loading from the build it started with (parsers load lazily, long after the
// start), so a build is deleted only when it is not current and untouched for KEEP_MS: it is
// touched when it is replaced, and hourly by every server running from it (keepInUse).
import { mkdir, mkdtemp, readdir, realpath, rename, rm, stat, symlink, utimes } from 'node:fs/promises';
import { basename, join } from 'node:path';

const HOUR_MS = 3600_000;
export const KEEP_MS = 2 * HOUR_MS;

/** The builds kept in `dist` (the checkout's dist/). */
export function serverBuilds(dist) {
  const link = join(dist, 'server');
  const builds = join(dist, 'server-builds');

  async function removeUnused(current) {
    const cutoff = Date.now() - KEEP_MS;
    for (const name of await readdir(builds)) {
      const dir = join(builds, name);
      if (dir === current) continue;
      const touched = await stat(dir).then((stats) => stats.mtimeMs, () => Infinity);
      if (touched < cutoff) await rm(dir, { recursive: true, force: true });
    }
  }

  /** The current build's real path (where its modules load from), or undefined when there is none. */
  const current = () => realpath(link).catch(() => undefined);

  return {
    /** The symlink to the current build. */
    link,
    current,

    /** A new, empty build directory; it becomes current with makeCurrent(). */
    async newBuild() {
      await mkdir(builds, { recursive: true });
      return realpath(await mkdtemp(join(builds, 'build-')));
    },

    /** Points the link at `build` (from newBuild), then deletes the builds nobody used for KEEP_MS. */
    async makeCurrent(build) {
      const previous = await current();
      const next = `${link}.next-${process.pid}`;
      await rm(next, { force: true });
      await symlink(join('server-builds', basename(build)), next); // relative: the checkout may move
      try {
        await rename(next, link);
      } catch {
        // a directory, compiled before builds had their own: rename can't replace one
        const legacy = join(builds, `legacy-${process.pid}`);
        await rename(link, legacy);
        await touch(legacy);
        await rename(next, link);
      }
      if (previous) await touch(previous);
      await removeUnused(await realpath(build));
    },
  };
}

/** Marks `build` as in use for as long as this process runs. */
export function keepInUse(build) {
  setInterval(() => void touch(build), HOUR_MS).unref();
}

function touch(dir) {
  const now = new Date();
  return utimes(dir, now, now).catch(() => undefined); // already gone: nothing to keep
}
