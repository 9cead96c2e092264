import { useCallback, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { ContextMenu } from '../canvas/ContextMenu/index.tsx';
import { FlowCanvas } from '../canvas/FlowCanvas/index.tsx';
import { focusCanvas, focusNode } from '../canvas/focus-canvas.ts';
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
import { ManagePalette } from '../panels/ManagePalette/index.tsx';
import { QuickAdd } from '../panels/QuickAdd/index.tsx';
import { SearchDialog } from '../panels/SearchDialog/index.tsx';
import { Sidebar } from '../panels/Sidebar/index.tsx';
import { Splitter } from '../panels/Splitter/index.tsx';
import { Tabs } from '../panels/Tabs/index.tsx';
import { WireDialog } from '../panels/WireDialog/index.tsx';
import type { DialogName } from './shortcuts.ts';
import { useCanvasMenu } from './use-canvas-menu.ts';
import { useFileDrop } from './use-file-drop.ts';
import { MIN_PANEL, usePanelLayout } from './use-panel-layout.ts';
import { useShortcuts } from './use-shortcuts.ts';
import { useTheme } from './use-theme.ts';
import { useUnsavedGuard } from './use-unsaved-guard.ts';
import './styles.css';

export interface AppProps {
  /** Who is logged in (absent while the server can't be reached). */
  me?: MeResponse;
}

/** The editor's layout: deploy bar, palette, tabs and canvas, sidebar, and the dialogs. */
export function App({ me }: AppProps) {
  const actions = useActions();
  const store = useStore();
  const loaded = useEditorState((s) => s.loaded);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const pointer = useRef<Point | null>(null);
  /** Where "Add node here" from the canvas menu puts the node. */
  const addAt = useRef<Point | null>(null);
  const { screenToFlowPosition } = useReactFlow();
  const { layout, resize, toggle } = usePanelLayout();
  const close = useCallback(() => setDialog(null), []);
  const openDialog = useCallback((name: DialogName, at?: Point) => {
    addAt.current = at ?? null;
    setDialog(name);
  }, []);

  /** Near where a node added without a drop goes: the pointer on the canvas, else the middle of the view. */
  const placeAt = useCallback((): Point => {
    if (pointer.current) return pointer.current;
    const rect = document.querySelector('.flow-canvas')?.getBoundingClientRect();
    if (!rect) return { x: 100, y: 100 };
    return screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
  }, [screenToFlowPosition]);

  const showProperties = useCallback(() => {
    if (layout.sidebarHidden) toggle('sidebar');
    actions.showSidebar('properties');
    // After React shows the panel: from there Tab walks the form's fields.
    requestAnimationFrame(() => document.getElementById('sidebar-panel-properties')?.focus());
  }, [actions, layout.sidebarHidden, toggle]);

  const focusCanvasForRemoval = useCallback(() => {
    const { selectedNodes, selectedEdges } = store.get();
    if (selectedNodes.size > 0 || selectedEdges.size > 0) focusCanvas();
  }, [store]);

  const backToCanvas = useCallback(() => {
    const [id] = store.get().selectedNodes;
    if (id) focusNode(id, 'now');
    else focusCanvas();
  }, [store]);

  const canvasMenu = useCanvasMenu({ store, actions, openDialog, showProperties });
  /** The canvas menu from the keyboard: at the selected node, else in the middle of the canvas. */
  const openContextMenu = useCallback(() => {
    const [id] = store.get().selectedNodes;
    const box = (id && document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.getBoundingClientRect())
      || document.querySelector('.flow-canvas')?.getBoundingClientRect();
    if (!box) return;
    const at = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    canvasMenu.open({ at, flowAt: screenToFlowPosition(at), nodeId: id });
  }, [store, canvasMenu, screenToFlowPosition]);

  useShortcuts({
    actions, openDialog, showProperties, focusCanvasForRemoval, backToCanvas, openContextMenu,
    pointer: () => pointer.current, togglePalette: () => toggle('palette'), toggleSidebar: () => toggle('sidebar'),
  });
  useFileDrop(actions);
  useUnsavedGuard(store);
  const theme = useTheme(store);

  return (
    <div className="app">
      {/* First in the tab order: past the deploy bar and the palette's many entries straight to the nodes. */}
      <a className="skip-link" href="#flow-canvas" onClick={(e) => { e.preventDefault(); focusCanvas(); }}>Skip to canvas</a>
      <DeployBar onImport={() => setDialog('import')} onExport={() => setDialog('export')} onHelp={() => setDialog('help')}
        onSearch={() => setDialog('search')} theme={theme.choice} onTheme={theme.next} account={me && <AccountMenu me={me} />} />
      <Banners />
      <div className="workspace" aria-busy={!loaded}>
        <Palette placeAt={placeAt} width={layout.palette} hidden={layout.paletteHidden}
          onManage={me?.role === 'admin' ? () => setDialog('palette') : undefined} />
        <Splitter label="palette" width={layout.palette} measure={() => widthOf('.palette')} min={MIN_PANEL} direction={1} hidden={layout.paletteHidden}
          onResize={(w) => resize('palette', w)} onToggle={() => toggle('palette')} />
        <main className="canvas-column">
          <Tabs />
          <SubflowBar />
          <div className="canvas-area">
            <FlowCanvas pointer={pointer} onContextMenu={canvasMenu.open} />
            <DeployErrors />
          </div>
        </main>
        <Splitter label="sidebar" width={layout.sidebar} measure={() => widthOf('.sidebar')} min={MIN_PANEL} direction={-1} hidden={layout.sidebarHidden}
          onResize={(w) => resize('sidebar', w)} onToggle={() => toggle('sidebar')} />
        <Sidebar width={layout.sidebar} hidden={layout.sidebarHidden} />
      </div>
      {dialog === 'import' && <ImportDialog onClose={close} />}
      {dialog === 'export' && <ExportDialog onClose={close} />}
      {dialog === 'help' && <HelpDialog onClose={close} />}
      {dialog === 'palette' && <ManagePalette onClose={close} />}
      {dialog === 'quick-add' && <QuickAdd at={addAt.current ?? placeAt()} onClose={close} onAdded={focusNode} />}
      {dialog === 'wire' && <WireDialog onClose={close} />}
      {dialog === 'search' && <SearchDialog onClose={close} onFound={focusNode} />}
      {canvasMenu.request && (
        <ContextMenu at={canvasMenu.request.at} label="Canvas menu" items={canvasMenu.items(canvasMenu.request)} onClose={canvasMenu.close} />
      )}
      <ConflictDialog />
      <Notices />
    </div>
  );
}

/** The on-screen width of the element `selector` names. */
function widthOf(selector: string): number {
  return document.querySelector(selector)?.getBoundingClientRect().width ?? 0;
}
