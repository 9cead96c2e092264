import { useCallback, useEffect, useMemo, type MutableRefObject } from 'react';
import {
  Background, BackgroundVariant, Controls, ReactFlow, SelectionMode, useReactFlow, useStore as useFlowStore, useStoreApi,
  type Connection, type EdgeChange, type NodeChange,
} from '@xyflow/react';
import { GROUP_BOX_TYPE, JUNCTION_TYPE, NODE_CARD_TYPE, nodeLabel, nodeSize } from '../../graph/canvas-view.ts';
import { outputCount } from '../../graph/schema.ts';
import type { Point } from '../../graph/types.ts';
import type { PositionChange } from '../../store/node-actions.ts';
import { createCanvasSelector } from '../../store/selectors.ts';
import { useActions, useEditorState, useStore } from '../../store/use-editor.ts';
import { Minimap } from '../Minimap/index.tsx';
import { NodeCard } from '../NodeCard/index.tsx';
import { GroupBox } from '../GroupBox/index.tsx';
import { JunctionDot } from '../JunctionDot/index.tsx';
import { NODE_DRAG_MIME, readNodeDrag } from '../drag-data.ts';
import { initialViewport } from '../initial-viewport.ts';
import { asFlowNodes, type FlowCanvasEdge, type FlowCanvasNode } from '../types.ts';
import './styles.css';

/** Declared once at module level: a new object per render makes React Flow remount every node. */
const nodeTypes = { [NODE_CARD_TYPE]: NodeCard, [GROUP_BOX_TYPE]: GroupBox, [JUNCTION_TYPE]: JunctionDot };

const SNAP_GRID: [number, number] = [10, 10];

/** Below this zoom, node cards are drawn as plain coloured boxes. */
const DETAIL_ZOOM = 0.4;

/** Snaps a drop point to the grid the canvas snaps drags to. */
export function snap(point: Point): Point {
  return { x: Math.round(point.x / SNAP_GRID[0]) * SNAP_GRID[0], y: Math.round(point.y / SNAP_GRID[1]) * SNAP_GRID[1] };
}

export interface FlowCanvasProps {
  /** Updated with the pointer's canvas position, for quick-add at the cursor. */
  pointer: MutableRefObject<Point | null>;
}

/**
 * The canvas of the open tab. Controlled: React Flow reports changes, the store applies them
 * as edits, and the view selector hands back nodes that changed and the same objects otherwise.
 */
