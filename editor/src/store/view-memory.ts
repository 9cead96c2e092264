// What the editor remembers in the browser between visits to one server (localStorage is per
// origin): the open tab and each tab's zoom and pan.

/** Zoom and pan of one tab, as React Flow reports it. */
export interface TabView {
  x: number;
  y: number;
  zoom: number;
}

export interface ViewMemory {
  activeFlow?: string;
  views: Record<string, TabView>;
}

const KEY = 'patchbay:view';

/** The remembered view; empty when there is none or it is unreadable. */
export function loadViewMemory(storage: Storage = localStorage): ViewMemory {
  try {
    const data: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    if (typeof data !== 'object' || data === null) return { views: {} };
    const { activeFlow, views } = data as Partial<ViewMemory>;
    return { activeFlow: typeof activeFlow === 'string' ? activeFlow : undefined, views: isViews(views) ? views : {} };
  } catch {
    // Written by an older editor or by hand: starting from the defaults loses only the view.
    return { views: {} };
  }
}

export function saveViewMemory(memory: ViewMemory, storage: Storage = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(memory));
  } catch {
    // Storage full or refused (private mode): the view is a convenience, the flows are unaffected.
  }
}

function isViews(value: unknown): value is Record<string, TabView> {
  return typeof value === 'object' && value !== null
    && Object.values(value).every((v) => typeof v === 'object' && v !== null && ['x', 'y', 'zoom'].every((k) => Number.isFinite((v as Record<string, unknown>)[k])));
}
