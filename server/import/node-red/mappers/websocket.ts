// WebSocket: the listener and client config nodes, websocket in and websocket out.
import type { NodeMapping } from '../mapper.ts';
import { flag, isRecord, text } from '../values.ts';

const listener: NodeMapping = {
  nodeRed: 'websocket-listener',
  patchbay: 'websocket-listener',
  toPatchbay(nr, ctx) {
    ctx.note('it listens on Patchbay\'s own port (the editor\'s), as Node-RED does on its own');
    return { config: { path: text(nr.path, '/ws'), wholemsg: flag(nr.wholemsg) } };
  },
  toNodeRed: ({ config }) => ({ path: config.path, wholemsg: String(config.wholemsg === true) }),
};

const client: NodeMapping = {
  nodeRed: 'websocket-client',
  patchbay: 'websocket-client',
  toPatchbay(nr, ctx) {
    if (text(nr.tls)) ctx.note('the TLS configuration is not used: the system CAs verify the server');
    if (text(nr.hb) && text(nr.hb) !== '0') ctx.note('no heartbeat pings are sent');
    const headers = Array.isArray(nr.headers)
      ? Object.fromEntries(nr.headers.filter(isRecord).map((h) => [text(h.keyType === 'other' ? h.keyValue : h.keyType), text(h.valueType === 'other' ? h.valueValue : h.valueType)]))
      : {};
    return { config: { path: text(nr.path), wholemsg: flag(nr.wholemsg), subprotocol: text(nr.subprotocol), headers } };
  },
  toNodeRed: ({ config }) => ({ path: config.path, wholemsg: String(config.wholemsg === true), subprotocol: config.subprotocol, tls: '', hb: '0', headers: [] }),
};

const websocketIn: NodeMapping = {
  nodeRed: 'websocket in',
  patchbay: 'websocket-in',
  toPatchbay: (nr) => ({ config: { server: text(nr.server), client: text(nr.client) } }),
  toNodeRed: ({ config }) => ({ server: config.server, client: config.client }),
};

const websocketOut: NodeMapping = {
  nodeRed: 'websocket out',
  patchbay: 'websocket-out',
  toPatchbay: (nr) => ({ config: { server: text(nr.server), client: text(nr.client) } }),
  toNodeRed: ({ config }) => ({ server: config.server, client: config.client }),
};

export const websocketMappings: NodeMapping[] = [listener, client, websocketIn, websocketOut];
