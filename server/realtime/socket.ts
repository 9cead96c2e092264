// socket.io namespace /editor: forwards runtime events to every connected editor, behind the
// same auth policy as the REST API.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { EditorToServer, ServerToEditor } from '../api/contract.ts';
import { fail } from '../errors.ts';
import type { AuthPolicy } from '../http/auth.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { serveTopicFeed, type TopicSource } from './topic-feed.ts';
import { RateLimit } from './rate-limit.ts';

/** More debug messages than this per second are counted, not sent: a browser can't show them anyway. */
const DEBUG_PER_SECOND = 500;

export type EditorNamespace = ReturnType<Server<EditorToServer, ServerToEditor>['of']>;

export function attachRealtime(http: HttpServer, runtime: Runtime, auth: AuthPolicy, topics: () => TopicSource | undefined): { io: Server<EditorToServer, ServerToEditor>; editor: EditorNamespace; stop(): void } {
  const io = new Server<EditorToServer, ServerToEditor>(http, { serveClient: false, maxHttpBufferSize: 1e6 });
  const editor = io.of('/editor');
  editor.use((socket, next) => {
    auth(socket.request).then(
      (principal) => next(principal ? undefined : fail('AUTH_REQUIRED')),
      (err: Error) => next(err),
    );
  });
  editor.on('connection', (socket) => {
    // A newly opened editor shows the badges nodes already have.
    for (const status of runtime.currentStatuses()) socket.emit('status', status);
    serveTopicFeed(socket, topics());
  });
  const debugLimit = new RateLimit(DEBUG_PER_SECOND);
  runtime.events.on('debug', (e) => {
    if (debugLimit.take()) editor.emit('debug', e);
  });
  debugLimit.onDropped((dropped) => editor.emit('log', { level: 'warn', message: `${dropped} debug messages not shown (over ${DEBUG_PER_SECOND} per second)`, time: Date.now() }));
  runtime.events.on('status', (e) => editor.emit('status', e));
  runtime.events.on('log', (e) => editor.emit('log', e));
  runtime.events.on('deployed', (e) => editor.emit('deployed', e));
  return { io, editor, stop: () => debugLimit.stop() };
}
