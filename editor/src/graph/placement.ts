// Where a new node goes: centred where it was dropped, after the selected node, or at the
// first free spot near where the person looks, so no node lands on top of another.
import { nodeSize } from './canvas-view.ts';
import { nodeLabel } from './node-label.ts';
import { nodesOfFlow } from './node-edits.ts';
import { outputCount } from './schema.ts';
import type { FlowNode, GraphDoc, NodeTypeInfo, Point } from './types.ts';

export interface Size {
  width: number;
  height: number;
}

interface Rect extends Point, Size {}

/** The canvas grid; drags snap to it too. */
export const GRID = 10;
/** Space kept between a placed node and its neighbours. */
const GAP = 20;
/** Horizontal room for the wire from the selected node to the one added after it. */
const WIRE_ROOM = 60;
/** How many spots below the first one are tried before giving up and overlapping. */
const MAX_TRIES = 500;

/** A point on the grid. */
export function snapToGrid(point: Point): Point {
  return { x: Math.round(point.x / GRID) * GRID, y: Math.round(point.y / GRID) * GRID };
}

/** The size a node's card has on the canvas. */
export function cardSize(node: FlowNode, info: NodeTypeInfo | undefined): Size {
  return nodeSize(nodeLabel(node, info), outputCount(node, info));
}

/** The top-left corner that puts a card of `size` centred on `point`, on the grid. */
export function centredAt(point: Point, size: Size): Point {
  return snapToGrid({ x: point.x - size.width / 2, y: point.y - size.height / 2 });
}

/**
 * The first top-left corner at `preferred` or below it (row by row) where a card of `size`
 * keeps a gap to every other node on `flow`.
 */
export function freeSpot(doc: GraphDoc, catalogue: ReadonlyMap<string, NodeTypeInfo>, flow: string, preferred: Point, size: Size): Point {
  const rects = nodesOfFlow(doc, flow).map((n): Rect => ({ x: n.x ?? 0, y: n.y ?? 0, ...cardSize(n, catalogue.get(n.type)) }));
  let spot = snapToGrid(preferred);
  for (let i = 0; i < MAX_TRIES; i++) {
    const blocker = rects.find((r) => overlaps({ ...spot, ...size }, r));
    if (!blocker) return spot;
    spot = { x: spot.x, y: Math.ceil((blocker.y + blocker.height + GAP) / GRID) * GRID };
  }
  return spot;
}

/** Where a node of `size` goes after `source`: to its right, on its line, or the first free spot below. */
export function spotAfter(doc: GraphDoc, catalogue: ReadonlyMap<string, NodeTypeInfo>, source: FlowNode, size: Size): Point {
  const own = cardSize(source, catalogue.get(source.type));
  const preferred = { x: (source.x ?? 0) + own.width + WIRE_ROOM, y: (source.y ?? 0) + own.height / 2 - size.height / 2 };
  return freeSpot(doc, catalogue, source.flow ?? '', preferred, size);
}

/** The offset that moves `nodes` so the middle of their bounding box lands on `point`. */
export function offsetToCentre(nodes: readonly FlowNode[], catalogue: ReadonlyMap<string, NodeTypeInfo>, point: Point): Point {
  if (nodes.length === 0) return { x: 0, y: 0 };
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const node of nodes) {
    const { width, height } = cardSize(node, catalogue.get(node.type));
    minX = Math.min(minX, node.x ?? 0);
    minY = Math.min(minY, node.y ?? 0);
    maxX = Math.max(maxX, (node.x ?? 0) + width);
    maxY = Math.max(maxY, (node.y ?? 0) + height);
  }
  return snapToGrid({ x: point.x - (minX + maxX) / 2, y: point.y - (minY + maxY) / 2 });
}

/** True when the rectangles, one of them grown by the gap, overlap. */
function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}
