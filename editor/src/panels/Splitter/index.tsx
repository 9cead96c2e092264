import { useRef } from 'react';
import './styles.css';

export interface SplitterProps {
  /** What it resizes, for its accessible name ("Resize palette"). */
  label: string;
  /** The width the person set, if any. */
  width: number | undefined;
  /** The panel's width on screen now. */
  measure(): number;
  min: number;
  /** +1 when dragging right widens the panel (the palette), -1 when it narrows it (the sidebar). */
  direction: 1 | -1;
  onResize(width: number): void;
  /** Hides or shows the panel: the button on the splitter, and Enter on it. */
  onToggle(): void;
  hidden: boolean;
}

/** How far one arrow key press moves the splitter. */
const STEP = 20;

/**
 * The border between a side panel and the canvas: drag it (or focus it and use the arrow
 * keys) to resize the panel; its button, or Enter, hides and shows the panel.
 */
export function Splitter({ label, width, measure, min, direction, onResize, onToggle, hidden }: SplitterProps) {
  const start = useRef<{ x: number; width: number } | null>(null);
  const arrow = direction === 1 ? (hidden ? '›' : '‹') : hidden ? '‹' : '›';
  return (
    <div className="splitter">
      {!hidden && (
        <div className="splitter-handle" role="separator" tabIndex={0} aria-orientation="vertical" aria-label={`Resize ${label}`}
          aria-valuenow={width} aria-valuemin={min}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            start.current = { x: e.clientX, width: measure() };
          }}
          onPointerMove={(e) => {
            if (start.current) onResize(start.current.width + direction * (e.clientX - start.current.x));
          }}
          onPointerUp={() => { start.current = null; }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
              e.preventDefault();
              onResize(measure() + direction * (e.key === 'ArrowRight' ? STEP : -STEP));
            } else if (e.key === 'Enter') {
              onToggle();
            }
          }} />
      )}
      <button type="button" className="splitter-toggle" aria-label={`${hidden ? 'Show' : 'Hide'} ${label}`} title={`${hidden ? 'Show' : 'Hide'} ${label}`}
        aria-expanded={!hidden} onClick={onToggle}>{arrow}</button>
    </div>
  );
}
