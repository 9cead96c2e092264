// MQTT over WebSocket on an existing HTTP server (MQTT 3.1.1 section 6), at one path,
// leaving every other upgrade (socket.io's) to its own handler.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { BrokerLog } from '../options.ts';
import type { Connections } from './connections.ts';

// [MQTT-6.0.0-4] the server selects one of the MQTT subprotocols the client offers
// ('mqttv3.1' is what MQTT 3.1 clients, e.g. older mqtt.js, ask for)
const SUBPROTOCOLS = ['mqtt', 'mqttv3.1'];

/**
 * Serves MQTT over WebSocket on `server` at `path`; returns a function that detaches
 * it again (connections already open stay with the broker).
 */
export function attachWebSocket(opts: {
  server: Server;
  path: string;
  connections: Connections;
  log: BrokerLog;
  handle: (stream: Duplex, req: IncomingMessage) => void;
}): () => void {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => SUBPROTOCOLS.find((p) => offered.has(p)) ?? false,
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(req) !== opts.path) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      opts.connections.accept(req.socket);
      ws.on('message', (_data, isBinary) => {
        // [MQTT-6.0.0-1] MQTT travels in binary frames; a text frame closes the connection
        if (!isBinary) ws.terminate();
      });
      const stream = createWebSocketStream(ws);
      stream.on('error', (err) => opts.log.info({ err: err.message }, 'mqtt websocket error'));
      opts.handle(stream, req);
    });
  };

  opts.server.on('upgrade', onUpgrade);
  return () => {
    opts.server.off('upgrade', onUpgrade);
    wss.close();
  };
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://localhost').pathname;
}
