// websocket-client: a connection out to a WebSocket server, shared by the websocket in and
// out nodes that name it; it reconnects when lost (Node-RED's websocket-client config node).
import { defineNode, NodeConfigError, Type } from '#node-api';

export default defineNode({
  type: 'websocket-client',
  version: 1,
  category: 'config',
  label: 'websocket client',
  color: '#c0c0c0',
  inputs: 0,
  outputs: 0,
  config: Type.Object({
    path: Type.String({ default: 'ws://localhost:1880/ws', title: 'URL', description: 'ws:// or wss://' }),
    wholemsg: Type.Boolean({ default: false, title: 'Send and receive whole messages', description: 'Off: msg.payload only; on: the whole message as JSON' }),
    subprotocol: Type.String({ default: '', title: 'Subprotocol' }),
    headers: Type.Record(Type.String(), Type.String(), { default: {}, title: 'Headers', description: 'Sent with the connection request' }),
  }),
  create(node) {
    if (!/^wss?:\/\//.test(node.config.path)) throw new NodeConfigError('The URL starts with ws:// or wss://', '/path');
  },
});
