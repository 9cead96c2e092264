// Starts a real Patchbay server on an ephemeral port with a temporary data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createServer, type PatchbayServer, type ServerOptions } from '../../server/index.ts';
import type { ServerToEditor, EditorToServer } from '../../server/api/contract.ts';
import { silentLog } from './flows.ts';

export interface TestServer {
  server: PatchbayServer;
  url: string;
  mqttUrl?: string;
  dataDir: string;
  /** fetch() against the API with JSON in and out. */
  api(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any }>;
  /** A socket.io client on /editor, closed with the server. */
  /** `beforeConnect` can add listeners for what the server sends right on connect. */
  editorSocket(beforeConnect?: (socket: Socket<ServerToEditor, EditorToServer>) => void): Promise<Socket<ServerToEditor, EditorToServer>>;
  close(): Promise<void>;
}

interface Teardown {
  after(fn: () => Promise<void> | void): void;
}

/**
 * Starts a server and registers its teardown on `t`. Pass `dataDir` to reuse one (restart
 * tests). Login is off (`auth: false`, loopback) unless a test turns it on: the auth tests do.
 */
export async function startServer(t: Teardown, opts: ServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'patchbay-test-')));
  if (!opts.dataDir) t.after(() => rm(dataDir, { recursive: true, force: true }));
  const server = await createServer({ port: 0, mqttPort: 0, host: '127.0.0.1', broker: false, auth: false, log: silentLog, env: {}, ...opts, dataDir });
  const sockets: Socket[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const s of sockets) s.close();
    await server.close();
  };
  t.after(close);
  const { editorUrl: url, mqttUrl } = await server.listen();
  return {
    server, url, mqttUrl, dataDir, close,
    async api(path, init = {}) {
      const res = await fetch(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
      const text = await res.text();
      let body: unknown = text;
      try { body = JSON.parse(text); } catch { /* not JSON: keep the text for the assertion message */ }
      return { status: res.status, headers: res.headers, body };
    },
    async editorSocket(beforeConnect) {
      const socket: Socket<ServerToEditor, EditorToServer> = io(`${url}/editor`, { transports: ['websocket'], reconnection: false, autoConnect: false });
      sockets.push(socket);
      beforeConnect?.(socket);
      socket.connect();
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
  };
}

/** Resolves with the first event of `name` that matches, or rejects after timeoutMs. */
export function nextEvent<K extends keyof ServerToEditor>(
  socket: Socket<ServerToEditor, EditorToServer>, name: K, match: (e: Parameters<ServerToEditor[K]>[0]) => boolean = () => true, timeoutMs = 2000,
): Promise<Parameters<ServerToEditor[K]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.off(name, listener as never); reject(new Error(`No matching "${name}" event within ${timeoutMs} ms`)); }, timeoutMs);
    const listener = (e: Parameters<ServerToEditor[K]>[0]) => {
      if (!match(e)) return;
      clearTimeout(timer);
      socket.off(name, listener as never);
      resolve(e);
    };
    socket.on(name, listener as never);
  });
}
