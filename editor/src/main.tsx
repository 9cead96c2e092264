// The editor's entry point: one store, its actions, the live feed, and the React tree.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './elements/index.ts';
import { createBrokerFeed } from './api/broker.ts';
import { createDeviceFeed } from './api/devices.ts';
import { createRestClient } from './api/rest.ts';
import { connectEditorSocket } from './api/socket.ts';
import { App } from './App/index.tsx';
import { createActions } from './store/actions.ts';
import { initialState } from './store/editor-state.ts';
import { connectLive } from './store/live.ts';
import { createStore } from './store/store.ts';
import { EditorContext } from './store/use-editor.ts';

const store = createStore(initialState);
const actions = createActions(store, createRestClient());
const socket = connectEditorSocket();
const broker = createBrokerFeed(socket);
const devices = createDeviceFeed(socket);
connectLive(store, socket, actions);
void actions.load();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EditorContext.Provider value={{ store, actions, broker, devices }}>
      <ReactFlowProvider>
        <App />
      </ReactFlowProvider>
    </EditorContext.Provider>
  </StrictMode>,
);
