import { useEffect, useState } from 'react';
import type { FlowTab } from '../../../../server/api/contract.ts';
import { nodesOfFlow } from '../../graph/node-edits.ts';
import { useActions, useEditorState, useStore } from '../../store/use-editor.ts';
import { FlowInfoDialog } from '../FlowInfoDialog/index.tsx';
import { useMenu } from '../use-menu.ts';
import './styles.css';

const TAB_DRAG_MIME = 'application/x-patchbay-tab';

/** The tab strip: open, add, rename (double-click), reorder (drag), describe, disable and delete tabs. */
export function Tabs() {
  const flows = useEditorState((s) => s.doc.flows);
  const activeFlow = useEditorState((s) => s.activeFlow);
  const actions = useActions();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [describing, setDescribing] = useState<FlowTab | null>(null);
  return (
    <nav className="tabs" aria-label="Flows">
      <div role="tablist" className="tab-list">
        {flows.map((flow, index) => (
          renaming === flow.id
            ? <RenameInput key={flow.id} flow={flow} onDone={() => setRenaming(null)} />
            : <TabButton key={flow.id} flow={flow} index={index} active={flow.id === activeFlow} onRename={() => setRenaming(flow.id)} />
        ))}
      </div>
      <button type="button" className="tab-add" aria-label="Add flow" title="Add flow" onClick={() => actions.addFlow()}>+</button>
      <TabMenu flowId={activeFlow} onRename={() => setRenaming(activeFlow)} onDescribe={setDescribing} />
      {describing && <FlowInfoDialog flow={describing} onClose={() => setDescribing(null)} />}
    </nav>
  );
}

function TabButton({ flow, index, active, onRename }: { flow: FlowTab; index: number; active: boolean; onRename(): void }) {
  const actions = useActions();
  // A refused deploy can name nodes on any tab: their tab is marked so they can be found.
  const invalid = useEditorState((s) => [...s.nodeErrors.keys()].some((id) => s.doc.nodes.get(id)?.flow === flow.id));
  const title = [flow.label, flow.disabled && '(disabled)', invalid && '(has deploy errors)'].filter(Boolean).join(' ');
  return (
    <button type="button" role="tab" aria-selected={active} className={`tab${flow.disabled ? ' tab-disabled' : ''}${invalid ? ' tab-invalid' : ''}`}
      draggable onClick={() => actions.openFlow(flow.id)} onDoubleClick={onRename}
      onDragStart={(e) => { e.dataTransfer.setData(TAB_DRAG_MIME, flow.id); e.dataTransfer.effectAllowed = 'move'; }}
      onDragOver={(e) => { if (e.dataTransfer.types.includes(TAB_DRAG_MIME)) e.preventDefault(); }}
      onDrop={(e) => {
        const id = e.dataTransfer.getData(TAB_DRAG_MIME);
        if (!id) return;
        e.preventDefault();
        actions.moveFlow(id, index);
      }}
      title={title}>
      {flow.label}
    </button>
  );
}

function RenameInput({ flow, onDone }: { flow: FlowTab; onDone(): void }) {
  const actions = useActions();
  const [label, setLabel] = useState(flow.label);
  const commit = () => {
    actions.renameFlow(flow.id, label);
    onDone();
  };
  return (
    <input className="tab-rename" aria-label="Flow name" value={label} autoFocus onChange={(e) => setLabel(e.target.value)}
      onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') onDone(); }} />
  );
}

/** Options of the open tab, in a menu so they are reachable without a mouse gesture. */
function TabMenu({ flowId, onRename, onDescribe }: { flowId: string; onRename(): void; onDescribe(flow: FlowTab): void }) {
  const actions = useActions();
  const store = useStore();
  const flows = useEditorState((s) => s.doc.flows);
  const menu = useMenu();
  const { close } = menu;
  // The menu acts on the open tab: another tab opened means it would act on the wrong one.
  useEffect(() => close(), [flowId, close]);
  const index = flows.findIndex((f) => f.id === flowId);
  const flow = flows[index];
  if (!flow) return null;
  const run = (fn: () => void) => () => {
    close();
    fn();
  };
  const remove = () => {
    const count = nodesOfFlow(store.get().doc, flow.id).length;
    const what = count === 0 ? '' : ` and its ${count} node${count === 1 ? '' : 's'}`;
    if (window.confirm(`Delete the flow "${flow.label}"${what}?`)) actions.removeFlow(flow.id);
  };
  return (
    <div className="tab-menu">
      <button type="button" ref={menu.trigger} aria-label="Flow options" aria-haspopup="menu" aria-expanded={menu.open}
        onClick={() => (menu.open ? close() : menu.show())}>⋯</button>
      {menu.open && (
        <div role="menu" className="tab-menu-items" aria-label={`Options of ${flow.label}`} ref={menu.list} onKeyDown={menu.onKeyDown}>
          <button type="button" role="menuitem" onClick={run(onRename)}>Rename</button>
          <button type="button" role="menuitem" onClick={run(() => onDescribe(flow))}>Edit info…</button>
          <button type="button" role="menuitem" onClick={run(() => actions.setFlowDisabled(flow.id, !flow.disabled))}>
            {flow.disabled ? 'Enable flow' : 'Disable flow'}
          </button>
          <button type="button" role="menuitem" disabled={index === 0} onClick={run(() => actions.moveFlow(flow.id, index - 1))}>Move left</button>
          <button type="button" role="menuitem" disabled={index === flows.length - 1} onClick={run(() => actions.moveFlow(flow.id, index + 1))}>Move right</button>
          <button type="button" role="menuitem" className="danger" onClick={run(remove)}>Delete flow</button>
        </div>
      )}
    </div>
  );
}
