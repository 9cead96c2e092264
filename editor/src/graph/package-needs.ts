// The node packages a flow file lists (`packages`, written by an export), read defensively:
// a file is outside input, and a malformed list must not stop the import of its flows.
import type { NodePackageNeed } from '../../../server/api/contract.ts';

export function readPackageNeeds(file: unknown): NodePackageNeed[] {
  const list = typeof file === 'object' && file !== null ? (file as { packages?: unknown }).packages : undefined;
  if (!Array.isArray(list)) return [];
  return list.filter((p): p is NodePackageNeed => typeof p === 'object' && p !== null
    && typeof p.name === 'string' && typeof p.version === 'string' && Array.isArray(p.types) && p.types.every((t: unknown) => typeof t === 'string'));
}
