// Derives what the canvas draws (nodes and edges of one tab) from the document. The result
// reuses every object whose inputs did not change, so React Flow and the memoized node
// components only touch what an edit changed, even with thousands of nodes.
import type { NodeStatus } from '../../../server/api/contract.ts';
import { hasInput, outputCount } from './schema.ts';
import { nodeLabel } from './node-label.ts';
import type { FlowNode, GraphDoc, NodeTypeInfo, Point } from './types.ts';

/** Everything a node card needs. A type alias (not an interface) so it fits React Flow's data constraint. */
export type CanvasNodeData = {
  node: FlowNode;
  /** Undefined when the server does not know the type: the card shows it as unknown. */
  info: NodeTypeInfo | undefined;
  outputs: number;
  status: NodeStatus | undefined;
  /** Deploy errors the server reported for this node. */
  errors: readonly string[] | undefined;
  /** The server runs this node (it was in the last deploy): its button can be pressed. */
  deployed: boolean;
  /** What the card says: see nodeLabel. */
  label: string;
};

export const NODE_CARD_TYPE = 'flow-node';
/** Groups are boxes drawn behind their nodes; junctions are dots. */
export const GROUP_BOX_TYPE = 'flow-group';
export const JUNCTION_TYPE = 'flow-junction';
export type CanvasNodeType = typeof NODE_CARD_TYPE | typeof GROUP_BOX_TYPE | typeof JUNCTION_TYPE;

/** A port's box relative to the node's top-left corner, in React Flow's `handles` shape. */
export interface CanvasHandle {
  id: string;
  type: 'source' | 'target';
  position: 'left' | 'right';
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Size and ports are known up front and passed as `measured` and `handles`: React Flow then
 * culls off-screen nodes from the first frame and draws wires to nodes it never rendered,
 * instead of rendering all of them once to measure (slow with thousands of nodes).
 */
export interface CanvasNode {
  id: string;
  type: CanvasNodeType;
  /** Groups lie below everything else. */
  zIndex?: number;
  position: Point;
  data: CanvasNodeData;
  selected: boolean;
  width: number;
  height: number;
  measured: { width: number; height: number };
  handles: CanvasHandle[];
  /** What a screen reader says when the node has the keyboard focus: "Say hello (inject node)". */
  ariaLabel: string;
}

export interface CanvasEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
  selected: boolean;
}

export interface CanvasViewInput {
  doc: GraphDoc;
  flow: string;
  catalogue: ReadonlyMap<string, NodeTypeInfo>;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  statuses: ReadonlyMap<string, NodeStatus>;
  errors: ReadonlyMap<string, readonly string[]>;
  /** The nodes of the deployed document, by id. */
  deployed: ReadonlyMap<string, FlowNode>;
}

