import { useMemo, useState } from 'react';
import type { Point } from '../../graph/types.ts';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import { Dialog } from '../Dialog/index.tsx';
import { matchTypes } from '../Palette/filter-types.ts';
import './styles.css';

export interface QuickAddProps {
  /** Where the node goes: the pointer's last place on the canvas, else the middle of the view. */
  at: Point;
  onClose(): void;
}

/** Type part of a node's name, pick with the arrow keys, Enter adds it at the pointer. */
export function QuickAdd({ at, onClose }: QuickAddProps) {
  const catalogue = useEditorState((s) => s.catalogue);
  const actions = useActions();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => matchTypes(catalogue.values(), query).filter((t) => t.category !== 'config').slice(0, 12), [catalogue, query]);
  const add = (type: string | undefined) => {
    if (!type) return;
    actions.addNodeNear(type, at);
    onClose();
  };
  return (
    <Dialog title="Add a node" onClose={onClose}>
      <input className="quick-add-input" data-autofocus role="combobox" aria-expanded="true" aria-controls="quick-add-list"
        aria-label="Node type" placeholder="Type a node name" value={query}
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') add(matches[active]?.type);
          else return;
          e.preventDefault();
        }} />
      <ul id="quick-add-list" role="listbox" className="quick-add-list" aria-label="Matching node types">
        {matches.map((t, i) => (
          <li key={t.type} role="option" aria-selected={i === active} onMouseEnter={() => setActive(i)} onClick={() => add(t.type)}>
            <span className="quick-add-swatch" style={{ background: t.color }} />{t.label}<span className="quick-add-category">{t.category}</span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
