// The keyboard shortcuts: one table that both the key handler and the help view read, so
// the help can never list a shortcut that does not exist.
import type { Point } from '../graph/types.ts';
import type { EditorActions } from '../store/actions.ts';

/** The editor's dialogs a shortcut can open. */
export type DialogName = 'import' | 'export' | 'help' | 'quick-add' | 'wire' | 'search' | 'palette';

/** What a shortcut can do beyond the store's actions: open the editor's dialogs. */
export interface ShortcutTargets {
  actions: EditorActions;
  openDialog(dialog: DialogName): void;
  /** Shows the properties of the selected node and moves the keyboard focus there. */
  showProperties(): void;
  /**
   * Called before the selection is deleted or cut: when something is selected, moves the
   * focus to the canvas, so it does not fall back to the page body with the removed node.
   */
  focusCanvasForRemoval(): void;
  /** The pointer's position on the canvas (flow coordinates), or null when it is elsewhere. */
  pointer(): Point | null;
  /** Opens the canvas menu for the selection (as a right-click on it would). */
  openContextMenu(): void;
  /** Moves the keyboard focus from the sidebar back to the selected node on the canvas. */
  backToCanvas(): void;
  togglePalette(): void;
  toggleSidebar(): void;
}

export interface Shortcut {
  /** As shown in the help view. */
  keys: string;
  description: string;
  matches(e: KeyboardEvent): boolean;
  run(targets: ShortcutTargets): void;
  /** Also fires while typing in a form field. */
  whileTyping?: boolean;
  /** Fires even when a field used the key for itself (CodeMirror's Ctrl+Enter): deploy only. */
  overField?: boolean;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
/** True when the key goes to the property form in the sidebar. */
const inProperties = (e: KeyboardEvent) => e.composedPath().some((t) => t instanceof Element && t.id === 'sidebar-panel-properties');
/** True when the key goes to a node on the canvas (React Flow makes each node focusable). */
const onNode = (e: KeyboardEvent) => e.target instanceof Element && e.target.classList.contains('react-flow__node');
const key = (e: KeyboardEvent, k: string) => e.key.toLowerCase() === k;

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Ctrl+Enter', description: 'Deploy', whileTyping: true, overField: true,
    matches: (e) => mod(e) && e.key === 'Enter', run: (t) => void t.actions.deploy() },
  { keys: 'Enter (on a node)', description: 'Select the node with the keyboard focus and edit its properties',
    matches: (e) => !mod(e) && e.key === 'Enter' && onNode(e), run: (t) => t.showProperties() },
  { keys: 'Delete / Backspace', description: 'Delete the selected nodes and wires',
    matches: (e) => !mod(e) && (e.key === 'Delete' || e.key === 'Backspace'), run: (t) => { t.focusCanvasForRemoval(); t.actions.removeSelection(); } },
  { keys: 'Ctrl+C', description: 'Copy the selected nodes',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'c'), run: (t) => void t.actions.copy() },
  { keys: 'Ctrl+X', description: 'Cut the selected nodes',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'x'), run: (t) => { t.focusCanvasForRemoval(); t.actions.cut(); } },
  { keys: 'Ctrl+V', description: 'Paste at the pointer',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'v'), run: (t) => t.actions.paste(t.pointer()) },
  { keys: 'Ctrl+Z', description: 'Undo',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'z'), run: (t) => t.actions.undo() },
  { keys: 'Ctrl+Y / Ctrl+Shift+Z', description: 'Redo',
    matches: (e) => mod(e) && (key(e, 'y') || (e.shiftKey && key(e, 'z'))), run: (t) => t.actions.redo() },
  { keys: 'Ctrl+A', description: 'Select all nodes on the tab',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'a'), run: (t) => t.actions.selectAll() },
  { keys: 'Ctrl+I', description: 'Import a flow file',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'i'), run: (t) => t.openDialog('import') },
  { keys: 'Ctrl+E', description: 'Export the selection or all flows',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'e'), run: (t) => t.openDialog('export') },
  { keys: '/', description: 'Add a node by name (after the selected node, wired to it; else at the pointer)',
    matches: (e) => !mod(e) && e.key === '/', run: (t) => t.openDialog('quick-add') },
  { keys: 'W', description: 'Wire the selected node to another one, picked by name',
    matches: (e) => !mod(e) && !e.altKey && key(e, 'w'), run: (t) => t.openDialog('wire') },
  { keys: 'Ctrl+F', description: 'Search all flows (name, type, id, settings)',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'f'), run: (t) => t.openDialog('search') },
  { keys: 'Shift+F10 / Menu key', description: 'Open the canvas menu for the selection',
    matches: (e) => e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10'), run: (t) => t.openContextMenu() },
  { keys: 'Ctrl+P', description: 'Show or hide the palette',
    matches: (e) => mod(e) && !e.shiftKey && key(e, 'p'), run: (t) => t.togglePalette() },
  { keys: 'Ctrl+Space', description: 'Show or hide the sidebar',
    matches: (e) => mod(e) && e.key === ' ', run: (t) => t.toggleSidebar() },
  { keys: 'Escape (in properties)', description: 'Back to the node on the canvas', whileTyping: true,
    matches: (e) => e.key === 'Escape' && inProperties(e), run: (t) => t.backToCanvas() },
  { keys: '?', description: 'Show this help',
    matches: (e) => !mod(e) && e.key === '?', run: (t) => t.openDialog('help') },
  { keys: 'Escape', description: 'Clear the selection',
    matches: (e) => e.key === 'Escape', run: (t) => t.actions.select(new Set(), new Set()) },
];

/** Canvas gestures, listed in the help next to the shortcuts. */
export const GESTURES: ReadonlyArray<{ keys: string; description: string }> = [
  { keys: 'Drag on empty canvas', description: 'Select nodes in a box' },
  { keys: 'Ctrl/Shift+click', description: 'Add a node or wire to the selection' },
  { keys: 'Space+drag, middle drag', description: 'Pan' },
  { keys: 'Right-click', description: 'The canvas menu: add here, paste here, copy, wire, delete, …' },
  { keys: 'Mouse wheel', description: 'Zoom' },
  { keys: 'Drag from an output to a node', description: 'Wire them' },
  { keys: 'Double-click a node', description: 'Show its properties' },
  { keys: 'Tab, then arrow keys', description: 'Focus a node, then move the selected nodes' },
];
