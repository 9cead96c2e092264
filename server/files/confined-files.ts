// `node.files`: every path a file node uses resolves inside one directory. A path that leads
// outside — with "..", as an absolute path, or through a symbolic link — is refused.
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FilesCapability } from '../node-api/host.ts';
import { NodeRuntimeError } from '../node-api/errors.ts';

export function confinedFiles(dir: string): FilesCapability {
  mkdirSync(dir, { recursive: true });
  const root = realpathSync(dir);
  const inside = (path: string) => path === root || path.startsWith(root + sep);
  return {
    root,
    resolve(path: string): string {
      const full = resolve(root, path);
      // The deepest part that exists decides where a symbolic link really points.
      let existing = full;
      while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
      const real = resolve(realpathSync(existing), relative(existing, full));
      if (!inside(full) || !inside(real)) {
        throw new NodeRuntimeError(`"${path}" is outside the files directory ${root}${isAbsolute(path) ? '' : ' (relative paths start there)'}`, 'FILE_OUTSIDE_DIR');
      }
      return full;
    },
  };
}
