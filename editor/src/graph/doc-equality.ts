// Whether two documents hold the same flows: the Deploy button shows a change only while the
// document differs from what the server runs, so undoing back to it leaves nothing to deploy.
import type { FlowNode, FlowTab, GraphDoc } from './types.ts';

/**
 * True when both documents have the same tabs (in order) and the same nodes with the same
 * content. Node order is not compared: undoing a delete puts the node back at the end, and
 * the runtime does not depend on the order. Objects an edit did not touch are the same objects, so this costs one identity
 * check per node; only nodes an undo rebuilt (a move and its inverse) are compared by value.
 *
 * @example
 * ```ts
 * const dirty = !sameDocument(state.doc, state.deployed);
 * ```
 */
export function sameDocument(a: GraphDoc, b: GraphDoc): boolean {
  if (a === b) return true;
  if (a.flows.length !== b.flows.length || a.nodes.size !== b.nodes.size) return false;
  if (a.flows.some((flow, i) => !sameValue<FlowTab>(flow, b.flows[i]!))) return false;
  if (a.nodes === b.nodes) return true;
  for (const node of a.nodes.values()) {
    const other = b.nodes.get(node.id);
    if (!other || !sameValue<FlowNode>(node, other)) return false;
  }
  return true;
}

function sameValue<T>(a: T, b: T): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
