// http-in: serves an HTTP endpoint on Patchbay's own port and sends one message per request
// (Node-RED's "http in"). An http-response node answers it through msg.res.
import { defineNode, type HttpReply, type HttpRequestInfo, type Message, NodeConfigError, Type } from '#node-api';

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

export default defineNode({
  type: 'http-in',
  version: 1,
  category: 'network',
  label: 'http in',
  color: '#e7e7ae',
  icon: 'http',
  inputs: 0,
  outputs: 1,
  config: Type.Object({
    method: Type.Union(METHODS.map((m) => Type.Literal(m)), { default: 'get', title: 'Method' }),
    url: Type.String({
      default: '', title: 'URL',
      description: 'Path on this server, e.g. /lamp/:room (:room captures one segment into msg.req.params.room; /files/*rest captures the rest)',
    }),
    timeout: Type.Number({
      default: 120, exclusiveMinimum: 0, maximum: 86_400, title: 'Timeout (s)',
      description: 'A request that no http response node answers within this time gets a 504',
    }),
  }),
  create(node) {
    const { method, timeout } = node.config;
    const url = node.config.url.trim();
    if (!url) {
      // Node-RED deploys such a node and only warns; it serves nothing.
      node.warn('No URL set: this node serves nothing');
      node.status({ fill: 'red', shape: 'ring', text: 'no URL' });
      return;
    }
    const path = url.startsWith('/') ? url : `/${url}`;
    const payloadIsQuery = method === 'get';
    try {
      node.http.route(method, path, (req, reply) => node.send(messageOf(node.newMessageId(), req, reply, payloadIsQuery)), { timeoutMs: timeout * 1000 });
    } catch (err) {
      if (err instanceof NodeConfigError) throw new NodeConfigError(err.message, '/url');
      throw err;
    }
  },
});

/** GET requests carry their query as the payload, the others their body (Node-RED). */
function messageOf(id: string, req: HttpRequestInfo, reply: HttpReply, payloadIsQuery: boolean): Message {
  return { _msgid: id, payload: payloadIsQuery ? req.query : req.body, req, res: reply };
}
