import type { SidebarTab } from '../../store/editor-state.ts';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import { BrokerView } from '../BrokerView/index.tsx';
import { ConfigNodes } from '../ConfigNodes/index.tsx';
import { DebugSidebar } from '../DebugSidebar/index.tsx';
import { DevicesPanel } from '../Devices/index.tsx';
import { PropertyPanel } from '../PropertyPanel/index.tsx';
import './styles.css';

const TABS: ReadonlyArray<{ id: SidebarTab; label: string }> = [
  { id: 'properties', label: 'Properties' },
  { id: 'debug', label: 'Debug' },
  { id: 'broker', label: 'Broker' },
  { id: 'devices', label: 'Devices' },
  { id: 'config', label: 'Config' },
];

/** The right-hand sidebar: the selected node's properties, the debug messages, the broker, the devices, the config nodes. */
export function Sidebar({ width, hidden }: { width: number | undefined; hidden: boolean }) {
  const active = useEditorState((s) => s.sidebar);
  const unread = useEditorState((s) => s.debugUnseen);
  const actions = useActions();
  return (
    <aside className="sidebar" aria-label="Sidebar" style={{ width }} hidden={hidden}>
      <div role="tablist" className="sidebar-tabs">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`sidebar-tab-${t.id}`} aria-selected={active === t.id}
            aria-controls={`sidebar-panel-${t.id}`} onClick={() => actions.showSidebar(t.id)}>
            {t.label}{t.id === 'debug' && unread > 0 && <span className="sidebar-count" title={`${unread} new since the Debug tab was last shown`}>{unread}</span>}
          </button>
        ))}
      </div>
      {/* Panels stay mounted so the debug list keeps its scroll position and the broker its subscription. */}
      {TABS.map((t) => (
        <div key={t.id} role="tabpanel" id={`sidebar-panel-${t.id}`} aria-labelledby={`sidebar-tab-${t.id}`}
          className="sidebar-panel" hidden={active !== t.id} tabIndex={-1}>
          {t.id === 'properties' && <PropertyPanel />}
          {t.id === 'debug' && <DebugSidebar />}
          {t.id === 'broker' && <BrokerView active={active === 'broker'} />}
          {t.id === 'devices' && <DevicesPanel active={active === 'devices'} />}
          {/* Counting users walks every node's config: only while the list is on screen. */}
          {t.id === 'config' && active === 'config' && <ConfigNodes />}
        </div>
      ))}
    </aside>
  );
}
