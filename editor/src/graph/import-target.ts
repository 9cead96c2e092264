// Where an imported file's nodes go: as the file says (its tabs become new tabs, loose nodes
// land on the open tab), all on one new tab, or all on the open tab.
import type { FlowDocument, FlowTab } from './types.ts';

export type ImportTarget = 'as-file' | 'new-flow' | 'current-flow';

/** The file with its tabs rearranged for `target`; importEdits then renames what clashes. */
export function retarget(file: FlowDocument, target: ImportTarget, newTab: FlowTab): FlowDocument {
  if (target === 'as-file') return file;
  // importEdits puts a node whose tab is not in the file on the open tab.
  if (target === 'current-flow') return { ...file, flows: [] };
  // Nodes inside a subflow template stay there; the template's id is their `flow`.
  const templates = new Set(file.nodes.filter((n) => n.type === 'subflow').map((n) => n.id));
  const nodes = file.nodes.map((n) => (n.flow !== undefined && !templates.has(n.flow) ? { ...n, flow: newTab.id } : n));
  return { ...file, flows: [newTab], nodes };
}
