// The install commands for what an imported file needs (see packagesNeeded and
// missingPackages in ../api/shared.ts, shared with the editor).
import { packageSpec, type NodePackageNeed } from '../api/shared.ts';

/** The command that installs each missing package. */
export function installCommands(missing: NodePackageNeed[], dataDir?: string): string[] {
  return missing.map((p) => `npx patchbay nodes install ${packageSpec(p)}${dataDir ? ` --data-dir ${dataDir}` : ''}`);
}
