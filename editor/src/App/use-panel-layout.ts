import { useCallback, useEffect, useState } from 'react';

/**
 * Widths of the side panels (px) and whether each is hidden; kept in the browser across
 * visits. A width not set by the person is the stylesheet's (narrower in a small window).
 */
export interface PanelLayout {
  palette?: number;
  sidebar?: number;
  paletteHidden: boolean;
  sidebarHidden: boolean;
}

const KEY = 'patchbay:layout';
const DEFAULT: PanelLayout = { paletteHidden: false, sidebarHidden: false };
/** A panel is never narrower than this or wider than this share of the window. */
export const MIN_PANEL = 120;
const MAX_SHARE = 0.5;

export interface PanelLayoutControls {
  layout: PanelLayout;
  resize(panel: 'palette' | 'sidebar', width: number): void;
  toggle(panel: 'palette' | 'sidebar'): void;
}

/** The side panels' layout: resizable, collapsible, remembered. */
export function usePanelLayout(): PanelLayoutControls {
  const [layout, setLayout] = useState<PanelLayout>(load);
  useEffect(() => {
    try {
      localStorage.setItem(KEY, JSON.stringify(layout));
    } catch {
      // Storage refused: the layout lasts until the page closes.
    }
  }, [layout]);
  const resize = useCallback((panel: 'palette' | 'sidebar', width: number) => {
    const max = Math.max(MIN_PANEL, window.innerWidth * MAX_SHARE);
    setLayout((l) => ({ ...l, [panel]: Math.round(Math.min(max, Math.max(MIN_PANEL, width))) }));
  }, []);
  const toggle = useCallback((panel: 'palette' | 'sidebar') => {
    setLayout((l) => (panel === 'palette' ? { ...l, paletteHidden: !l.paletteHidden } : { ...l, sidebarHidden: !l.sidebarHidden }));
  }, []);
  return { layout, resize, toggle };
}

function load(): PanelLayout {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    if (typeof saved !== 'object' || saved === null) return DEFAULT;
    const s = saved as Partial<PanelLayout>;
    return {
      palette: Number.isFinite(s.palette) ? s.palette : undefined,
      sidebar: Number.isFinite(s.sidebar) ? s.sidebar : undefined,
      paletteHidden: s.paletteHidden === true,
      sidebarHidden: s.sidebarHidden === true,
    };
  } catch {
    // Unreadable: the default layout.
    return DEFAULT;
  }
}
