// http-request: sends an HTTP request for each message and sends the response on
// (Node-RED's "http request").
import { defineNode, NodeRuntimeError, Type, type Message } from '#node-api';
import { checkConfigHeaders } from './headers.ts';
import { buildRequest, checkConfigUrl, type RequestSettings } from './request.ts';
import { applyResponse } from './response.ts';
import { exchange, type ReceivedResponse } from './transport.ts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'use'] as const;

export default defineNode({
  type: 'http-request',
  version: 1,
  category: 'network',
  label: 'http request',
  color: '#e7e7ae',
  icon: 'http',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    method: Type.Union(METHODS.map((m) => Type.Literal(m)), { default: 'GET', title: 'Method', description: 'use: msg.method (GET when absent)' }),
    url: Type.String({
      default: '', title: 'URL',
      description: 'Empty = msg.url. May use mustache tags from the message: http://host/{{{topic}}} (triple braces: no HTML escaping)',
    }),
    paytoqs: Type.Union([Type.Literal('ignore'), Type.Literal('query'), Type.Literal('body')], {
      default: 'ignore', title: 'Payload of a GET', description: 'ignore; query: append msg.payload (an object) as query parameters; body: send it as the request body',
    }),
    ret: Type.Union([Type.Literal('txt'), Type.Literal('bin'), Type.Literal('obj')], {
      default: 'txt', title: 'Return', description: 'txt: a UTF-8 string; bin: a Buffer; obj: parsed JSON',
    }),
    headers: Type.Record(Type.String(), Type.String(), { default: {}, title: 'Headers', description: 'Sent with every request; they replace msg.headers of the same name' }),
    timeout: Type.Number({ default: 120, exclusiveMinimum: 0, maximum: 86_400, title: 'Timeout (s)', description: 'msg.requestTimeout (ms) overrides it' }),
    authType: Type.Union([Type.Literal(''), Type.Literal('basic'), Type.Literal('bearer')], {
      default: '', title: 'Authentication', description: 'basic: user and password; bearer: the token',
    }),
    senderr: Type.Boolean({ default: false, title: 'Only send non-2xx responses to Catch node', description: 'On: non-2xx responses and failures go only to catch nodes; off: everything is sent on' }),
  }),
  credentials: Type.Object({
    user: Type.String({ default: '', title: 'User' }),
    password: Type.String({ default: '', format: 'password', title: 'Password' }),
    token: Type.String({ default: '', format: 'password', title: 'Bearer token' }),
  }),
  create(node) {
    const { config } = node;
    checkConfigUrl(config.url);
    checkConfigHeaders(config.headers);
    const warned = new Set<string>();
    const settings: RequestSettings = {
      ...config,
      credentials: node.credentials,
      warnOverride(what) {
        if (warned.has(what)) return;
        warned.add(what);
        node.warn(`msg.${what} is ignored: the node sets the ${what}`);
      },
    };

    return {
      async input(msg, send) {
        const request = buildRequest(msg, settings);
        node.status({ fill: 'blue', shape: 'dot', text: 'requesting' });
        let response: ReceivedResponse;
        try {
          response = await exchange(request, node.signal, requestTimeout(msg, config.timeout * 1000));
        } catch (err) {
          if (node.signal.aborted) return; // stopped: nobody is waiting for this message any more
          const failure = err instanceof NodeRuntimeError ? err : new NodeRuntimeError(String(err), 'HTTP_REQUEST_FAILED');
          node.status({ fill: 'red', shape: 'ring', text: failure.code });
          // Node-RED's behaviour unless "only to catch": the failure also goes on as a message.
          if (!config.senderr) send({ ...msg, payload: `${failure.message} : ${request.url.href}`, statusCode: failure.code });
          throw failure;
        }
        const warning = applyResponse(msg, response, config.ret);
        if (warning) node.warn(warning);
        const ok = response.status >= 200 && response.status < 300;
        node.status(ok ? {} : { fill: 'red', shape: 'ring', text: String(response.status) });
        if (!ok && config.senderr) throw new NodeRuntimeError(`${request.method} ${request.url.href} answered ${response.status}`, 'HTTP_REQUEST_STATUS');
        send(msg);
      },
    };
  },
});

/** msg.requestTimeout (ms) when it is a positive number. */
function requestTimeout(msg: Message, fallbackMs: number): number {
  const asked = Number(msg.requestTimeout);
  return msg.requestTimeout !== undefined && Number.isFinite(asked) && asked > 0 ? Math.min(asked, 86_400_000) : fallbackMs;
}
