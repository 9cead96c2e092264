// Builders for the edits a person makes to nodes and wires. Each returns edits to apply and
// record; none changes the document itself.
import { withoutReference } from './config-nodes.ts';
import { defaultConfig, hasInput, isConfigType, outputCount } from './schema.ts';
import type { Edit, FlowNode, GraphDoc, NodeTypeInfo, Point } from './types.ts';

/**
 * A new node of type `info` with default config and one empty wire list per output.
 * Config nodes get no flow, position or wires: they live outside the tabs.
 */
export function createNode(info: NodeTypeInfo, id: string, flow: string, at: Point): FlowNode {
  const config = defaultConfig(info);
  if (isConfigType(info)) return { id, type: info.type, version: info.version, config };
  const node: FlowNode = { id, type: info.type, version: info.version, flow, x: Math.round(at.x), y: Math.round(at.y), config };
  node.wires = Array.from({ length: outputCount(node, info) }, () => []);
  return node;
}

/**
 * Removes nodes together with the wires other nodes have into them, so no wire is left
 * pointing at nothing. Undo restores both.
 */
export function removeNodesEdits(doc: GraphDoc, ids: Iterable<string>): Edit[] {
  const removing = new Set(ids);
  const edits = wiresIntoEdits(doc, removing);
  for (const id of removing) {
    const node = doc.nodes.get(id);
    if (node) edits.push({ type: 'node:remove', node });
  }
  return edits;
}

/**
 * Deletes a config node and clears the references to it (see {@link withoutReference}), so
 * no node is left pointing at a connection that no longer exists.
 */
export function removeConfigNodeEdits(doc: GraphDoc, id: string): Edit[] {
  const target = doc.nodes.get(id);
  if (!target) return [];
  const edits: Edit[] = [];
  for (const node of doc.nodes.values()) {
    const config = withoutReference(node.config, id);
    if (node.id !== id && config !== node.config) edits.push({ type: 'node:update', before: node, after: { ...node, config } });
  }
  edits.push({ type: 'node:remove', node: target });
  return edits;
}

/** Why a wire cannot be drawn, or null when it can. */
export function wireProblem(doc: GraphDoc, catalogue: ReadonlyMap<string, NodeTypeInfo>, source: string, port: number, target: string): string | null {
  const from = doc.nodes.get(source);
  const to = doc.nodes.get(target);
  if (!from || !to) return 'Both ends of a wire must be nodes';
  if (source === target) return 'A node cannot be wired to itself';
  if (from.flow !== to.flow) return 'Wires stay within one flow';
  if (port >= outputCount(from, catalogue.get(from.type))) return `${from.type} has no output ${port + 1}`;
  const toInfo = catalogue.get(to.type);
  if (toInfo && !hasInput(to.config, toInfo)) return `${toInfo.label} has no input`;
  if (from.wires?.[port]?.includes(target)) return 'These ports are already wired';
  return null;
}

/**
 * Puts `node`, just added, into an existing wire: source → node → target instead of
 * source → target. Nothing when the node has no input or no output to carry the wire.
 */
export function spliceEdits(wire: { source: string; port: number; target: string }, node: FlowNode, info: NodeTypeInfo | undefined): Edit[] {
  if (!hasInput(node.config, info) || outputCount(node, info) === 0) return [];
  return [
    { type: 'wire:remove', ...wire },
    { type: 'wire:add', source: wire.source, port: wire.port, target: node.id },
    { type: 'wire:add', source: node.id, port: 0, target: wire.target },
  ];
}

/** The changeable properties of a node, as the property form edits them. */
export interface NodePatch {
  name?: string;
  disabled?: boolean;
  config?: Record<string, unknown>;
  credentials?: string[];
}

/**
 * Updates a node's properties. When the config changes its number of outputs (function's
 * `outputs`, switch's rules) the wire lists grow or shrink with it, in the same edit; when
 * the outputs come from a list, each wire list follows its item (see {@link outputSources}).
 * When it takes the node's input away (mqtt in leaving dynamic mode), the wires into it go.
 */
export function updateNodeEdits(doc: GraphDoc, id: string, patch: NodePatch, info: NodeTypeInfo | undefined): Edit[] {
  const before = doc.nodes.get(id);
  if (!before) return [];
  const after: FlowNode = { ...before, ...patch };
  if (patch.name === '') delete after.name;
  if (patch.disabled === false) delete after.disabled;
  if (before.wires) {
    const sources = outputSources(before, after, info, outputCount(after, info));
    if (sources.length !== before.wires.length || sources.some((from, port) => from !== port)) {
      after.wires = sources.map((from) => (from === -1 ? [] : before.wires![from] ?? []));
    }
  }
  const update: Edit = { type: 'node:update', before, after };
  const losesInput = hasInput(before.config, info) && !hasInput(after.config, info);
  return losesInput ? [update, ...wiresIntoEdits(doc, new Set([id]))] : [update];
}

/** Removes the wires other nodes have into `ids` (wires among them stay with their nodes). */
function wiresIntoEdits(doc: GraphDoc, ids: ReadonlySet<string>): Edit[] {
  const edits: Edit[] = [];
  for (const node of doc.nodes.values()) {
    if (ids.has(node.id)) continue;
    node.wires?.forEach((targets, port) => {
      for (const target of targets) {
        if (ids.has(target)) edits.push({ type: 'wire:remove', source: node.id, port, target });
      }
    });
  }
  return edits;
}

/**
 * For each output of the updated node, the output of the old node whose wires it keeps (-1:
 * none). Outputs counted from a list (switch's rules) follow their items, as in Node-RED:
 * removing rule 2 of 3 moves rule 3's wires up to output 2, and moving a rule moves its
 * wires. The property form keeps the objects of untouched items, so an item is recognised
 * by identity; an item edited in place has a new object and keeps its position's wires.
 */
function outputSources(before: FlowNode, after: FlowNode, info: NodeTypeInfo | undefined, count: number): number[] {
  const key = info && typeof info.outputs === 'object' ? info.outputs.fromConfig : undefined;
  const oldItems = key === undefined ? undefined : before.config[key];
  const newItems = key === undefined ? undefined : after.config[key];
  if (!Array.isArray(oldItems) || !Array.isArray(newItems) || oldItems === newItems) {
    return Array.from({ length: count }, (_, port) => port);
  }
  const claimed = new Set<number>();
  const sources = newItems.map((item) => {
    const from = oldItems.findIndex((old, i) => old === item && !claimed.has(i));
    if (from !== -1) claimed.add(from);
    return from;
  });
  return sources.map((from, port) => (from !== -1 ? from : port < oldItems.length && !claimed.has(port) ? port : -1));
}

/** Moves nodes to new positions; `from` comes from the document. */
export function moveEdits(doc: GraphDoc, to: ReadonlyMap<string, Point>, from?: ReadonlyMap<string, Point>): Edit[] {
  const edits: Edit[] = [];
  for (const [id, point] of to) {
    const node = doc.nodes.get(id);
    if (!node) continue;
    const start = from?.get(id) ?? { x: node.x ?? 0, y: node.y ?? 0 };
    if (start.x === point.x && start.y === point.y) continue;
    edits.push({ type: 'node:move', id, from: start, to: { x: point.x, y: point.y } });
  }
  return edits;
}

/** The nodes on one tab, in document order. */
export function nodesOfFlow(doc: GraphDoc, flow: string): FlowNode[] {
  const out: FlowNode[] = [];
  for (const node of doc.nodes.values()) if (node.flow === flow) out.push(node);
  return out;
}
