// websocket in: a message for each WebSocket message received on a listener's path or a
// client connection, with msg._session naming the connection (Node-RED's websocket in).
import { defineNode, type Message, Type } from '#node-api';
import { chooseEndpoint, endpointFields } from './endpoint.ts';

export default defineNode({
  type: 'websocket-in',
  version: 1,
  category: 'network',
  label: 'websocket in',
  color: '#c0c0c0',
  icon: 'websocket',
  inputs: 0,
  outputs: 1,
  config: Type.Object(endpointFields),
  create(node) {
    const chosen = chooseEndpoint(node);
    if (!chosen) return;
    const { endpoint, wholemsg } = chosen;
    const count = () => node.status({ fill: 'green', shape: 'dot', text: `${endpoint.peers().length} connected` });
    endpoint.onConnection(() => count());
    endpoint.onMessage((peer, data) => {
      const session = { type: 'websocket', id: peer.id };
      node.send({ ...(wholemsg ? messageOf(data) : { payload: data }), _msgid: node.newMessageId(), _session: session });
    });
  },
});

/** Whole-message mode: the JSON of a message; text that is not JSON becomes the payload (Node-RED). */
function messageOf(data: string | Buffer): Partial<Message> {
  try {
    const parsed: unknown = JSON.parse(String(data));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Partial<Message>;
  } catch {
    // not JSON: sent as the payload, as Node-RED does
  }
  return { payload: data };
}
