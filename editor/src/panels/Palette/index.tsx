import { useMemo, useState } from 'react';
import type { NodeTypeInfo } from '../../../../server/api/contract.ts';
import { startNodeDrag } from '../../canvas/drag-data.ts';
import { NodeIcon } from '../../canvas/NodeIcon/index.tsx';
import type { Point } from '../../graph/types.ts';
import { hasInput } from '../../graph/schema.ts';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import { groupByCategory, matchTypes } from './filter-types.ts';
import './styles.css';

export interface PaletteProps {
  /** Near where a clicked (not dragged) entry is added when no node is selected. */
  placeAt(): Point;
  /** Set by the person (the splitter); else the stylesheet's. */
  width: number | undefined;
  hidden: boolean;
  /** Opens Manage palette (admins only: absent for others). */
  onManage?(): void;
}

/** The node types from the server, by category, with a filter. Drag an entry onto the canvas, or click it. */
export function Palette({ placeAt, width, hidden, onManage }: PaletteProps) {
  const catalogue = useEditorState((s) => s.catalogue);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupByCategory(matchTypes(catalogue.values(), query)), [catalogue, query]);
  return (
    <aside className="palette" aria-label="Palette" style={{ width }} hidden={hidden}>
      <input type="search" className="palette-filter" placeholder="Filter nodes" aria-label="Filter nodes"
        value={query} onChange={(e) => setQuery(e.target.value)} />
      <div className="palette-groups">
        {groups.map(([category, types]) => (
          <section key={category} className="palette-group" aria-label={category}>
            <h3>{category}</h3>
            {types.map((t) => <PaletteEntry key={t.type} info={t} placeAt={placeAt} />)}
          </section>
        ))}
        {groups.length === 0 && <p className="palette-empty">No node matches “{query}”.</p>}
      </div>
      {onManage && <button type="button" className="palette-manage" onClick={onManage}>Manage palette</button>}
    </aside>
  );
}

function PaletteEntry({ info, placeAt }: { info: NodeTypeInfo; placeAt(): Point }) {
  const actions = useActions();
  return (
    <button type="button" className="palette-entry" draggable aria-label={info.label} title={`${info.label} (${info.module})`}
      style={{ '--node-color': info.color } as React.CSSProperties}
      onDragStart={(e) => startNodeDrag(e, { type: info.type })}
      onClick={() => actions.addNodeNear(info.type, placeAt())}>
      {hasInput({}, info) && <span className="port port-in" aria-hidden="true" />}
      <span className="palette-icon" aria-hidden="true"><NodeIcon icon={info.icon} label={info.label} /></span>
      <span className="palette-label">{info.label}</span>
      {info.outputs !== 0 && <span className="port port-out" aria-hidden="true" />}
    </button>
  );
}
