// Turns a parsed flow file into edits on the current document. Ids that clash with the
// document get fresh ones, and every wire and config reference follows the renaming.
import type { Edit, FlowDocument, FlowNode, GraphDoc, IdGenerator, Point } from './types.ts';

export interface ImportOptions {
  /** The tab for nodes whose `flow` is not one of the file's tabs (e.g. an exported selection). */
  activeFlow: string;
  newId: IdGenerator;
  /** Give every node on a tab a new id even without a clash (paste makes copies). */
  renameAll?: boolean;
  /** Added to the position of every node on a tab. */
  offset?: Point;
}

export interface ImportPlan {
  edits: Edit[];
  /** Ids, after renaming, of the imported nodes that sit on a tab (to select them). */
  nodeIds: string[];
  /** Ids, after renaming, of the imported tabs. */
  flowIds: string[];
  /** Every imported node's id in the file → its id in the document (credentials follow it). */
  renamed: ReadonlyMap<string, string>;
}

/**
 * Plans the import of `file` into `doc`. A config node identical to one already present
 * (same id, type and config) is reused instead of duplicated.
 *
 * @example
 * ```ts
 * const plan = importEdits(doc, parsed.doc, { activeFlow: 'tab1', newId: randomId });
 * store.apply({ label: 'Import', edits: plan.edits });
 * ```
 */
export function importEdits(doc: GraphDoc, file: FlowDocument, options: ImportOptions): ImportPlan {
  const { activeFlow, newId, renameAll = false, offset } = options;
  const flowIds = new Map<string, string>();
  const takenFlows = new Set(doc.flows.map((f) => f.id));
  for (const flow of file.flows) flowIds.set(flow.id, freshId(flow.id, takenFlows, newId));

  const nodeIds = new Map<string, string>();
  const reused = new Set<string>();
  const takenNodes = new Set(doc.nodes.keys());
  for (const node of file.nodes) {
    if (node.flow === undefined && isSameConfigNode(doc.nodes.get(node.id), node)) {
      nodeIds.set(node.id, node.id);
      reused.add(node.id);
    } else {
      nodeIds.set(node.id, renameAll && node.flow !== undefined ? freshId(newId(), takenNodes, newId) : freshId(node.id, takenNodes, newId));
    }
  }

  const edits: Edit[] = file.flows.map((flow, i) => ({
    type: 'flow:add',
    flow: { ...flow, id: flowIds.get(flow.id)! },
    index: doc.flows.length + i,
  }));
  const placed: string[] = [];
  for (const node of file.nodes) {
    if (reused.has(node.id)) continue;
    const renamed = renameNode(node, nodeIds, flowIds, activeFlow);
    if (offset && renamed.flow !== undefined) {
      renamed.x = (renamed.x ?? 0) + offset.x;
      renamed.y = (renamed.y ?? 0) + offset.y;
    }
    if (renamed.flow !== undefined) placed.push(renamed.id);
    edits.push({ type: 'node:add', node: renamed });
  }
  return { edits, nodeIds: placed, flowIds: [...flowIds.values()], renamed: nodeIds };
}

function renameNode(node: FlowNode, nodeIds: Map<string, string>, flowIds: Map<string, string>, activeFlow: string): FlowNode {
  const { credentials, ...rest } = node;
  const out: FlowNode = { ...rest, id: nodeIds.get(node.id)!, config: renameReferences(node.config, nodeIds) };
  // The values never travel with a file or a copy: keys it had set are missing here until entered.
  if (credentials?.length) out.credentialsMissing = [...new Set([...(node.credentialsMissing ?? []), ...credentials])].sort();
  // A node inside a subflow template of the file stays in (the renamed) template.
  if (node.flow !== undefined) out.flow = flowIds.get(node.flow) ?? nodeIds.get(node.flow) ?? activeFlow;
  if (node.wires) {
    // A wire to a node outside the file has nothing to attach to after the import.
    out.wires = node.wires.map((targets) => targets.flatMap((t) => (nodeIds.has(t) ? [nodeIds.get(t)!] : [])));
  }
  return out;
}

/**
 * Config strings, at any depth, equal to a renamed node's old id are references to it: a
 * config node (`"broker": "local"`), other nodes (link, catch scope) or a subflow template's
 * port wires (`in: [{ wires: [{ id }] }]`). Ids are random 16-hex strings, so a coincidental
 * match is not a practical worry. Unchanged parts keep their identity.
 */
function renameReferences<T>(value: T, nodeIds: Map<string, string>): T {
  if (typeof value === 'string') {
    const renamed = nodeIds.get(value);
    return (renamed === undefined ? value : renamed) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const renamed = entries.map(([key, v]) => [key, renameReferences(v, nodeIds)] as const);
  if (renamed.every(([, v], i) => v === entries[i]![1])) return value;
  return (Array.isArray(value) ? renamed.map(([, v]) => v) : Object.fromEntries(renamed)) as T;
}

function freshId(id: string, taken: Set<string>, newId: IdGenerator): string {
  let out = id;
  while (taken.has(out)) out = newId();
  taken.add(out);
  return out;
}

function isSameConfigNode(existing: FlowNode | undefined, incoming: FlowNode): boolean {
  return existing !== undefined && existing.flow === undefined && existing.type === incoming.type
    && JSON.stringify(existing.config) === JSON.stringify(incoming.config);
}
