// Which node types match what someone typed, for the palette filter and quick-add.
import type { NodeCategory, NodeTypeInfo } from '../../../../server/node-api/types.ts';

/** The palette's section order; mirrors NODE_CATEGORIES in server/node-api/types.ts (types only may be imported). */
const CATEGORY_ORDER: readonly NodeCategory[] = ['common', 'devices', 'function', 'sequence', 'network', 'parser', 'storage', 'config'];

/** Types whose label or type name contains `query` (any case), best matches (prefix) first. */
export function matchTypes(types: Iterable<NodeTypeInfo>, query: string): NodeTypeInfo[] {
  const q = query.trim().toLowerCase();
  const all = [...types].filter((t) => !t.hidden);
  if (!q) return all;
  const score = (t: NodeTypeInfo) => {
    const label = t.label.toLowerCase();
    if (label.startsWith(q) || t.type.startsWith(q)) return 0;
    if (label.includes(q) || t.type.includes(q)) return 1;
    return -1;
  };
  return all.filter((t) => score(t) >= 0).sort((a, b) => score(a) - score(b));
}

/** Types grouped by category in palette order; config types are left out (they are made from forms). */
export function groupByCategory(types: readonly NodeTypeInfo[]): Array<[string, NodeTypeInfo[]]> {
  const groups = new Map<string, NodeTypeInfo[]>();
  for (const t of types) {
    if (t.category === 'config') continue;
    groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  }
  const rank = (c: string) => {
    const i = CATEGORY_ORDER.indexOf(c as NodeCategory);
    return i < 0 ? CATEGORY_ORDER.length : i;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
