// Where a data dir's node packages are: npm-installed ones (the dependencies of
// <dataDir>/package.json, in <dataDir>/node_modules) and loose folders in <dataDir>/nodes/.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { PackageSource, Registry } from '../runtime/registry.ts';
import { errorMessage } from '../api/shared.ts';
import { PatchbayError } from '../errors.ts';
import { isPlainObject } from '../plain-object.ts';

export interface PackageLocation {
  dir: string;
  source: PackageSource;
}

/** The data dir's own package.json, which npm installs into. */
export const dataDirManifest = (dataDir: string) => join(dataDir, 'package.json');

/** The names npm has installed into the data dir (its package.json's dependencies). */
export async function installedNames(dataDir: string): Promise<string[]> {
  const file = dataDirManifest(dataDir);
  if (!existsSync(file)) return [];
  const manifest: unknown = JSON.parse(await readFile(file, 'utf8'));
  const dependencies = isPlainObject(manifest) ? manifest.dependencies : undefined;
  return isPlainObject(dependencies) ? Object.keys(dependencies) : [];
}

/** Every package folder of a data dir: npm ones first, then loose ones. */
export async function packageLocations(dataDir: string): Promise<PackageLocation[]> {
  const npm = (await installedNames(dataDir)).map((name) => ({ dir: join(dataDir, 'node_modules', name), source: 'npm' as const }));
  const looseDir = join(dataDir, 'nodes');
  if (!existsSync(looseDir)) return npm;
  const loose = (await readdir(looseDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ dir: join(looseDir, entry.name), source: 'local' as const }));
  return [...npm, ...loose];
}

/**
 * Loads every package of a data dir. One that fails (bad manifest, API mismatch, duplicate
 * type, throws at import) is logged with its name and kept in registry.packages() with the
 * error; the others load regardless.
 */
export async function loadInstalledPackages(registry: Registry, dataDir: string, log: Logger): Promise<void> {
  for (const location of await packageLocations(dataDir)) {
    try {
      await registry.loadPackage(location.dir, location.source);
    } catch (err) {
      const name = registry.packages().find((p) => p.dir === location.dir)?.name ?? location.dir;
      log.error({ package: name, code: err instanceof PatchbayError ? err.code : undefined }, `node package ${name} not loaded: ${errorMessage(err)}`);
    }
  }
}
