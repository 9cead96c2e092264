import { useCallback } from 'react';
import type { Point } from '../../graph/types.ts';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import { matchTypes } from '../Palette/filter-types.ts';
import { PickDialog } from '../PickDialog/index.tsx';

export interface QuickAddProps {
  /** Near where the node goes when nothing is selected: the pointer on the canvas, else the middle of the view. */
  at: Point;
  onClose(): void;
  /** Called with the new node's id. */
  onAdded?(id: string): void;
}

/** Quick-add (`/`): type part of a node's name, pick with the arrow keys, Enter adds it (after the selected node, wired to it). */
export function QuickAdd({ at, onClose, onAdded }: QuickAddProps) {
  const catalogue = useEditorState((s) => s.catalogue);
  const actions = useActions();
  const search = useCallback((query: string) => matchTypes(catalogue.values(), query).filter((t) => t.category !== 'config').slice(0, 12)
    .map((t) => ({ id: t.type, label: t.label, detail: t.category, color: t.color })), [catalogue]);
  return (
    <PickDialog title="Add a node" inputLabel="Node type" placeholder="Type a node name" search={search} onClose={onClose}
      onPick={(type) => {
        const id = actions.addNodeNear(type, at);
        if (id) onAdded?.(id);
      }} />
  );
}
