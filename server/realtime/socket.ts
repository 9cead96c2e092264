// socket.io namespace /editor: forwards runtime events to every connected editor, behind the
// same auth policy as the REST API.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { EditorToServer, ServerToEditor } from '../api/contract.ts';
import type { AuthPolicy } from '../http/auth.ts';
import type { Runtime } from '../runtime/runtime.ts';

export type EditorNamespace = ReturnType<Server<EditorToServer, ServerToEditor>['of']>;

export function attachRealtime(http: HttpServer, runtime: Runtime, auth: AuthPolicy): { io: Server<EditorToServer, ServerToEditor>; editor: EditorNamespace } {
  const io = new Server<EditorToServer, ServerToEditor>(http, { serveClient: false, maxHttpBufferSize: 1e6 });
  const editor = io.of('/editor');
  editor.use((socket, next) => {
    auth(socket.request).then(
      (principal) => next(principal ? undefined : new Error('Login required')),
      (err: Error) => next(err),
    );
  });
  editor.on('connection', (socket) => {
    // A newly opened editor shows the badges nodes already have.
    for (const status of runtime.currentStatuses()) socket.emit('status', status);
  });
  // Volatile: when a browser can't keep up, debug messages are dropped rather than queued without bound.
  runtime.events.on('debug', (e) => editor.volatile.emit('debug', e));
  runtime.events.on('status', (e) => editor.emit('status', e));
  runtime.events.on('log', (e) => editor.emit('log', e));
  runtime.events.on('deployed', (e) => editor.emit('deployed', e));
  return { io, editor };
}
