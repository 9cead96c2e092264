// `node.websocket`: WebSocket endpoints for nodes on the server's own port (Node-RED's
// websocket-listener) and client connections out (websocket-client). Nodes using the same
// path or URL share one endpoint, released when the last of them stops.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { NodeConfigError, type NodeContext, type WebSocketCapability, type WebSocketEndpoint, type WebSocketPeer } from '../node-api/index.ts';

/** Served by the server itself. */
const RESERVED = ['/api', '/socket.io', '/mqtt'];
const RECONNECT_MS = 3000;

type Owner = Pick<NodeContext, 'signal'>;

/** One shared endpoint: its connections and the listeners of the nodes using it. */
class Endpoint {
  readonly connections = new Map<string, { peer: WebSocketPeer; socket: WebSocket }>();
  readonly messageListeners = new Set<(peer: WebSocketPeer, data: string | Buffer) => void>();
  readonly connectionListeners = new Set<(peer: WebSocketPeer, open: boolean) => void>();
  users = 0;

  /** The endpoint as one node sees it: its listeners go when that node stops. */
  for(node: Owner): WebSocketEndpoint {
    const add = <T>(set: Set<T>, listener: T) => {
      set.add(listener);
      node.signal.addEventListener('abort', () => set.delete(listener), { once: true });
    };
    return {
      peers: () => [...this.connections.values()].map((c) => c.peer),
      onMessage: (listener) => add(this.messageListeners, listener),
      onConnection: (listener) => add(this.connectionListeners, listener),
    };
  }

  adopt(socket: WebSocket): void {
    const peer: WebSocketPeer = { id: randomUUID(), send: (data) => socket.send(data), close: () => socket.close() };
    this.connections.set(peer.id, { peer, socket });
    for (const l of this.connectionListeners) l(peer, true);
    // Text frames arrive as strings, binary frames as Buffers (Node-RED's websocket nodes).
    socket.on('message', (data, isBinary) => {
      const value = isBinary ? Buffer.concat([data].flat() as Buffer[]) : String(data);
      for (const l of this.messageListeners) l(peer, value);
    });
    socket.on('close', () => {
      this.connections.delete(peer.id);
      for (const l of this.connectionListeners) l(peer, false);
    });
    socket.on('error', () => undefined); // a failed connection closes; 'close' reports it
  }
}

export class NodeWebSockets {
  private readonly servers = new Map<string, { endpoint: Endpoint; wss: WebSocketServer }>();
  private readonly clients = new Map<string, { endpoint: Endpoint; stop: () => void }>();

  /** Takes the upgrades for the paths nodes listen on; every other upgrade is left alone. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const entry = this.servers.get(path);
      if (!entry) return;
      entry.wss.handleUpgrade(req, socket, head, (ws) => entry.endpoint.adopt(ws));
    });
  }

  capability(node: Owner): WebSocketCapability {
    return {
      listen: (path) => this.listen(node, path),
      connect: (url, options) => this.connect(node, url, options),
    };
  }

  close(): void {
    for (const { wss, endpoint } of this.servers.values()) {
      for (const c of endpoint.connections.values()) c.socket.terminate();
      wss.close();
    }
    for (const { stop } of this.clients.values()) stop();
    this.servers.clear();
    this.clients.clear();
  }

  private listen(node: Owner, path: string): WebSocketEndpoint {
    const normal = path.startsWith('/') ? path : `/${path}`;
    if (RESERVED.some((r) => normal === r || normal.startsWith(`${r}/`))) throw new NodeConfigError(`${normal} is served by Patchbay itself`, '/path');
    let entry = this.servers.get(normal);
    if (!entry) {
      entry = { endpoint: new Endpoint(), wss: new WebSocketServer({ noServer: true }) };
      this.servers.set(normal, entry);
    }
    const { endpoint, wss } = entry;
    endpoint.users++;
    node.signal.addEventListener('abort', () => {
      if (--endpoint.users > 0) return;
      this.servers.delete(normal);
      for (const c of endpoint.connections.values()) c.socket.terminate();
      wss.close();
    }, { once: true });
    return endpoint.for(node);
  }

  private connect(node: Owner, url: string, options: { subprotocol?: string; headers?: Record<string, string> } = {}): WebSocketEndpoint {
    if (!/^wss?:\/\//.test(url)) throw new NodeConfigError(`"${url}" is not a ws:// or wss:// URL`, '/path');
    const key = JSON.stringify([url, options]);
    let entry = this.clients.get(key);
    if (!entry) {
      const endpoint = new Endpoint();
      let timer: NodeJS.Timeout | undefined;
      let socket: WebSocket | undefined;
      let stopped = false;
      const open = () => {
        socket = new WebSocket(url, options.subprotocol ? [options.subprotocol] : [], { headers: options.headers });
        endpoint.adopt(socket);
        socket.on('close', () => { if (!stopped) timer = setTimeout(open, RECONNECT_MS); });
      };
      open();
      entry = { endpoint, stop: () => { stopped = true; clearTimeout(timer); socket?.terminate(); } };
      this.clients.set(key, entry);
    }
    const { endpoint, stop } = entry;
    endpoint.users++;
    node.signal.addEventListener('abort', () => {
      if (--endpoint.users > 0) return;
      this.clients.delete(key);
      stop();
    }, { once: true });
    return endpoint.for(node);
  }
}
