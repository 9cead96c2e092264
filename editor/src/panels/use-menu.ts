import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

export interface Menu {
  open: boolean;
  show(): void;
  /** Closes the menu; `returnFocus` puts the focus back on the element that opened it. */
  close(returnFocus?: boolean): void;
  /** The element that opens the menu (clicks on it are not "outside"). */
  trigger: RefObject<HTMLButtonElement | null>;
  /** The element with role="menu". */
  list: RefObject<HTMLDivElement | null>;
  /** Arrow keys, Home and End move between the items; Escape and Tab close. */
  onKeyDown(event: KeyboardEvent): void;
}

/**
 * The behaviour of a popup menu (WAI-ARIA menu button): the first item takes the focus when
 * it opens, the arrow keys move between items, Escape closes it and returns the focus, and a
 * press anywhere outside closes it.
 *
 * @example
 * ```tsx
 * const menu = useMenu();
 * <button ref={menu.trigger} onClick={menu.show}>⋯</button>
 * {menu.open && <div role="menu" ref={menu.list} onKeyDown={menu.onKeyDown}>...</div>}
 * ```
 */
export function useMenu(): Menu {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);

  const close = useCallback((returnFocus = false) => {
    setOpen(false);
    if (returnFocus) trigger.current?.focus();
  }, []);
  const show = useCallback(() => setOpen(true), []);

  useEffect(() => {
    if (!open) return;
    // A frame later: the click that opened it (a right-click on a node) may still move the focus.
    const frame = requestAnimationFrame(() => items(list.current)[0]?.focus());
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!list.current?.contains(target) && !trigger.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('pointerdown', onPointerDown, true);
    };
  }, [open]);

  const onKeyDown = useCallback((event: KeyboardEvent) => {
    const all = items(list.current);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const next: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 };
    if (event.key in next) {
      event.preventDefault();
      all[(next[event.key]! + all.length) % all.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close();
    }
  }, [close]);

  return { open, show, close, trigger, list, onKeyDown };
}

function items(menu: HTMLElement | null): HTMLElement[] {
  return menu ? [...menu.querySelectorAll<HTMLElement>('[role=menuitem]:not(:disabled)')] : [];
}
