// What a person does to nodes and wires on the canvas and in the property form.
import type { FlowNode, NodeTypeInfo } from '../../../server/api/contract.ts';
import { parseEdgeId, portOfHandle } from '../graph/canvas-view.ts';
import {
  createNode, moveEdits, removeConfigNodeEdits, removeNodesEdits, spliceEdits, updateNodeEdits, wireProblem, type NodePatch,
} from '../graph/node-edits.ts';
import { nodeToggle } from '../graph/node-toggle.ts';
import { cardSize, centredAt, freeSpot, spotAfter } from '../graph/placement.ts';
import { hasInput, outputCount } from '../graph/schema.ts';
import type { Edit, Point } from '../graph/types.ts';
import type { Committer } from './commit.ts';
import type { EditorState } from './editor-state.ts';
import type { Notify } from './notices.ts';
import { hasChanges, soleSelectedNode } from './selectors.ts';
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

  function knownType(type: string): NodeTypeInfo | null {
    const info = store.get().catalogue.get(type);
    if (!info) notify('error', `Unknown node type "${type}"`);
    return info ?? null;
  }

  /** Adds `node` with `more` edits as one undo step and selects it (config nodes live off the canvas). */
  function add(node: FlowNode, info: NodeTypeInfo, more: readonly Edit[]): string {
    committer.commit({ label: `Add ${info.label}`, edits: [{ type: 'node:add', node }, ...more] },
      node.flow ? { selectedNodes: new Set([node.id]), selectedEdges: new Set() } : {});
    return node.id;
  }

  return {
    /**
     * Adds a node where a person expects it after a palette click or quick-add: after the
     * selected node and wired to it, else at the first free spot near `near`. Selects it.
     */
    addNodeNear(type: string, near: Point): string | null {
      const s = store.get();
      const info = knownType(type);
      if (!info) return null;
      const node = createNode(info, newId(), s.activeFlow, { x: 0, y: 0 });
      const size = cardSize(node, info);
      const source = soleSelectedNode(s);
      const at = source ? spotAfter(s.doc, s.catalogue, source, size) : freeSpot(s.doc, s.catalogue, s.activeFlow, centredAt(near, size), size);
      const placed = { ...node, x: at.x, y: at.y };
      const wire = source && outputCount(source, s.catalogue.get(source.type)) > 0 && hasInput(placed.config, info)
        ? [{ type: 'wire:add' as const, source: source.id, port: 0, target: placed.id }] : [];
      return add(placed, info, wire);
    },

    /**
     * Adds a node dropped at `centre` (its card centred there), with preset `config` (a topic
     * dragged from the topic tree). Dropped onto the wire `onWire` (an edge id), it is spliced in.
     */
    dropNode(type: string, centre: Point, config?: Record<string, unknown>, onWire?: string): string | null {
      const s = store.get();
      const info = knownType(type);
      if (!info) return null;
      const node = createNode(info, newId(), s.activeFlow, { x: 0, y: 0 });
      if (config) node.config = { ...node.config, ...config };
      const placed = { ...node, ...centredAt(centre, cardSize(node, info)) };
      const wire = onWire ? parseEdgeId(onWire) : null;
      return add(placed, info, wire ? spliceEdits(wire, placed, info) : []);
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

    /** Flips the switch on a node's card (see graph/node-toggle.ts). */
    flipToggle(id: string): void {
      const s = store.get();
      const node = s.doc.nodes.get(id);
      const toggle = node && nodeToggle(node, s.catalogue.get(node.type));
      if (!node || !toggle) return;
      committer.commit({ label: `${toggle.on ? 'Turn off' : 'Turn on'} ${toggle.label}`, edits: [
        { type: 'node:update', before: node, after: { ...node, config: { ...node.config, [toggle.key]: !toggle.on } } },
      ] });
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
        return { credentials, dirty: hasChanges({ ...s, credentials }) };
      });
    },
  };
}

export type NodeActions = ReturnType<typeof createNodeActions>;
