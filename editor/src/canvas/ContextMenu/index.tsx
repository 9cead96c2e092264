import { useEffect, useRef } from 'react';
import type { Point } from '../../graph/types.ts';
import { useMenu } from '../../panels/use-menu.ts';
import './styles.css';

export interface ContextMenuItem {
  label: string;
  run(): void;
  disabled?: boolean;
  danger?: boolean;
}

export interface ContextMenuProps {
  /** Where it opens, in window coordinates. */
  at: Point;
  label: string;
  items: readonly ContextMenuItem[];
  onClose(): void;
}

/** The canvas menu (right-click, or Shift+F10): a menu at the pointer, keyboard-driven like every menu here. */
export function ContextMenu({ at, label, items, onClose }: ContextMenuProps) {
  const menu = useMenu();
  const { show, open } = menu;
  const wasOpen = useRef(false);
  useEffect(show, [show]);
  // Closed by Escape, an outside press or a pick: the owner forgets it.
  useEffect(() => {
    if (open) wasOpen.current = true;
    else if (wasOpen.current) onClose();
  }, [open, onClose]);
  if (!open) return null;
  return (
    <div role="menu" aria-label={label} className="context-menu" ref={menu.list} onKeyDown={menu.onKeyDown}
      style={{ left: Math.min(at.x, window.innerWidth - 200), top: Math.min(at.y, window.innerHeight - 36 * items.length - 10) }}
      onContextMenu={(e) => e.preventDefault()}>
      {items.map((item) => (
        <button key={item.label} type="button" role="menuitem" disabled={item.disabled} className={item.danger ? 'danger' : undefined}
          onClick={() => {
            menu.close();
            item.run();
          }}>{item.label}</button>
      ))}
    </div>
  );
}
