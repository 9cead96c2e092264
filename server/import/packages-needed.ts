// Which node packages a flow document needs, for an export to list and an import to check.
import type { FlowDocument, NodePackageNeed } from '../api/contract.ts';
import type { Registry } from '../runtime/registry.ts';

/** The installed packages (not the core) whose types the document uses, with their versions. */
export function packagesNeeded(doc: FlowDocument, registry: Registry): NodePackageNeed[] {
  const core = new Set(registry.packages().filter((p) => p.source === 'core').map((p) => p.name));
  const needs = new Map<string, NodePackageNeed>();
  for (const type of new Set(doc.nodes.map((n) => n.type))) {
    const info = registry.get(type)?.info;
    if (!info || core.has(info.module)) continue;
    const need = needs.get(info.module) ?? { name: info.module, version: info.moduleVersion ?? '', types: [] };
    need.types.push(type);
    needs.set(info.module, need);
  }
  return [...needs.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export interface MissingPackages {
  /** Listed by the file, with types this server lacks. */
  packages: NodePackageNeed[];
  /** Types the document uses that no package here provides and the file doesn't name a package for. */
  types: string[];
}

/** What a document needs that is not installed here. */
export function missingPackages(doc: FlowDocument, registry: Registry): MissingPackages {
  const absent = new Set(doc.nodes.map((n) => n.type).filter((type) => !registry.get(type)));
  const packages = (doc.packages ?? []).filter((p) => p.types.some((type) => absent.has(type)));
  for (const p of packages) for (const type of p.types) absent.delete(type);
  return { packages, types: [...absent].sort() };
}

/** The command that installs what is missing, one line per package. */
export function installCommands(missing: NodePackageNeed[], dataDir?: string): string[] {
  return missing.map((p) => `npx patchbay nodes install ${p.version ? `${p.name}@${p.version}` : p.name}${dataDir ? ` --data-dir ${dataDir}` : ''}`);
}
