// websocket-listener: a WebSocket endpoint at a path on Patchbay's own port, shared by the
// websocket in and out nodes that name it (Node-RED's websocket-listener config node).
import { defineNode, NodeConfigError, Type } from '#node-api';

export default defineNode({
  type: 'websocket-listener',
  version: 1,
  category: 'config',
  label: 'websocket listener',
  color: '#c0c0c0',
  inputs: 0,
  outputs: 0,
  config: Type.Object({
    path: Type.String({ default: '/ws', title: 'Path', description: 'Where clients connect: ws://<editor host>:<port><path>' }),
    wholemsg: Type.Boolean({ default: false, title: 'Send and receive whole messages', description: 'Off: msg.payload only; on: the whole message as JSON' }),
  }),
  create(node) {
    if (!node.config.path.startsWith('/')) throw new NodeConfigError('The path starts with /', '/path');
  },
});
