import { useCallback, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { FlowCanvas, snap } from '../canvas/FlowCanvas/index.tsx';
import { focusCanvas } from '../canvas/focus-canvas.ts';
import type { Point } from '../graph/types.ts';
import { useActions, useEditorState, useStore } from '../store/use-editor.ts';
import type { MeResponse } from '../../../server/api/contract.ts';
import { AccountMenu } from '../panels/AccountMenu/index.tsx';
import { Banners } from '../panels/Banners/index.tsx';
import { ConflictDialog } from '../panels/ConflictDialog/index.tsx';
import { DeployBar } from '../panels/DeployBar/index.tsx';
import { DeployErrors } from '../panels/DeployErrors/index.tsx';
import { ExportDialog } from '../panels/ExportDialog/index.tsx';
import { HelpDialog } from '../panels/HelpDialog/index.tsx';
import { SubflowBar } from '../panels/SubflowBar/index.tsx';
import { ImportDialog } from '../panels/ImportDialog/index.tsx';
import { Notices } from '../panels/Notices/index.tsx';
import { Palette } from '../panels/Palette/index.tsx';
import { QuickAdd } from '../panels/QuickAdd/index.tsx';
import { Sidebar } from '../panels/Sidebar/index.tsx';
import { Tabs } from '../panels/Tabs/index.tsx';
import { useFileDrop } from './use-file-drop.ts';
import { useShortcuts } from './use-shortcuts.ts';
import './styles.css';

type DialogName = 'import' | 'export' | 'help' | 'quick-add';

export interface AppProps {
  /** Who is logged in (absent while the server can't be reached). */
  me?: MeResponse;
}

/** The editor's layout: deploy bar, palette, tabs and canvas, sidebar, and the dialogs. */
export function App({ me }: AppProps) {
  const actions = useActions();
  const loaded = useEditorState((s) => s.loaded);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const pointer = useRef<Point | null>(null);
  const { screenToFlowPosition } = useReactFlow();
  const close = useCallback(() => setDialog(null), []);

  /** Where a node added without a drop goes: the pointer on the canvas, else the middle of the view. */
  const placeAt = useCallback((): Point => {
    if (pointer.current) return snap(pointer.current);
    const rect = document.querySelector('.flow-canvas')?.getBoundingClientRect();
    if (!rect) return { x: 100, y: 100 };
    return snap(screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }));
  }, [screenToFlowPosition]);

  const showProperties = useCallback(() => {
    actions.showSidebar('properties');
    // After React shows the panel: from there Tab walks the form's fields.
    requestAnimationFrame(() => document.getElementById('sidebar-panel-properties')?.focus());
  }, [actions]);

  const store = useStore();
  const focusCanvasForRemoval = useCallback(() => {
    const { selectedNodes, selectedEdges } = store.get();
    if (selectedNodes.size > 0 || selectedEdges.size > 0) focusCanvas();
  }, [store]);

  useShortcuts({ actions, openDialog: setDialog, showProperties, focusCanvasForRemoval });
  useFileDrop(actions);

  return (
    <div className="app">
      {/* First in the tab order: past the deploy bar and the palette's many entries straight to the nodes. */}
      <a className="skip-link" href="#flow-canvas" onClick={(e) => { e.preventDefault(); focusCanvas(); }}>Skip to canvas</a>
      <DeployBar onImport={() => setDialog('import')} onExport={() => setDialog('export')} onHelp={() => setDialog('help')}
        account={me && <AccountMenu me={me} />} />
      <Banners />
      <DeployErrors />
      <div className="workspace" aria-busy={!loaded}>
        <Palette placeAt={placeAt} />
        <main className="canvas-column">
          <Tabs />
          <SubflowBar />
          <FlowCanvas pointer={pointer} />
        </main>
        <Sidebar />
      </div>
      {dialog === 'import' && <ImportDialog onClose={close} />}
      {dialog === 'export' && <ExportDialog onClose={close} />}
      {dialog === 'help' && <HelpDialog onClose={close} />}
      {dialog === 'quick-add' && <QuickAdd at={placeAt()} onClose={close} />}
      <ConflictDialog />
      <Notices />
    </div>
  );
}
