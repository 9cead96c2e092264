// A switch on a node's card for one boolean setting (debug's "To debug sidebar"), marked in the
// type's schema with `x-node-toggle`. Flipping it is an edit like any other; on a deployed
// node it also applies at once (store/toggle-sync.ts).
import type { FlowNode, NodeTypeInfo } from './types.ts';

export interface NodeToggle {
  key: string;
  label: string;
  on: boolean;
}

/** The node's switch and its state (a missing value counts as the default), or null. */
export function nodeToggle(node: FlowNode, info: NodeTypeInfo | undefined): NodeToggle | null {
  const properties = (info?.schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, property] of Object.entries(properties)) {
    if (property['x-node-toggle'] !== true || property.type !== 'boolean') continue;
    const value = key in node.config ? node.config[key] : property.default;
    return { key, label: typeof property.title === 'string' ? property.title : key, on: value !== false };
  }
  return null;
}

/**
 * The switches whose state differs between two versions of the documents' nodes, for nodes
 * in `running`: what the runtime must be told. Nodes are compared by identity first, so an
 * edit elsewhere costs one check per node.
 */
export function changedToggles(
  before: ReadonlyMap<string, FlowNode>, after: ReadonlyMap<string, FlowNode>,
  catalogue: ReadonlyMap<string, NodeTypeInfo>, running: ReadonlyMap<string, FlowNode>,
): Array<{ id: string; key: string; on: boolean }> {
  const changes = [];
  for (const node of after.values()) {
    const old = before.get(node.id);
    if (!old || old === node || !running.has(node.id)) continue;
    const info = catalogue.get(node.type);
    const now = nodeToggle(node, info);
    if (now && now.on !== nodeToggle(old, info)?.on) changes.push({ id: node.id, key: now.key, on: now.on });
  }
  return changes;
}
