// One flow out of a document, with everything it needs to run elsewhere (export --flow).
import type { FlowDocument } from '../api/contract.ts';
import { fail } from '../errors.ts';
import { isPlainObject } from '../plain-object.ts';

/** One flow, the subflow templates its instances use (with their nodes), and the config nodes all of them use. */
export function selectFlow(doc: FlowDocument, id: string): FlowDocument {
  const tab = doc.flows.find((f) => f.id === id);
  if (!tab) throw fail('EXPORT_FLOW_NOT_FOUND', id, doc.flows.map((f) => f.id).join(', ') || 'none');
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const included = new Set<string>();
  const pending = doc.nodes.filter((n) => n.flow === id);
  while (pending.length) {
    const node = pending.pop()!;
    if (included.has(node.id)) continue;
    included.add(node.id);
    for (const ref of stringsIn(node.config)) {
      const target = byId.get(ref);
      if (target && target.flow === undefined) pending.push(target);
    }
    if (node.type === 'subflow') pending.push(...doc.nodes.filter((n) => n.flow === node.id));
  }
  return { ...doc, flows: [tab], nodes: doc.nodes.filter((n) => included.has(n.id)) };
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isPlainObject(value)) return Object.values(value).flatMap(stringsIn);
  return [];
}