export function FlowCanvas({ pointer }: FlowCanvasProps) {
  const store = useStore();
  const actions = useActions();
  const selectView = useMemo(createCanvasSelector, []);
  const view = useEditorState(selectView);
  const activeFlow = useEditorState((s) => s.activeFlow);
  const flowDisabled = useEditorState((s) => s.doc.flows.find((f) => f.id === s.activeFlow)?.disabled ?? false);
  const reveal = useEditorState((s) => s.reveal);
  const { screenToFlowPosition, setViewport, setCenter, getZoom } = useReactFlow();
  const flowStore = useStoreApi<FlowCanvasNode, FlowCanvasEdge>();
  // Far out, labels are unreadable anyway: hiding them (CSS) saves painting thousands of texts.
  const zoomedOut = useFlowStore((s) => s.transform[2] < DETAIL_ZOOM);

  useEffect(() => {
    // Each tab opens showing its nodes, one frame later so React Flow knows the pane's size.
    // An empty tab keeps the view as it is.
    const frame = requestAnimationFrame(() => {
      const { nodes, width, height } = flowStore.getState();
      if (nodes.length > 0) void setViewport(initialViewport(nodes, width, height));
    });
    return () => cancelAnimationFrame(frame);
  }, [activeFlow, flowStore, setViewport]);

  useEffect(() => {
    // After the tab's own opening view (the frame above), so a revealed node ends up in the middle.
    if (!reveal) return;
    const frame = requestAnimationFrame(() => {
      const node = store.get().doc.nodes.get(reveal.node);
      const info = node && store.get().catalogue.get(node.type);
      if (!node || !info) return;
      const { width, height } = nodeSize(nodeLabel(node, info), outputCount(node, info));
      void setCenter((node.x ?? 0) + width / 2, (node.y ?? 0) + height / 2, { zoom: Math.max(getZoom(), 0.6) });
    });
    return () => cancelAnimationFrame(frame);
  }, [reveal, store, setCenter, getZoom]);

  const onNodesChange = useCallback((changes: NodeChange<FlowCanvasNode>[]) => {
    const moves: PositionChange[] = [];
    let selection: Set<string> | null = null;
    for (const change of changes) {
      if (change.type === 'position') moves.push({ id: change.id, position: change.position, dragging: change.dragging });
      else if (change.type === 'select') {
        selection ??= new Set(store.get().selectedNodes);
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
      }
    }
    if (selection) actions.select(selection, store.get().selectedEdges);
    if (moves.length > 0) actions.moveNodes(moves);
  }, [actions, store]);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowCanvasEdge>[]) => {
    let selection: Set<string> | null = null;
    for (const change of changes) {
      if (change.type !== 'select') continue;
      selection ??= new Set(store.get().selectedEdges);
      if (change.selected) selection.add(change.id);
      else selection.delete(change.id);
    }
    if (selection) actions.select(store.get().selectedNodes, selection);
  }, [actions, store]);

  const onConnect = useCallback((c: Connection) => actions.connect(c.source, c.sourceHandle, c.target), [actions]);

  const onDragOver = useCallback((event: React.DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_DRAG_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback((event: React.DragEvent) => {
    const payload = readNodeDrag(event);
    if (!payload) return;
    event.preventDefault();
    actions.addNode(payload.type, snap(screenToFlowPosition({ x: event.clientX, y: event.clientY })), payload.config);
  }, [actions, screenToFlowPosition]);

  const onMouseMove = useCallback((event: React.MouseEvent) => {
    pointer.current = screenToFlowPosition({ x: event.clientX, y: event.clientY });
  }, [pointer, screenToFlowPosition]);

  const onNodeDoubleClick = useCallback(() => actions.showSidebar('properties'), [actions]);

  // React Flow keeps a multi-selection when one of its nodes is clicked (so the group can be
  // dragged); a plain click without a drag should pick just that node, as in Node-RED.
  const onNodeClick = useCallback((event: React.MouseEvent, node: FlowCanvasNode) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    const s = store.get();
    if (s.selectedNodes.size > 1 || s.selectedEdges.size > 0) actions.select(new Set([node.id]), new Set());
  }, [actions, store]);

  return (
    <div id="flow-canvas" className={`flow-canvas${zoomedOut ? ' zoomed-out' : ''}`}
      onMouseMove={onMouseMove} onMouseLeave={() => { pointer.current = null; }}>
      {flowDisabled && <div className="flow-disabled-ribbon" role="note">This flow is disabled: it does not run after deploy.</div>}
      {view.nodes.length === 0 && (
        <div className="flow-empty-hint">Drag a node here from the palette, or press <kbd>/</kbd> to add one by name.</div>
      )}
      <ReactFlow<FlowCanvasNode, FlowCanvasEdge>
        nodes={asFlowNodes(view.nodes)}
        edges={view.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDrop={onDrop}
        onDragOver={onDragOver}
        onNodeClick={onNodeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        onlyRenderVisibleElements
        snapToGrid
        snapGrid={SNAP_GRID}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={['Control', 'Meta', 'Shift']}
        selectionOnDrag
        selectionMode={SelectionMode.Partial}
        panOnDrag={[1, 2]}
        panOnScroll={false}
        zoomOnDoubleClick={false}
        minZoom={0.05}
        maxZoom={2.5}
        elevateNodesOnSelect={false}
        aria-label="Flow canvas"
        // Focusable from script only: the skip link and a delete put the focus here, Tab does not stop.
        tabIndex={-1}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.5} />
        <Controls aria-label="Zoom controls" />
      </ReactFlow>
      <Minimap nodes={view.nodes} />
    </div>
  );
}
