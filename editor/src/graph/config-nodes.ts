// Config nodes (an MQTT broker connection, ...) and the nodes that use them. A node uses a
// config node when any string in its config, at any depth, equals the config node's id: that
// is how references are stored (`"broker": "local"`, or inside a list of rules).
import type { FlowNode, GraphDoc } from './types.ts';

/** True for a config node: it lives outside the tabs. */
export function isConfigNode(node: FlowNode): boolean {
  return node.flow === undefined;
}

/** Every config node of the document, in document order. */
export function configNodesOf(doc: GraphDoc): FlowNode[] {
  return [...doc.nodes.values()].filter(isConfigNode);
}

/**
 * How many nodes use each config node, by config node id (0 for unused ones). A node that
 * names the same config node twice counts once; a config node never counts as its own user.
 *
 * @example
 * ```ts
 * configNodeUsage(doc).get('local'); // 2: two mqtt-in nodes have "broker": "local"
 * ```
 */
export function configNodeUsage(doc: GraphDoc): Map<string, number> {
  const usage = new Map(configNodesOf(doc).map((n) => [n.id, 0]));
  for (const node of doc.nodes.values()) {
    for (const id of stringsIn(node.config)) {
      const count = usage.get(id);
      if (count !== undefined && id !== node.id) usage.set(id, count + 1);
    }
  }
  return usage;
}

/** The config nodes that `node` uses. */
export function configNodesUsedBy(doc: GraphDoc, node: FlowNode): FlowNode[] {
  const found: FlowNode[] = [];
  for (const id of stringsIn(node.config)) {
    const target = doc.nodes.get(id);
    if (target && isConfigNode(target) && target.id !== node.id) found.push(target);
  }
  return found;
}

/**
 * `config` without references to `id`: an object value becomes "" (none chosen), a list
 * entry is dropped. Returns `config` itself when nothing refers to `id`.
 */
export function withoutReference(config: Record<string, unknown>, id: string): Record<string, unknown> {
  return stringsIn(config).has(id) ? (strip(config, id) as Record<string, unknown>) : config;
}

/** How a config node reads in a list: its name, else its first text setting, else its id. */
export function describeConfigNode(node: FlowNode): string {
  if (node.name) return node.name;
  const text = Object.values(node.config).find((v): v is string => typeof v === 'string' && v !== '');
  return text ?? node.id;
}

/** The distinct strings anywhere in a JSON value. */
function stringsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}

function strip(value: unknown, id: string): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== id).map((item) => strip(item, id));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, item === id ? '' : strip(item, id)]));
  }
  return value;
}
