// websocket out: sends msg.payload (or the whole message) to the connections of a listener,
// only to the one msg._session names when there is one, or over a client connection
// (Node-RED's websocket out).
import { defineNode, Type } from '#node-api';
import { chooseEndpoint, endpointFields } from '../websocket-in/endpoint.ts';

export default defineNode({
  type: 'websocket-out',
  version: 1,
  category: 'network',
  label: 'websocket out',
  color: '#c0c0c0',
  icon: 'websocket',
  inputs: 1,
  outputs: 0,
  config: Type.Object(endpointFields),
  create(node) {
    const chosen = chooseEndpoint(node);
    if (!chosen) return {};
    const { endpoint, wholemsg, mode } = chosen;
    return {
      input(msg) {
        const { _session: session, ...rest } = msg;
        let data: string | Buffer;
        if (wholemsg) data = JSON.stringify(rest);
        else if (Buffer.isBuffer(msg.payload)) data = msg.payload;
        else data = typeof msg.payload === 'object' ? JSON.stringify(msg.payload) : String(msg.payload);
        const target = mode === 'server' && session && typeof session === 'object' && (session as { type?: unknown }).type === 'websocket'
          ? (session as { id?: unknown }).id : undefined;
        for (const peer of endpoint.peers()) if (target === undefined || peer.id === target) peer.send(data);
      },
    };
  },
});
