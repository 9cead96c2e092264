// The live feed from the runtime: status badges, debug messages, deploy notices and the
// connection state, from socket.io into the store.
import type { DebugEvent, LogEvent, StatusEvent } from '../../../server/api/contract.ts';
import type { EditorSocket } from '../api/socket.ts';
import type { DebugEntry, EditorState } from './editor-state.ts';
import type { Notices } from './notices.ts';
import type { ServerActions } from './server-actions.ts';
import type { Store } from './store.ts';

/** The sidebar keeps the newest messages only: a chatty flow must not eat the browser's memory. */
const DEBUG_LIMIT = 1000;

/** Wires `socket` events into `store`; returns a function that detaches them. */
export function connectLive(store: Store<EditorState>, socket: EditorSocket, server: Pick<ServerActions, 'serverRevChanged' | 'reloadCatalogue'> & Pick<Notices, 'dismissCause'>): () => void {
  let seq = 0;
  let wasConnected = false;

  const onConnect = () => {
    // The server sends every current status on connect; badges from before the cut-off may be stale.
    store.update({ connection: 'connected', statuses: new Map() });
    // "Cannot reach the server" is no longer true.
    server.dismissCause('server');
    // Someone may have deployed while we were cut off; the first connect needs no check.
    if (wasConnected) void server.serverRevChanged();
    wasConnected = true;
  };
  const onDisconnect = () => store.update({ connection: 'disconnected' });
  const onStatus = ({ node, ...status }: StatusEvent) => {
    store.update((s) => {
      const statuses = new Map(s.statuses);
      if (status.fill || status.shape || status.text) statuses.set(node, status);
      else statuses.delete(node);
      return { statuses };
    });
  };
  const push = (entry: Omit<DebugEntry, 'seq'>) => {
    const next: DebugEntry = { ...entry, seq: ++seq };
    store.update((s) => ({
      debug: s.debug.length >= DEBUG_LIMIT ? [...s.debug.slice(1 - DEBUG_LIMIT), next] : [...s.debug, next],
      debugUnseen: s.sidebar === 'debug' ? 0 : Math.min(s.debugUnseen + 1, DEBUG_LIMIT),
    }));
  };
  const onDebug = (e: DebugEvent) => push(e);
  const onLog = (e: LogEvent) => {
    const node = e.node ? store.get().doc.nodes.get(e.node) : undefined;
    push({ node: e.node ?? '', flow: node?.flow ?? '', name: node?.name ?? node?.type ?? '', time: e.time, property: '', value: e.message, level: e.level });
  };
  const onDeployed = ({ rev }: { rev: string }) => void server.serverRevChanged(rev);
  // A package was installed or removed: the palette follows without a reload.
  const onNodesChanged = () => void server.reloadCatalogue();

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onDisconnect);
  socket.on('status', onStatus);
  socket.on('debug', onDebug);
  socket.on('log', onLog);
  socket.on('deployed', onDeployed);
  socket.on('nodes:changed', onNodesChanged);
  return () => {
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onDisconnect);
    socket.off('status', onStatus);
    socket.off('debug', onDebug);
    socket.off('log', onLog);
    socket.off('deployed', onDeployed);
    socket.off('nodes:changed', onNodesChanged);
  };
}
