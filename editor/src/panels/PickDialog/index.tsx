import { useMemo, useState, type ReactNode } from 'react';
import { Dialog } from '../Dialog/index.tsx';
import './styles.css';

export interface PickItem {
  id: string;
  label: string;
  /** Shown dimmed at the end of the row (a category, a tab). */
  detail?: string;
  /** A colour swatch before the label (the node type's colour). */
  color?: string;
}

export interface PickDialogProps {
  title: string;
  /** The accessible name of the text input. */
  inputLabel: string;
  placeholder: string;
  /** The items matching what was typed, best first. */
  search(query: string): PickItem[];
  onPick(id: string): void;
  onClose(): void;
  /** Shown when nothing matches. */
  empty?: ReactNode;
}

/**
 * A dialog to pick one item by typing part of its name: the arrow keys move, Enter picks, a
 * click picks. Quick-add, wiring by keyboard and search all work this way.
 */
export function PickDialog({ title, inputLabel, placeholder, search, onPick, onClose, empty }: PickDialogProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const items = useMemo(() => search(query), [search, query]);
  const pick = (id: string | undefined) => {
    if (id === undefined) return;
    onClose();
    onPick(id);
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <input className="pick-input" data-autofocus role="combobox" aria-expanded="true" aria-controls="pick-list"
        aria-activedescendant={items[active] ? `pick-${active}` : undefined}
        aria-label={inputLabel} placeholder={placeholder} value={query}
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, items.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') pick(items[active]?.id);
          else return;
          e.preventDefault();
        }} />
      <ul id="pick-list" role="listbox" className="pick-list" aria-label={`${title}: matches`}>
        {items.map((item, i) => (
          <li key={item.id} id={`pick-${i}`} role="option" aria-selected={i === active} onMouseEnter={() => setActive(i)} onClick={() => pick(item.id)}>
            {item.color && <span className="pick-swatch" style={{ background: item.color }} />}{item.label}
            {item.detail && <span className="pick-detail">{item.detail}</span>}
          </li>
        ))}
      </ul>
      {items.length === 0 && empty && <p className="pick-empty">{empty}</p>}
    </Dialog>
  );
}
