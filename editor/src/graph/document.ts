// Conversion between the shared flow file and the editor's GraphDoc.
import { FLOW_FORMAT, FLOW_FORMAT_VERSION } from '../../../server/api/shared.ts';
import { configNodesUsedBy } from './config-nodes.ts';
import type { FlowDocument, FlowNode, FlowTab, GraphDoc } from './types.ts';

export const emptyDoc: GraphDoc = { flows: [], nodes: new Map() };

/** Reads a flow document (from `GET /api/flows` or a file) into the editor's form. */
export function fromFlowDocument(doc: Pick<FlowDocument, 'flows' | 'nodes'>): GraphDoc {
  return { flows: [...doc.flows], nodes: new Map(doc.nodes.map((n) => [n.id, n])) };
}

/**
 * The flow document for a deploy or an export. Keys come out in the file's documented
 * order and absent optionals are left out, so a round trip does not reshuffle the file.
 */
export function toFlowDocument(doc: GraphDoc): FlowDocument {
  return {
    format: FLOW_FORMAT,
    version: FLOW_FORMAT_VERSION,
    flows: doc.flows.map(canonicalFlow),
    nodes: [...doc.nodes.values()].map(canonicalNode),
  };
}

/** One tab with its nodes and the config nodes they use: an import adds it as a new tab. */
export function flowDocument(doc: GraphDoc, flowId: string): FlowDocument {
  const ids = [...doc.nodes.values()].filter((n) => n.flow === flowId).map((n) => n.id);
  const tab = doc.flows.find((f) => f.id === flowId);
  return { ...selectionDocument(doc, ids), flows: tab ? [canonicalFlow(tab)] : [] };
}

/**
 * The part of the document needed to recreate `ids`: those nodes, the config nodes they
 * use (and those these use), and wires only between exported nodes. `flows` is left empty
 * so that an import places the nodes on whichever tab is open.
 */
export function selectionDocument(doc: GraphDoc, ids: Iterable<string>): FlowDocument {
  const chosen = new Set(ids);
  const nodes: FlowNode[] = [];
  for (const node of doc.nodes.values()) if (chosen.has(node.id)) nodes.push(node);
  const included = new Set(nodes.map((n) => n.id));
  // Grows while it is read: a config node may itself use another one.
  for (let i = 0; i < nodes.length; i++) {
    for (const configNode of configNodesUsedBy(doc, nodes[i]!)) {
      if (!included.has(configNode.id)) nodes.push(configNode);
      included.add(configNode.id);
    }
  }
  return {
    format: FLOW_FORMAT,
    version: FLOW_FORMAT_VERSION,
    flows: [],
    nodes: nodes.map((n) => canonicalNode(n.wires ? { ...n, wires: n.wires.map((t) => t.filter((id) => chosen.has(id))) } : n)),
  };
}

/** JSON text of a flow document as Patchbay writes files: two-space indent, final newline. */
export function serializeFlowDocument(doc: FlowDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function canonicalFlow(flow: FlowTab): FlowTab {
  return pick(flow, ['id', 'label', 'disabled', 'info']) as unknown as FlowTab;
}

const NODE_KEYS = ['id', 'type', 'version', 'flow', 'name', 'x', 'y', 'disabled', 'config', 'credentials', 'wires'] as const;

function canonicalNode(node: FlowNode): FlowNode {
  return pick(node, NODE_KEYS) as unknown as FlowNode;
}

/** The known keys first in a fixed order, then any others the file had (forward compatible). */
function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const record = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  for (const key of Object.keys(record)) if (!(key in out) && record[key] !== undefined) out[key] = record[key];
  return out;
}
