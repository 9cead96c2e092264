// The live connection to the server: socket.io namespace /editor, typed by the contract.
import { io, type Socket } from 'socket.io-client';
import type { EditorToServer, ServerToEditor } from '../../../server/api/contract.ts';

export type EditorSocket = Socket<ServerToEditor, EditorToServer>;

/**
 * Connects to `/editor` on the page's origin. socket.io reconnects by itself; listen to
 * `connect` / `disconnect` to show the connection state.
 */
export function connectEditorSocket(base = ''): EditorSocket {
  return io(`${base}/editor`, { path: '/socket.io', transports: ['websocket', 'polling'] });
}
