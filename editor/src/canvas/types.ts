// The canvas's React Flow types, over the pure view the graph layer derives.
import type { Edge, Node } from '@xyflow/react';
import type { CanvasNode, CanvasNodeData, CanvasNodeType } from '../graph/canvas-view.ts';
import type { Point } from '../graph/types.ts';

export type FlowCanvasNode = Node<CanvasNodeData, CanvasNodeType>;
export type FlowCanvasEdge = Edge;

/**
 * The graph layer's nodes are React Flow nodes already; only its handle `position` is the
 * string 'left'/'right' where React Flow's type names its (string-valued) Position enum.
 * The cast changes no object, so the view's identity-based reuse reaches React Flow intact.
 */
export function asFlowNodes(nodes: CanvasNode[]): FlowCanvasNode[] {
  return nodes as unknown as FlowCanvasNode[];
}

/** A right-click (or Shift+F10) on the canvas: where, and on what. */
export interface CanvasMenuRequest {
  /** Window coordinates, where the menu opens. */
  at: Point;
  /** Canvas coordinates, where "Add node here" and "Paste here" put things. */
  flowAt: Point;
  nodeId?: string;
  edgeId?: string;
}
