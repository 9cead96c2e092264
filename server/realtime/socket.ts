// socket.io namespace /editor: forwards runtime events to every connected editor. Behind the
// same checks as the REST API: the browser guard (Host, Origin) on every request of the
// handshake, and a valid credential (the session cookie, or `auth: { token }`) to connect;
// a socket whose credential stops being valid (logout, token revoked, user removed) is
// disconnected at once.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { EditorToServer, ServerToEditor } from '../api/contract.ts';
import { allows, type Access, type Authenticator, type Principal } from '../auth/authenticator.ts';
import { fail } from '../errors.ts';
import { DropCounter } from '../node-api/drop-counter.ts';
import { credentialOf } from '../http/auth.ts';
import { browserProblem, type BrowserGuardOptions } from '../http/browser-guard.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { serveTopicFeed, type TopicSource } from './topic-feed.ts';
import { RateLimit } from './rate-limit.ts';
import { EditorOutbox } from './editor-outbox.ts';
import type { Logger } from '../log.ts';

/** More debug messages than this per second are counted, not sent: a browser can't show them anyway. */
const DEBUG_PER_SECOND = 500;

export type EditorNamespace = ReturnType<Server<EditorToServer, ServerToEditor>['of']>;

export interface RealtimeDeps {
  runtime: Runtime;
  auth: Authenticator;
  browser: BrowserGuardOptions;
  topics: () => TopicSource | undefined;
  log: Logger;
}

/**
 * What each event from an editor needs, beyond the viewer login every socket has. Typed over
 * the contract's event map: an event added there without an entry here does not compile.
 */
const EVENT_ACCESS: Record<keyof EditorToServer, Access> = {
  'broker:watch': 'viewer',
  'broker:unwatch': 'viewer',
};

/** What a socket's handshake proved, kept for the re-checks. */
interface SocketData {
  principal: Principal;
}

export function attachRealtime(http: HttpServer, { runtime, auth, browser, topics, log }: RealtimeDeps): { io: Server<EditorToServer, ServerToEditor>; editor: EditorNamespace; stop(): void } {
  const io = new Server<EditorToServer, ServerToEditor, Record<string, never>, SocketData>(http, {
    serveClient: false,
    maxHttpBufferSize: 1e6,
    // Every request of the handshake and the upgrade: a page of another site is refused here.
    allowRequest: (req, callback) => callback(null, browserProblem(req, browser) === undefined),
  });
  const editor = io.of('/editor');
  const outbox = new EditorOutbox(editor, log);
  editor.use((socket, next) => {
    const given: unknown = socket.handshake.auth.token;
    const principal = auth.principalFor(typeof given === 'string' ? given : credentialOf(socket.request));
    if (!principal) return next(fail('AUTH_REQUIRED'));
    socket.data.principal = principal;
    next();
  });
  editor.on('connection', (socket) => {
    socket.use(([event], next) => {
      const access: Access | undefined = Object.hasOwn(EVENT_ACCESS, event) ? EVENT_ACCESS[event as keyof EditorToServer] : undefined;
      const { role } = socket.data.principal;
      if (access !== undefined && !allows(role, access)) return next(fail('AUTH_FORBIDDEN', role, access));
      next(); // unknown events find no handler and are ignored
    });
    outbox.track(socket);
    // A newly opened editor shows the badges nodes already have.
    for (const status of runtime.currentStatuses()) socket.emit('status', status);
    serveTopicFeed(socket, topics(), socket.data.principal.role, outbox);
  });
  const recheck = () => {
    for (const socket of editor.sockets.values()) {
      if (!auth.principalFor(socket.data.principal.credential)) socket.disconnect(true);
    }
  };
  auth.events.on('changed', recheck);
  const debugLimit = new RateLimit(DEBUG_PER_SECOND);
  const overLimit = new DropCounter(({ dropped, total }) => log.warn({ dropped, total }, `debug messages not sent to editors: over ${DEBUG_PER_SECOND} per second`));
  runtime.events.on('debug', (e) => {
    if (debugLimit.take()) outbox.broadcast('debug', e);
  });
  debugLimit.onDropped((dropped) => {
    overLimit.add(dropped);
    outbox.broadcast('log', { level: 'warn', message: `${dropped} debug messages not shown (over ${DEBUG_PER_SECOND} per second)`, time: Date.now() });
  });
  runtime.events.on('status', (e) => outbox.broadcastState(e.node, 'status', e));
  runtime.events.on('log', (e) => outbox.broadcast('log', e));
  runtime.events.on('deployed', (e) => outbox.broadcastState('', 'deployed', e));
  return {
    io, editor,
    stop: () => {
      debugLimit.stop();
      overLimit.stop();
      auth.events.off('changed', recheck);
    },
  };
}
