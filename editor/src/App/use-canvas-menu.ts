import { useCallback, useState } from 'react';
import type { ContextMenuItem } from '../canvas/ContextMenu/index.tsx';
import { focusCanvas } from '../canvas/focus-canvas.ts';
import type { CanvasMenuRequest } from '../canvas/types.ts';
import { parseEdgeId } from '../graph/canvas-view.ts';
import type { Point } from '../graph/types.ts';
import type { EditorActions } from '../store/actions.ts';
import type { EditorState } from '../store/editor-state.ts';
import type { Store } from '../store/store.ts';
import type { DialogName } from './shortcuts.ts';

export interface CanvasMenuTargets {
  store: Store<EditorState>;
  actions: EditorActions;
  openDialog(dialog: DialogName, at?: Point): void;
  showProperties(): void;
}

/** The canvas menu's state and the items for what was clicked (a node, a wire, the empty canvas). */
export function useCanvasMenu({ store, actions, openDialog, showProperties }: CanvasMenuTargets) {
  const [request, setRequest] = useState<CanvasMenuRequest | null>(null);
  const close = useCallback(() => {
    setRequest(null);
    // Back to the canvas unless a picked item opened a dialog (it takes the focus).
    requestAnimationFrame(() => {
      if (!document.querySelector('dialog[open]') && !document.activeElement?.closest('.sidebar')) focusCanvas();
    });
  }, []);

  const items = (r: CanvasMenuRequest): ContextMenuItem[] => {
    const s = store.get();
    if (r.nodeId) {
      const node = s.doc.nodes.get(r.nodeId);
      const several = s.selectedNodes.size > 1;
      return [
        { label: 'Edit properties', run: showProperties, disabled: several },
        { label: 'Wire to…', run: () => openDialog('wire'), disabled: several },
        { label: 'Copy', run: () => void actions.copy() },
        { label: 'Cut', run: actions.cut },
        { label: 'Duplicate', run: () => { actions.copy(); actions.paste({ x: r.flowAt.x + 40, y: r.flowAt.y + 40 }); } },
        { label: node?.disabled ? 'Enable' : 'Disable', run: () => node && actions.updateNode(node.id, { disabled: !node.disabled }), disabled: several },
        { label: several ? `Delete ${s.selectedNodes.size} nodes` : 'Delete', run: actions.removeSelection, danger: true },
      ];
    }
    if (r.edgeId && parseEdgeId(r.edgeId)) return [{ label: 'Delete wire', run: actions.removeSelection, danger: true }];
    return [
      { label: 'Add node here…', run: () => { actions.select(new Set(), new Set()); openDialog('quick-add', r.flowAt); } },
      { label: 'Paste here', run: () => actions.paste(r.flowAt) },
      { label: 'Select all', run: actions.selectAll },
      { label: 'Search flows…', run: () => openDialog('search') },
      { label: 'Import…', run: () => openDialog('import') },
    ];
  };

  return { request, open: setRequest, close, items };
}
