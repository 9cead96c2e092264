// Where the view starts when a tab opens.
import { getNodesBounds, getViewportForBounds, type Viewport } from '@xyflow/react';
import type { FlowCanvasNode } from './types.ts';

/**
 * Below this zoom a tab opens at its top-left corner instead of showing everything: a
 * 3000-node tab fitted into view is unreadable, and drawing all of it makes opening slow.
 */
const MIN_OPEN_ZOOM = 0.6;
const PADDING = 40;

/** All of the tab's nodes in view when they fit at a readable zoom; else its top-left part. */
export function initialViewport(nodes: FlowCanvasNode[], width: number, height: number): Viewport {
  const bounds = getNodesBounds(nodes);
  const fitted = getViewportForBounds(bounds, width, height, 0.05, 1, 0.15);
  if (fitted.zoom >= MIN_OPEN_ZOOM) return fitted;
  return { x: PADDING - bounds.x * MIN_OPEN_ZOOM, y: PADDING - bounds.y * MIN_OPEN_ZOOM, zoom: MIN_OPEN_ZOOM };
}
