// What the palette (and the broker's topic tree) put on a drag for the canvas to drop.

/** The drag data type: JSON `{ type, config? }`. */
export const NODE_DRAG_MIME = 'application/x-patchbay-node';

export interface NodeDragPayload {
  type: string;
  /** Config values to preset, e.g. the topic of an mqtt-in node dragged from the topic tree. */
  config?: Record<string, unknown>;
}

/** Starts a drag that drops a node of `payload.type` on the canvas. */
export function startNodeDrag(event: React.DragEvent, payload: NodeDragPayload): void {
  event.dataTransfer.setData(NODE_DRAG_MIME, JSON.stringify(payload));
  event.dataTransfer.effectAllowed = 'copy';
}

/** The node a drop carries, or null if the drop is something else (a file, text). */
export function readNodeDrag(event: React.DragEvent): NodeDragPayload | null {
  const raw = event.dataTransfer.getData(NODE_DRAG_MIME);
  if (!raw) return null;
  try {
    const payload = JSON.parse(raw) as NodeDragPayload;
    return typeof payload.type === 'string' ? payload : null;
  } catch {
    // Another page can put anything under our type; such a drop is simply not ours.
    return null;
  }
}
