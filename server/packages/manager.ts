// Installs, lists and removes a data dir's node packages, keeping the registry in step: used
// by the CLI (no server running) and by the REST API (the running server's registry).
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FlowDocument } from '../api/contract.ts';
import { fail } from '../errors.ts';
import { isPlainObject } from '../plain-object.ts';
import type { PackageRecord, Registry } from '../runtime/registry.ts';
import { npmInstall, npmUninstall, type NpmOptions } from './npm.ts';
import { packageLocations } from './installed.ts';

/** Where nodes of a package's types sit: `Flow label (node, node)` per flow. */
export function flowsUsing(doc: FlowDocument, types: readonly string[]): string[] {
  const byFlow = new Map<string, string[]>();
  for (const node of doc.nodes) {
    if (!types.includes(node.type)) continue;
    const label = doc.flows.find((f) => f.id === node.flow)?.label ?? node.flow ?? 'config nodes';
    byFlow.set(label, [...(byFlow.get(label) ?? []), node.name || node.id]);
  }
  return [...byFlow].map(([flow, nodes]) => `${flow} (${nodes.join(', ')})`);
}

export class NodePackages {
  constructor(private readonly dataDir: string, private readonly registry: Registry) {}

  /** Installed packages (not the core nodes), loaded or failed. */
  list(): PackageRecord[] {
    return this.registry.packages().filter((p) => p.source !== 'core');
  }

  /**
   * Installs with npm and loads the package. Resolves with its record, which carries the load
   * error if it failed to load (it stays installed, as after a restart, so that it can be fixed
   * or removed).
   */
  async install(spec: string, opts: NpmOptions = {}): Promise<PackageRecord> {
    const name = await npmInstall(this.dataDir, spec, opts);
    try {
      return await this.registry.loadPackage(join(this.dataDir, 'node_modules', name), 'npm');
    } catch {
      // Kept in packages() with its error; the caller reports it.
      return this.registry.packages().find((p) => p.name === name)!;
    }
  }

  /**
   * Brings the registry in step with the data dir after someone else changed it (the CLI while
   * the server runs): loads new or upgraded packages, forgets removed ones. Resolves with the
   * names that changed; a package that fails to load is kept in the list with its error.
   */
  async sync(): Promise<string[]> {
    const locations = await packageLocations(this.dataDir);
    const changed: string[] = [];
    for (const record of this.list()) {
      if (locations.some((l) => l.dir === record.dir)) continue;
      this.registry.unloadPackage(record.name);
      changed.push(record.name);
    }
    for (const location of locations) {
      const record = this.list().find((p) => p.dir === location.dir);
      if (record && record.version === ((await versionIn(location.dir)) ?? '')) continue;
      const loaded = await this.registry.loadPackage(location.dir, location.source).catch(() => this.list().find((p) => p.dir === location.dir));
      if (loaded) changed.push(loaded.name);
    }
    return changed;
  }

  /**
   * Removes a package: npm ones with npm, loose ones (in `<dataDir>/nodes/`) by deleting their
   * folder. With `refuseIfUsedIn`, refuses (NODE_PACKAGE_IN_USE, naming the flows) while nodes
   * of its types are in that document.
   */
  async remove(name: string, opts: NpmOptions & { refuseIfUsedIn?: FlowDocument } = {}): Promise<PackageRecord> {
    const record = this.list().find((p) => p.name === name);
    if (!record) throw fail('NODE_PACKAGE_NOT_FOUND', name, this.list().map((p) => p.name).join(', ') || 'none');
    const users = opts.refuseIfUsedIn ? flowsUsing(opts.refuseIfUsedIn, record.types) : [];
    if (users.length) throw fail('NODE_PACKAGE_IN_USE', name, users.join('; '));
    if (record.source === 'npm') await npmUninstall(this.dataDir, name, opts);
    else await rm(record.dir, { recursive: true, force: true });
    this.registry.unloadPackage(name);
    return record;
  }
}

async function versionIn(dir: string): Promise<string | undefined> {
  const manifest: unknown = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8').catch(() => '{}'));
  return isPlainObject(manifest) && typeof manifest.version === 'string' ? manifest.version : undefined;
}
