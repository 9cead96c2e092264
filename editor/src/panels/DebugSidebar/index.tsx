import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DebugEntry, EditorState } from '../../store/editor-state.ts';
import { useActions, useEditorState, useStore } from '../../store/use-editor.ts';
import { asSpecial } from '../../elements/json-view.ts';
import { useElement } from '../use-element.ts';
import './styles.css';

/** Filter values meaning "every node" and "the nodes of the open tab". */
const ALL = '';
const CURRENT_FLOW = ':current-flow';

/** Messages from debug nodes and runtime warnings, newest at the bottom, filterable by node. */
export function DebugSidebar() {
  const entries = useEditorState((s) => s.debug);
  const actions = useActions();
  const store = useStore();
  const [filter, setFilter] = useState(ALL);
  const sources = useMemo(() => {
    const byId = new Map<string, string>();
    for (const e of entries) if (e.node) byId.set(e.node, debugSourceLabel(store.get(), e));
    return [...byId.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [entries, store]);
  const activeFlow = useEditorState((s) => s.activeFlow);
  const shown = useMemo(() => {
    if (filter === ALL) return entries;
    if (filter === CURRENT_FLOW) return entries.filter((e) => e.flow === activeFlow);
    return entries.filter((e) => e.node === filter);
  }, [entries, filter, activeFlow]);

  // Stay at the bottom while the person is there; leave the scroll alone while they read older messages.
  const list = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useLayoutEffect(() => {
    if (stick.current && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [shown]);

  return (
    <div className="debug-sidebar">
      <div className="debug-toolbar">
        <select aria-label="Filter by node" value={filter} onChange={(e) => setFilter(e.target.value)}>
          <option value={ALL}>All nodes</option>
          <option value={CURRENT_FLOW}>Current flow</option>
          {sources.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
        </select>
        <button type="button" onClick={actions.clearDebug} disabled={entries.length === 0}>Clear</button>
      </div>
      <div className="debug-list" role="log" aria-label="Debug messages" ref={list}
        onScroll={(e) => { const el = e.currentTarget; stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 30; }}>
        {shown.length === 0 && <p className="debug-empty">No messages yet. Messages from debug nodes appear here.</p>}
        {shown.map((entry) => <DebugMessage key={entry.seq} entry={entry} />)}
      </div>
    </div>
  );
}

const DebugMessage = memo(function DebugMessage({ entry }: { entry: DebugEntry }) {
  const actions = useActions();
  const view = useElement('pb-json-view', { value: entry.value, open: 1, root: entry.property }, {});
  const label = useEditorState((s) => debugSourceLabel(s, entry));
  const reveal = () => actions.revealNode(entry.node);
  const time = new Date(entry.time).toLocaleTimeString(undefined, { hour12: false }) + `.${String(entry.time % 1000).padStart(3, '0')}`;
  return (
    <article className={`debug-entry${entry.level ? ` debug-${entry.level}` : ''}`} aria-label={`Message from ${label}`}>
      <header>
        <time dateTime={new Date(entry.time).toISOString()}>{time}</time>
        {entry.node && <button type="button" className="debug-node" onClick={reveal} title="Show the node">{label}</button>}
        {entry.topic !== undefined && <span className="debug-topic" title="msg.topic">{entry.topic}</span>}
        <span className="debug-property">{entry.level ?? (entry.property ? `msg.${entry.property}` : 'msg')}{entry.level ? '' : ` : ${valueType(entry.value)}`}</span>
      </header>
      <div ref={view} />
    </article>
  );
});

/** What kind of value a message shows, as Node-RED's debug header says it: string, number, object, array[3], buffer[12]. */
function valueType(value: unknown): string {
  const special = asSpecial(value);
  if (special) return special.__pb === 'buffer' ? `buffer[${special.length}]` : special.__pb === 'truncated' ? 'array' : special.__pb;
  if (Array.isArray(value)) {
    const last = asSpecial(value.at(-1));
    return `array[${last?.__pb === 'truncated' ? last.length : value.length}]`;
  }
  return value === null ? 'null' : typeof value;
}

/** Who sent a message: the node's name, else its type's label, else its id. */
function debugSourceLabel(s: EditorState, entry: DebugEntry): string {
  const node = s.doc.nodes.get(entry.node);
  return entry.name || node?.name || s.catalogue.get(node?.type ?? '')?.label || entry.node;
}
