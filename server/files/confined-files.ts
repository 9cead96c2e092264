// `node.files`: every path a file node uses resolves inside one directory. A path that leads
// outside — with "..", as an absolute path, or through a symbolic link — is refused.
import { existsSync, mkdirSync, realpathSync, watch } from 'node:fs';
import { appendFile, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileChange, FilesCapability } from '../node-api/host.ts';
import { NodeRuntimeError } from '../node-api/errors.ts';

export function confinedFiles(dir: string): FilesCapability {
  mkdirSync(dir, { recursive: true });
  const root = realpathSync(dir);
  const inside = (path: string) => path === root || path.startsWith(root + sep);
  const resolvePath = (path: string): string => {
    const full = resolve(root, path);
    // The deepest part that exists decides where a symbolic link really points.
    let existing = full;
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    const real = resolve(realpathSync(existing), relative(existing, full));
    if (!inside(full) || !inside(real)) {
      throw new NodeRuntimeError(`"${path}" is outside the files directory ${root}${isAbsolute(path) ? '' : ' (relative paths start there)'}`, 'FILE_OUTSIDE_DIR');
    }
    return full;
  };
  const changeOf = async (full: string): Promise<FileChange> => {
    const info = await stat(full).catch(() => undefined);
    const type = info ? (info.isDirectory() ? 'directory' : 'file') : 'none';
    return { path: relative(root, full), name: basename(full), type, ...(info?.isFile() && { size: info.size }) };
  };
  return {
    root,
    resolve: resolvePath,
    read: (path) => readFile(resolvePath(path)),
    async write(path, data, options = {}) {
      const full = resolvePath(path);
      if (options.createDir) await mkdir(dirname(full), { recursive: true });
      await (options.append ? appendFile : writeFile)(full, data);
    },
    remove: (path) => unlink(resolvePath(path)),
    watch(path, options, listener) {
      const full = resolvePath(path);
      const watcher = watch(full, { recursive: options.recursive }, (_event, changed) => {
        void changeOf(changed ? join(full, changed.toString()) : full).then(listener);
      });
      watcher.on('error', () => watcher.close()); // the watched path went away: nothing more to report
      return () => watcher.close();
    },
  };
}
