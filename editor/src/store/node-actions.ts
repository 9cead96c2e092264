// What a person does to nodes and wires on the canvas and in the property form.
import type { FlowNode } from '../../../server/api/contract.ts';
import { parseEdgeId, portOfHandle } from '../graph/canvas-view.ts';
import { createNode, moveEdits, removeConfigNodeEdits, removeNodesEdits, updateNodeEdits, wireProblem, type NodePatch } from '../graph/node-edits.ts';
import type { Edit, Point } from '../graph/types.ts';
import type { Committer } from './commit.ts';
import type { EditorState } from './editor-state.ts';
import type { Notify } from './notices.ts';
import type { Store } from './store.ts';

/** One node's position from a drag in progress (`dragging`) or just ended. */
export interface PositionChange {
  id: string;
  position?: Point;
  dragging?: boolean;
}

/** Node, wire and property actions over `store`. */
export function createNodeActions(store: Store<EditorState>, committer: Committer, notify: Notify, newId: () => string) {
  /** Where each dragged node started, so the whole drag is one undo step. */
  let dragOrigin: Map<string, Point> | null = null;

  return {
    /** Adds a node of `type` at `at` on the open tab (config types go outside the tabs) and selects it. */
    addNode(type: string, at: Point, config?: Record<string, unknown>): string | null {
      const s = store.get();
      const info = s.catalogue.get(type);
      if (!info) {
        notify('error', `Unknown node type "${type}"`);
        return null;
      }
      const node = createNode(info, newId(), s.activeFlow, at);
      if (config) node.config = { ...node.config, ...config };
      committer.commit({ label: `Add ${info.label}`, edits: [{ type: 'node:add', node }] },
        node.flow ? { selectedNodes: new Set([node.id]), selectedEdges: new Set() } : {});
      return node.id;
    },

    /** Draws a wire from an output handle to a node, or says why it cannot be drawn. */
    connect(source: string, sourceHandle: string | null | undefined, target: string): void {
      const s = store.get();
      const port = portOfHandle(sourceHandle);
      const problem = wireProblem(s.doc, s.catalogue, source, port, target);
      if (problem) {
        notify('error', problem);
        return;
      }
      committer.commit({ label: 'Wire', edits: [{ type: 'wire:add', source, port, target }] });
    },

    /** Follows a drag: positions move live, and the drag's end records one undo step. */
    moveNodes(changes: readonly PositionChange[]): void {
      const s = store.get();
      const live = new Map<string, Point>();
      let ended = false;
      for (const change of changes) {
        if (change.position) live.set(change.id, change.position);
        if (change.dragging === false) ended = true;
      }
      if (!dragOrigin) {
        dragOrigin = new Map();
        for (const id of live.keys()) {
          const node = s.doc.nodes.get(id);
          if (node) dragOrigin.set(id, { x: node.x ?? 0, y: node.y ?? 0 });
        }
      }
      committer.applyTransient(moveEdits(s.doc, live));
      if (!ended) return;
      const finalPositions = new Map<string, Point>();
      for (const id of dragOrigin.keys()) {
        const node = store.get().doc.nodes.get(id);
        if (node) finalPositions.set(id, { x: node.x ?? 0, y: node.y ?? 0 });
      }
      committer.recordApplied({ label: 'Move', edits: moveEdits(store.get().doc, finalPositions, dragOrigin) });
      dragOrigin = null;
    },

    /** Deletes the selected nodes (with their wires) and the selected wires. */
    removeSelection(): void {
      const s = store.get();
      const edits: Edit[] = [];
      for (const edgeId of s.selectedEdges) {
        const wire = parseEdgeId(edgeId);
        if (wire && !s.selectedNodes.has(wire.source) && !s.selectedNodes.has(wire.target)) edits.push({ type: 'wire:remove', ...wire });
      }
      edits.push(...removeNodesEdits(s.doc, s.selectedNodes));
      committer.commit({ label: 'Delete', edits }, { selectedNodes: new Set(), selectedEdges: new Set() });
    },

    /** Changes a node's name, config or flags from the property form. */
    updateNode(id: string, patch: NodePatch, coalesceKey?: string): void {
      const s = store.get();
      const node = s.doc.nodes.get(id);
      const edits = node ? updateNodeEdits(s.doc, id, patch, s.catalogue.get(node.type)) : [];
      if (edits.length) committer.commit({ label: 'Edit properties', edits, coalesceKey });
    },

    /** Saves a config node created or edited in place inside another node's form. */
    saveConfigNode(node: FlowNode, created: boolean): void {
      const before = store.get().doc.nodes.get(node.id);
      if (created || !before) {
        committer.commit({ label: 'Add config node', edits: [{ type: 'node:add', node }] });
      } else {
        committer.commit({ label: 'Edit config node', edits: [{ type: 'node:update', before, after: node }], coalesceKey: `config-node:${node.id}` });
      }
    },

    /** Deletes a config node; the nodes that used it are left with none chosen. */
    removeConfigNode(id: string): void {
      committer.commit({ label: 'Delete config node', edits: removeConfigNodeEdits(store.get().doc, id) });
    },

    /**
     * Keeps a credential change until the next deploy sends it: a value to set, `null` to
     * clear the stored one, or "" to forget the change and leave the stored value alone.
     */
    setCredential(nodeId: string, key: string, value: string | null): void {
      store.update((s) => {
        const changes = { ...s.credentials.get(nodeId) };
        if (value === '') delete changes[key];
        else changes[key] = value;
        const credentials = new Map(s.credentials);
        if (Object.keys(changes).length > 0) credentials.set(nodeId, changes);
        else credentials.delete(nodeId);
        return { credentials, dirty: true };
      });
    },
  };
}

export type NodeActions = ReturnType<typeof createNodeActions>;
