// The endpoint a websocket in or out node uses: its listener (server) or client config node.
import { NodeConfigError, type NodeContext, Type, type WebSocketEndpoint } from '#node-api';

export const endpointFields = {
  server: Type.String({ default: '', title: 'Listen on', description: 'A websocket-listener config node (server mode)', 'x-config-node': 'websocket-listener' }),
  client: Type.String({ default: '', title: 'Connect to', description: 'A websocket-client config node (client mode)', 'x-config-node': 'websocket-client' }),
};

export interface Chosen {
  endpoint: WebSocketEndpoint;
  wholemsg: boolean;
  mode: 'server' | 'client';
}

/** The endpoint; undefined (with a warning) when none is chosen, as Node-RED deploys such a node idle. */
export function chooseEndpoint(node: NodeContext<{ server: string; client: string }>): Chosen | undefined {
  const { server, client } = node.config;
  const id = server || client;
  if (!id) {
    node.warn('No websocket listener or client chosen: this node does nothing');
    node.status({ fill: 'red', shape: 'ring', text: 'not configured' });
    return undefined;
  }
  const info = node.configNode(id);
  if (!info) throw new NodeConfigError(`Config node "${id}" does not exist`, server ? '/server' : '/client');
  const wholemsg = info.config.wholemsg === true;
  if (server) return { endpoint: node.websocket.listen(String(info.config.path)), wholemsg, mode: 'server' };
  const headers = (info.config.headers ?? {}) as Record<string, string>;
  return { endpoint: node.websocket.connect(String(info.config.path), { subprotocol: String(info.config.subprotocol ?? '') || undefined, headers }), wholemsg, mode: 'client' };
}
