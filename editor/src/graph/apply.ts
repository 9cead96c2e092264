// Applies edits to a document. One copy of the node map per batch, not per edit, so deleting
// a 3000-node selection stays linear.
import { GraphError } from './errors.ts';
import type { Edit, FlowNode, FlowTab, GraphDoc } from './types.ts';

interface Draft {
  flows: FlowTab[];
  nodes: Map<string, FlowNode>;
}

/**
 * Applies `edits` in order and returns the new document; `doc` is left untouched.
 * Throws a {@link GraphError} when an edit does not fit (adding an existing id, moving a
 * missing node): edits are built from the document, so that is a bug, not user input.
 *
 * @example
 * ```ts
 * const next = applyEdits(doc, [{ type: 'node:move', id: 'a', from: { x: 0, y: 0 }, to: { x: 40, y: 20 } }]);
 * ```
 */
export function applyEdits(doc: GraphDoc, edits: readonly Edit[]): GraphDoc {
  if (edits.length === 0) return doc;
  const draft: Draft = { flows: [...doc.flows], nodes: new Map(doc.nodes) };
  for (const edit of edits) applyOne(draft, edit);
  return draft;
}

function applyOne(draft: Draft, edit: Edit): void {
  switch (edit.type) {
    case 'node:add':
      if (draft.nodes.has(edit.node.id)) throw new GraphError('GRAPH_NODE_EXISTS', `Node ${edit.node.id} already exists`);
      draft.nodes.set(edit.node.id, edit.node);
      return;
    case 'node:remove':
      requireNode(draft, edit.node.id);
      draft.nodes.delete(edit.node.id);
      return;
    case 'node:update':
      requireNode(draft, edit.before.id);
      draft.nodes.set(edit.after.id, edit.after);
      return;
    case 'node:move': {
      const node = requireNode(draft, edit.id);
      draft.nodes.set(edit.id, { ...node, x: edit.to.x, y: edit.to.y });
      return;
    }
    case 'wire:add': {
      const node = requireNode(draft, edit.source);
      const wires = portsOf(node, edit.port);
      wires[edit.port] = [...wires[edit.port]!, edit.target];
      draft.nodes.set(node.id, { ...node, wires });
      return;
    }
    case 'wire:remove': {
      const node = requireNode(draft, edit.source);
      const wires = portsOf(node, edit.port);
      wires[edit.port] = wires[edit.port]!.filter((t) => t !== edit.target);
      draft.nodes.set(node.id, { ...node, wires });
      return;
    }
    case 'flow:add':
      if (draft.flows.some((f) => f.id === edit.flow.id)) throw new GraphError('GRAPH_FLOW_EXISTS', `Flow ${edit.flow.id} already exists`);
      draft.flows.splice(Math.min(edit.index, draft.flows.length), 0, edit.flow);
      return;
    case 'flow:remove':
      draft.flows.splice(requireFlow(draft, edit.flow.id), 1);
      return;
    case 'flow:update':
      draft.flows[requireFlow(draft, edit.before.id)] = edit.after;
      return;
    case 'flow:move': {
      const [flow] = draft.flows.splice(requireFlow(draft, edit.id), 1);
      draft.flows.splice(edit.to, 0, flow!);
      return;
    }
  }
}

function requireNode(draft: Draft, id: string): FlowNode {
  const node = draft.nodes.get(id);
  if (!node) throw new GraphError('GRAPH_NODE_MISSING', `Node ${id} does not exist`);
  return node;
}

function requireFlow(draft: Draft, id: string): number {
  const index = draft.flows.findIndex((f) => f.id === id);
  if (index < 0) throw new GraphError('GRAPH_FLOW_MISSING', `Flow ${id} does not exist`);
  return index;
}

/** A copy of the node's wire lists, long enough to hold `port`. */
function portsOf(node: FlowNode, port: number): string[][] {
  const wires = (node.wires ?? []).map((targets) => [...targets]);
  if (port < 0 || !Number.isInteger(port)) throw new GraphError('GRAPH_PORT_MISSING', `Node ${node.id} has no output ${port}`);
  while (wires.length <= port) wires.push([]);
  return wires;
}

/**
 * The inverse of an edit: applying `edit` then `invertEdit(edit)` gives back the document.
 */
function invertEdit(edit: Edit): Edit {
  switch (edit.type) {
    case 'node:add': return { type: 'node:remove', node: edit.node };
    case 'node:remove': return { type: 'node:add', node: edit.node };
    case 'node:update': return { type: 'node:update', before: edit.after, after: edit.before };
    case 'node:move': return { type: 'node:move', id: edit.id, from: edit.to, to: edit.from };
    case 'wire:add': return { ...edit, type: 'wire:remove' };
    case 'wire:remove': return { ...edit, type: 'wire:add' };
    case 'flow:add': return { type: 'flow:remove', flow: edit.flow, index: edit.index };
    case 'flow:remove': return { type: 'flow:add', flow: edit.flow, index: edit.index };
    case 'flow:update': return { type: 'flow:update', before: edit.after, after: edit.before };
    case 'flow:move': return { type: 'flow:move', id: edit.id, from: edit.to, to: edit.from };
  }
}

/** The edits that undo a whole list, in reverse order. */
export function invertEdits(edits: readonly Edit[]): Edit[] {
  return edits.map(invertEdit).reverse();
}