export interface CanvasView {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** The React Flow handle id of an output port. */
export function outputHandleId(port: number): string {
  return `out-${port}`;
}

/** The port number of an output handle id, or -1. */
export function portOfHandle(handle: string | null | undefined): number {
  const match = /^out-(\d+)$/.exec(handle ?? '');
  return match ? Number(match[1]) : -1;
}

/** The id of the edge drawn for one wire. */
export function edgeId(source: string, port: number, target: string): string {
  return `${source}:${port}>${target}`;
}

/** The wire an edge id stands for; the inverse of {@link edgeId}. */
export function parseEdgeId(id: string): { source: string; port: number; target: string } | null {
  const match = /^(.+):(\d+)>(.+)$/.exec(id);
  return match ? { source: match[1]!, port: Number(match[2]), target: match[3]! } : null;
}

const GRID = 10;
/** Side of a port's square, in canvas units. */
const PORT_SIZE = 10;
/** Vertical distance between output ports. */
const PORT_PITCH = 16;
/** The id of every node's one input handle. */
export const INPUT_HANDLE = 'in';

/** The vertical centre of output `port` on a card of `height` with `outputs` ports. */
export function portCenterY(port: number, outputs: number, height: number): number {
  return height / 2 + (port - (outputs - 1) / 2) * PORT_PITCH;
}

/** The handles of a card: the input on the left edge, outputs down the right edge. */
function nodeHandles(hasInput: boolean, outputs: number, width: number, height: number): CanvasHandle[] {
  const half = PORT_SIZE / 2;
  const handles: CanvasHandle[] = [];
  if (hasInput) handles.push({ id: INPUT_HANDLE, type: 'target', position: 'left', x: -half, y: height / 2 - half, width: PORT_SIZE, height: PORT_SIZE });
  for (let port = 0; port < outputs; port++) {
    handles.push({ id: outputHandleId(port), type: 'source', position: 'right', x: width - half, y: portCenterY(port, outputs, height) - half, width: PORT_SIZE, height: PORT_SIZE });
  }
  return handles;
}

/** Card size in canvas units: wide enough for the label, tall enough for every port. */
export function nodeSize(label: string, outputs: number): { width: number; height: number } {
  // ~7px per character at the card's font size, plus room for the icon strip and ports.
  const width = Math.min(240, Math.max(120, Math.ceil((label.length * 7 + 56) / GRID) * GRID));
  const height = Math.max(40, Math.ceil((outputs * PORT_PITCH + 12) / GRID) * GRID);
  return { width, height };
}

/**
 * A memoizing view function. Call it with the current state; it returns the previous
 * arrays when nothing on the tab changed, and the previous objects for unchanged items.
 */
export function createCanvasView(): (input: CanvasViewInput) => CanvasView {
  let nodeCache = new Map<string, CanvasNode>();
  let edgeCache = new Map<string, CanvasEdge>();
  let last: CanvasView = { nodes: [], edges: [] };

  return (input) => {
    const nextNodeCache = new Map<string, CanvasNode>();
    const nextEdgeCache = new Map<string, CanvasEdge>();
    const nodes: CanvasNode[] = [];
    const edges: CanvasEdge[] = [];
    let nodesChanged = false;
    let edgesChanged = false;

    for (const node of input.doc.nodes.values()) {
      if (node.flow !== input.flow) continue;
      const current = reuseOrBuild(nodeCache.get(node.id), node, input);
      if (current !== last.nodes[nodes.length]) nodesChanged = true;
      nodes.push(current);
      nextNodeCache.set(node.id, current);
    }
    for (const node of nodes) {
      node.data.node.wires?.forEach((targets, port) => {
        for (const target of targets) {
          if (!nextNodeCache.has(target)) continue;
          const id = edgeId(node.id, port, target);
          const selected = input.selectedEdges.has(id);
          const previous = edgeCache.get(id);
          const current = previous && previous.selected === selected
            ? previous
            : { id, source: node.id, target, sourceHandle: outputHandleId(port), selected };
          if (current !== last.edges[edges.length]) edgesChanged = true;
          edges.push(current);
          nextEdgeCache.set(id, current);
        }
      });
    }
    nodeCache = nextNodeCache;
    edgeCache = nextEdgeCache;
    nodesChanged ||= nodes.length !== last.nodes.length;
    edgesChanged ||= edges.length !== last.edges.length;
    // Each array keeps its identity unless it changed: React Flow rebuilds its edge index
    // whenever it gets a new edges array, which costs with thousands of wires.
    if (nodesChanged || edgesChanged) {
      last = { nodes: nodesChanged ? nodes : last.nodes, edges: edgesChanged ? edges : last.edges };
    }
    return last;
  };
}

function reuseOrBuild(previous: CanvasNode | undefined, node: FlowNode, input: CanvasViewInput): CanvasNode {
  const selected = input.selectedNodes.has(node.id);
  if (!previous || !sameData(previous.data, node, input)) return buildNode(node, input);
  // Selecting keeps `data`, so the card's memo sees only the `selected` prop change.
  return previous.selected === selected ? previous : { ...previous, selected };
}

function sameData(data: CanvasNodeData, node: FlowNode, input: CanvasViewInput): boolean {
  return data.node === node
    && data.info === input.catalogue.get(node.type)
    && data.label === nodeLabel(node, data.info, input.doc)
    && data.status === input.statuses.get(node.id)
    && data.errors === input.errors.get(node.id)
    && data.deployed === input.deployed.has(node.id);
}

/** A junction's dot, in canvas units. */
export const JUNCTION_SIZE = 10;

function buildNode(node: FlowNode, input: CanvasViewInput): CanvasNode {
  const info = input.catalogue.get(node.type);
  const outputs = outputCount(node, info);
  const label = nodeLabel(node, info, input.doc);
  const { width, height, type } = shapeOf(node, label, outputs);
  return {
    id: node.id,
    type,
    ...(type === GROUP_BOX_TYPE && { zIndex: -1 }),
    position: { x: node.x ?? 0, y: node.y ?? 0 },
    data: {
      node, info, outputs, status: input.statuses.get(node.id), errors: input.errors.get(node.id),
      deployed: input.deployed.has(node.id), label,
    },
    selected: input.selectedNodes.has(node.id),
    width,
    height,
    measured: { width, height },
    handles: type === GROUP_BOX_TYPE ? [] : nodeHandles(hasInput(node.config, info), outputs, width, height),
    ariaLabel: `${label} (${info?.label ?? node.type} node)`,
  };
}

function shapeOf(node: FlowNode, label: string, outputs: number): { width: number; height: number; type: CanvasNodeType } {
  if (node.type === 'group') {
    const size = (key: string) => (typeof node.config[key] === 'number' ? node.config[key] as number : 100);
    return { width: size('w'), height: size('h'), type: GROUP_BOX_TYPE };
  }
  if (node.type === 'junction') return { width: JUNCTION_SIZE, height: JUNCTION_SIZE, type: JUNCTION_TYPE };
  return { ...nodeSize(label, outputs), type: NODE_CARD_TYPE };
}
