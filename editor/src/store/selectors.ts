// Derived values. Each selector returns the same object while its inputs are the same, so
// components subscribed to it skip renders.
import type { FlowNode } from '../../../server/api/contract.ts';
import { createCanvasView, type CanvasView } from '../graph/canvas-view.ts';
import { isConfigNode } from '../graph/config-nodes.ts';
import { sameDocument } from '../graph/doc-equality.ts';
import type { EditorState } from './editor-state.ts';

/** A canvas view selector; one per canvas, since it keeps its own cache. */
export function createCanvasSelector(): (s: EditorState) => CanvasView {
  const view = createCanvasView();
  return (s) => view({
    doc: s.doc, flow: s.activeFlow, catalogue: s.catalogue, selectedNodes: s.selectedNodes,
    selectedEdges: s.selectedEdges, statuses: s.statuses, errors: s.nodeErrors, deployed: s.deployed.nodes,
  });
}

/** Whether Deploy has something to send: the document differs from the deployed one, or credentials were typed. */
export function hasChanges(s: Pick<EditorState, 'doc' | 'deployed' | 'credentials'>): boolean {
  return s.credentials.size > 0 || !sameDocument(s.doc, s.deployed);
}

/** The node whose properties the form shows: the only selected node, if exactly one is. */
export function selectEditedNode(s: EditorState): FlowNode | null {
  if (s.selectedNodes.size !== 1) return null;
  const [id] = s.selectedNodes;
  return s.doc.nodes.get(id!) ?? null;
}

/** The only selected node when it is on the open tab (new nodes go after it). */
export function soleSelectedNode(s: EditorState): FlowNode | null {
  const node = selectEditedNode(s);
  return node?.flow === s.activeFlow ? node : null;
}

/** Every config node, for the config-node fields; the same array while none changes. */
export function createConfigNodesSelector(): (s: EditorState) => readonly FlowNode[] {
  let lastNodes: EditorState['doc']['nodes'] | null = null;
  let last: FlowNode[] = [];
  return (s) => {
    if (s.doc.nodes === lastNodes) return last;
    lastNodes = s.doc.nodes;
    const next = [...s.doc.nodes.values()].filter(isConfigNode);
    if (next.length !== last.length || next.some((n, i) => n !== last[i])) last = next;
    return last;
  };
}
