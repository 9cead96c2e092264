// Builders for tab (flow) edits: add, rename, disable, describe, reorder, delete with its nodes.
import { removeNodesEdits, nodesOfFlow } from './node-edits.ts';
import type { Edit, FlowTab, GraphDoc } from './types.ts';

/** A label not used by another tab: "Flow 1", "Flow 2", ... */
export function nextFlowLabel(doc: GraphDoc): string {
  const used = new Set(doc.flows.map((f) => f.label));
  let n = doc.flows.length + 1;
  while (used.has(`Flow ${n}`)) n++;
  return `Flow ${n}`;
}

/** Adds a tab at the end. */
export function addFlowEdit(doc: GraphDoc, id: string, label = nextFlowLabel(doc)): Edit {
  return { type: 'flow:add', flow: { id, label }, index: doc.flows.length };
}

/**
 * Changes a tab's label, disabled flag or info (markdown). `false` and an empty info are
 * left out of the tab, as the file leaves them out. Returns null if nothing changes.
 */
export function updateFlowEdit(doc: GraphDoc, id: string, patch: Partial<Pick<FlowTab, 'label' | 'disabled' | 'info'>>): Edit | null {
  const before = doc.flows.find((f) => f.id === id);
  if (!before) return null;
  const after: FlowTab = { ...before, ...patch };
  if (after.disabled === false) delete after.disabled;
  if (!after.info?.trim()) delete after.info;
  if (JSON.stringify(after) === JSON.stringify(before)) return null;
  return { type: 'flow:update', before, after };
}

/** Moves a tab to `to` (an index in the tab list after removal). */
export function moveFlowEdit(doc: GraphDoc, id: string, to: number): Edit | null {
  const from = doc.flows.findIndex((f) => f.id === id);
  const target = Math.max(0, Math.min(to, doc.flows.length - 1));
  if (from < 0 || from === target) return null;
  return { type: 'flow:move', id, from, to: target };
}

/** Deletes a tab and every node on it. */
export function removeFlowEdits(doc: GraphDoc, id: string): Edit[] {
  const index = doc.flows.findIndex((f) => f.id === id);
  if (index < 0) return [];
  const nodeIds = nodesOfFlow(doc, id).map((n) => n.id);
  return [...removeNodesEdits(doc, nodeIds), { type: 'flow:remove', flow: doc.flows[index]!, index }];
}
