// Finding nodes across all flows by what a person remembers of them: a name, a type, an id,
// or any text in their settings (a topic, a line of code).
import { nodeLabel } from './node-label.ts';
import type { FlowNode, GraphDoc, NodeTypeInfo } from './types.ts';

export interface SearchHit {
  node: FlowNode;
  /** What the node is called on the canvas. */
  label: string;
  /** Its tab's label, or "config node". */
  where: string;
}

/**
 * The nodes matching `query` (any case) in their label, name, type, type label, id or config
 * text, those matching by label or name first, at most `limit`. An empty query finds nothing.
 *
 * @example
 * ```ts
 * searchNodes(doc, catalogue, 'hall/pir'); // the mqtt in node subscribed to zigbee2mqtt/hall/pir
 * ```
 */
export function searchNodes(doc: GraphDoc, catalogue: ReadonlyMap<string, NodeTypeInfo>, query: string, limit = 50): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const tabs = new Map(doc.flows.map((f) => [f.id, f.label]));
  const strong: SearchHit[] = [];
  const weak: SearchHit[] = [];
  for (const node of doc.nodes.values()) {
    const info = catalogue.get(node.type);
    const label = nodeLabel(node, info);
    const hit = { node, label, where: node.flow === undefined ? 'config node' : tabs.get(node.flow) ?? node.flow };
    if (label.toLowerCase().includes(q) || node.name?.toLowerCase().includes(q)) strong.push(hit);
    else if ([node.type, info?.label ?? '', node.id, JSON.stringify(node.config)].some((text) => text.toLowerCase().includes(q))) weak.push(hit);
    if (strong.length >= limit) break;
  }
  return [...strong, ...weak].slice(0, limit);
}
