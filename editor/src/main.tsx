// The editor's entry point: one store, its actions, the live feed, and the React tree.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './elements/index.ts';
import { createBrokerFeed } from './api/broker.ts';
import { createRestClient } from './api/rest.ts';
import { connectEditorSocket } from './api/socket.ts';
import { App } from './App/index.tsx';
import { createActions } from './store/actions.ts';
import { browserDraftStorage, keepDraft } from './store/draft.ts';
import { syncNodeToggles } from './store/toggle-sync.ts';
import { initialState } from './store/editor-state.ts';
import { connectLive } from './store/live.ts';
import { createStore } from './store/store.ts';
import { loadViewMemory } from './store/view-memory.ts';
import { EditorContext } from './store/use-editor.ts';

// A reload reopens the tab that was open (when it still exists: adopting the flows checks).
const store = createStore({ ...initialState, activeFlow: loadViewMemory().activeFlow ?? '' });
const drafts = browserDraftStorage();
const rest = createRestClient();
const actions = createActions(store, rest, drafts);
keepDraft(store, drafts);
syncNodeToggles(store, rest, actions.notify);
const socket = connectEditorSocket();
const broker = createBrokerFeed(socket);
connectLive(store, socket, actions);
void actions.load();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EditorContext.Provider value={{ store, actions, broker }}>
      <ReactFlowProvider>
        <App />
      </ReactFlowProvider>
    </EditorContext.Provider>
  </StrictMode>,
);
