// The editor's entry point: the login page until someone is logged in; then one store, its
// actions, the live feed, and the React tree.
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './elements/index.ts';
import type { MeResponse } from '../../server/api/contract.ts';
import { currentUser } from './api/auth.ts';
import { createBrokerFeed } from './api/broker.ts';
import { createDeviceFeed } from './api/devices.ts';
import { createPackageFeed } from './api/packages.ts';
import { createRestClient } from './api/rest.ts';
import { connectEditorSocket } from './api/socket.ts';
import { App } from './App/index.tsx';
import { LoginPage } from './panels/LoginPage/index.tsx';
import { createActions } from './store/actions.ts';
import { browserDraftStorage, keepDraft } from './store/draft.ts';
import { initialState } from './store/editor-state.ts';
import { connectLive } from './store/live.ts';
import { createStore } from './store/store.ts';
import { syncNodeToggles } from './store/toggle-sync.ts';
import { EditorContext } from './store/use-editor.ts';
import { loadViewMemory } from './store/view-memory.ts';

function startEditor(root: Root, me: MeResponse | undefined): void {
  // A reload reopens the tab that was open (when it still exists: adopting the flows checks).
  const store = createStore({ ...initialState, activeFlow: loadViewMemory().activeFlow ?? '' });
  const drafts = browserDraftStorage();
  const rest = createRestClient();
  const actions = createActions(store, rest, drafts);
  keepDraft(store, drafts);
  syncNodeToggles(store, rest, actions.notify);
  const socket = connectEditorSocket();
  // A session that ended elsewhere (logged out in another tab, token revoked): back to the login page.
  socket.on('connect_error', (err) => { if (err.message === 'Login required') location.reload(); });
  const broker = createBrokerFeed(socket);
  const devices = createDeviceFeed(socket);
  const packages = createPackageFeed(socket);
  connectLive(store, socket, actions);
  void actions.load();
  root.render(
    <StrictMode>
      <EditorContext.Provider value={{ store, actions, broker, devices, packages }}>
        <ReactFlowProvider>
          <App me={me} />
        </ReactFlowProvider>
      </EditorContext.Provider>
    </StrictMode>,
  );
}

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  // An unreachable server still gets the editor: it shows the connection state and retries.
  const me = await currentUser().catch(() => undefined);
  if (me === null) root.render(<StrictMode><LoginPage onLoggedIn={() => location.reload()} /></StrictMode>);
  else startEditor(root, me);
}

void start();
