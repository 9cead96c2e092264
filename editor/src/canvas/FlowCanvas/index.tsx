import { useCallback, useEffect, useMemo, type MutableRefObject } from 'react';
import {
  Background, BackgroundVariant, Controls, ReactFlow, SelectionMode, useReactFlow, useStore as useFlowStore,
  type Connection, type EdgeChange, type NodeChange,
} from '@xyflow/react';
import { GROUP_BOX_TYPE, JUNCTION_TYPE, NODE_CARD_TYPE, nodeSize } from '../../graph/canvas-view.ts';
import { nodeLabel } from '../../graph/node-label.ts';
import { GRID } from '../../graph/placement.ts';
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
import { edgeAt } from '../edge-at.ts';
import { focusCanvas } from '../focus-canvas.ts';
import { useTabView } from './use-tab-view.ts';
import { asFlowNodes, type CanvasMenuRequest, type FlowCanvasEdge, type FlowCanvasNode } from '../types.ts';
import './styles.css';

/** Declared once at module level: a new object per render makes React Flow remount every node. */
const nodeTypes = { [NODE_CARD_TYPE]: NodeCard, [GROUP_BOX_TYPE]: GroupBox, [JUNCTION_TYPE]: JunctionDot };

const SNAP_GRID: [number, number] = [GRID, GRID];

/** Below this zoom, node cards are drawn as plain coloured boxes. */
const DETAIL_ZOOM = 0.4;

export interface FlowCanvasProps {
  /** Updated with the pointer's canvas position, for quick-add at the cursor. */
  pointer: MutableRefObject<Point | null>;
  /** A right-click on the canvas, a node or a wire (which it selects first). */
  onContextMenu(request: CanvasMenuRequest): void;
}

/**
 * The canvas of the open tab. Controlled: React Flow reports changes, the store applies them
 * as edits, and the view selector hands back nodes that changed and the same objects otherwise.
 */
export function FlowCanvas({ pointer, onContextMenu }: FlowCanvasProps) {
  const store = useStore();
  const actions = useActions();
  const selectView = useMemo(createCanvasSelector, []);
  const view = useEditorState(selectView);
  const activeFlow = useEditorState((s) => s.activeFlow);
  const flowDisabled = useEditorState((s) => s.doc.flows.find((f) => f.id === s.activeFlow)?.disabled ?? false);
  const reveal = useEditorState((s) => s.reveal);
  const theme = useEditorState((s) => s.theme);
  const { screenToFlowPosition, setCenter, getZoom } = useReactFlow();
  // Far out, labels are unreadable anyway: hiding them (CSS) saves painting thousands of texts.
  const zoomedOut = useFlowStore((s) => s.transform[2] < DETAIL_ZOOM);

  const onMoveEnd = useTabView(activeFlow);

  useEffect(() => {
    // After the tab's own view is set (useTabView, one frame), so a revealed node ends up in the middle.
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
    const centre = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    actions.dropNode(payload.type, centre, payload.config, edgeAt(event.clientX, event.clientY));
  }, [actions, screenToFlowPosition]);

  const onMouseMove = useCallback((event: React.MouseEvent) => {
    pointer.current = screenToFlowPosition({ x: event.clientX, y: event.clientY });
  }, [pointer, screenToFlowPosition]);

  const menuAt = useCallback((event: React.MouseEvent | MouseEvent, target: { nodeId?: string; edgeId?: string }) => {
    event.preventDefault();
    const at = { x: event.clientX, y: event.clientY };
    onContextMenu({ at, flowAt: screenToFlowPosition(at), ...target });
  }, [onContextMenu, screenToFlowPosition]);
  const onPaneContextMenu = useCallback((event: React.MouseEvent | MouseEvent) => menuAt(event, {}), [menuAt]);
  const onNodeContextMenu = useCallback((event: React.MouseEvent, node: FlowCanvasNode) => {
    // The menu acts on the selection: a node outside it becomes the selection.
    if (!store.get().selectedNodes.has(node.id)) actions.select(new Set([node.id]), new Set());
    menuAt(event, { nodeId: node.id });
  }, [actions, store, menuAt]);
  const onEdgeContextMenu = useCallback((event: React.MouseEvent, edge: FlowCanvasEdge) => {
    actions.select(new Set(), new Set([edge.id]));
    menuAt(event, { edgeId: edge.id });
  }, [actions, menuAt]);

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
        onPaneClick={focusCanvas}
        onPaneContextMenu={onPaneContextMenu}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onMoveEnd={onMoveEnd}
        onlyRenderVisibleElements
        snapToGrid
        snapGrid={SNAP_GRID}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={['Control', 'Meta', 'Shift']}
        selectionOnDrag
        selectionMode={SelectionMode.Partial}
        // Middle drag (and Space+drag) pans; the right button opens the canvas menu.
        panOnDrag={[1]}
        panOnScroll={false}
        zoomOnDoubleClick={false}
        minZoom={0.05}
        maxZoom={2.5}
        elevateNodesOnSelect={false}
        colorMode={theme}
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
