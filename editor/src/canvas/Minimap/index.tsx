import { useEffect, useMemo, useRef } from 'react';
import { useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import type { CanvasNode } from '../../graph/canvas-view.ts';
import './styles.css';

const WIDTH = 200;
const HEIGHT = 150;
const MARGIN = 40;

interface Frame {
  /** Flow coordinates of the minimap's top-left corner, and flow units per minimap pixel. */
  x: number;
  y: number;
  scale: number;
}

/**
 * The nodes as coloured blocks, drawn off-screen and kept while the nodes and the minimap's
 * frame stay the same: a zoom or pan step then only copies them and draws the visible area.
 */
class NodeBlocks {
  private readonly canvas = document.createElement('canvas');
  private drawn: { nodes: readonly CanvasNode[]; frame: Frame } | null = null;

  constructor() {
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
  }

  draw(nodes: readonly CanvasNode[], frame: Frame): HTMLCanvasElement {
    const last = this.drawn;
    if (last?.nodes === nodes && last.frame.x === frame.x && last.frame.y === frame.y && last.frame.scale === frame.scale) return this.canvas;
    this.drawn = { nodes, frame };
    const context = this.canvas.getContext('2d')!;
    context.clearRect(0, 0, WIDTH, HEIGHT);
    for (const n of nodes) {
      context.fillStyle = n.data.info?.color ?? '#bbb';
      context.fillRect((n.position.x - frame.x) / frame.scale, (n.position.y - frame.y) / frame.scale,
        Math.max(1, n.width / frame.scale), Math.max(1, n.height / frame.scale));
    }
    return this.canvas;
  }
}

/**
 * An overview of the whole tab drawn on one <canvas>: every node as a coloured block and the
 * visible area as a frame; click or drag on it to move the view. React Flow's own minimap
 * keeps one subscribed SVG element per node, which with thousands of nodes costs more than
 * the canvas itself on every drag frame; this redraws in about a millisecond.
 */
export function Minimap({ nodes }: { nodes: readonly CanvasNode[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<Frame>({ x: 0, y: 0, scale: 1 });
  const [tx, ty, zoom] = useFlowStore((s) => s.transform);
  const paneWidth = useFlowStore((s) => s.width);
  const paneHeight = useFlowStore((s) => s.height);
  const { setCenter, getZoom } = useReactFlow();
  const blocks = useMemo(() => new NodeBlocks(), []);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const view = { x: -tx / zoom, y: -ty / zoom, width: paneWidth / zoom, height: paneHeight / zoom };
    let minX = view.x, minY = view.y, maxX = view.x + view.width, maxY = view.y + view.height;
    for (const n of nodes) {
      minX = Math.min(minX, n.position.x);
      minY = Math.min(minY, n.position.y);
      maxX = Math.max(maxX, n.position.x + n.width);
      maxY = Math.max(maxY, n.position.y + n.height);
    }
    const scale = Math.max((maxX - minX + 2 * MARGIN) / WIDTH, (maxY - minY + 2 * MARGIN) / HEIGHT);
    const origin = { x: (minX + maxX) / 2 - (WIDTH / 2) * scale, y: (minY + maxY) / 2 - (HEIGHT / 2) * scale };
    frame.current = { ...origin, scale };

    context.clearRect(0, 0, WIDTH, HEIGHT);
    context.drawImage(blocks.draw(nodes, frame.current), 0, 0);
    context.strokeStyle = '#ff7f0e';
    context.lineWidth = 1.5;
    context.strokeRect((view.x - origin.x) / scale, (view.y - origin.y) / scale, view.width / scale, view.height / scale);
    canvas.current!.dataset.nodes = String(nodes.length);
  }, [nodes, tx, ty, zoom, paneWidth, paneHeight, blocks]);

  const moveTo = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const { x, y, scale } = frame.current;
    // CSS may draw the minimap smaller than its WIDTH × HEIGHT pixels (narrow windows).
    const perPixel = (scale * WIDTH) / rect.width;
    void setCenter(x + (event.clientX - rect.left) * perPixel, y + (event.clientY - rect.top) * perPixel, { zoom: getZoom() });
  };

  return (
    <canvas ref={canvas} className="flow-minimap nopan nowheel" width={WIDTH} height={HEIGHT} role="img" aria-label="Minimap"
      onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); moveTo(e); }}
      onPointerMove={(e) => { if (e.buttons === 1) moveTo(e); }} />
  );
}
