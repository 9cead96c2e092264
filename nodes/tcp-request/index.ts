// tcp request: sends msg.payload to a server and sends its reply on, the message's other
// properties kept (Node-RED's tcp request). One connection per host and port at a time.
import { defineNode, type Message, showWhen, type TcpConnection, Type } from '#node-api';
import { portField, unescapeDelimiter } from '../tcp-in/wire.ts';
import { replyReader, replyRule } from './replies.ts';

/** A connection to one server and the message whose reply it waits for. */
interface Exchange {
  lastMsg: Message;
  connection: Promise<TcpConnection>;
}

export default defineNode({
  type: 'tcp-request',
  version: 1,
  category: 'network',
  label: 'tcp request',
  color: '#c0c0c0',
  icon: 'bridge',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    server: Type.String({ default: '', title: 'Server', description: 'Host to connect to; empty: msg.host' }),
    port: portField('0: msg.port'),
    out: Type.Union([Type.Literal('time'), Type.Literal('char'), Type.Literal('count'), Type.Literal('sit'), Type.Literal('immed')], {
      default: 'time', title: 'Close', description: 'time: after the reply has been quiet for a time; char: when a character arrives; count: after a number of bytes; sit: never (each piece as it comes); immed: right after sending, without waiting for a reply',
    }),
    splitc: Type.String({ default: '0', title: 'Close after', description: 'time: milliseconds after the reply starts; char: the character (\\n, or a code such as 0x0A); count: the number of bytes', ...showWhen({ out: ['time', 'char', 'count'] }) }),
    ret: Type.Union([Type.Literal('buffer'), Type.Literal('string')], { default: 'buffer', title: 'Return', description: 'The reply as a Buffer or a string' }),
    newline: Type.String({ default: '', title: 'Delimited by', description: 'Never closing, as strings: split at this delimiter', ...showWhen({ out: ['sit'], ret: ['string'] }) }),
    trim: Type.Boolean({ default: false, title: 'Re-attach delimiter', ...showWhen({ out: ['sit'], ret: ['string'] }) }),
  }),
  create(node) {
    const { config } = node;
    const rule = replyRule(config.out, config.splitc);
    const text = { ret: config.ret, newline: unescapeDelimiter(config.newline), trim: config.trim };
    const exchanges = new Map<string, Exchange>();

    const open = (host: string, port: number, msg: Message): Exchange => {
      const key = `${host}:${port}`;
      const forget = () => { if (exchanges.get(key) === exchange) exchanges.delete(key); };
      const exchange: Exchange = {
        lastMsg: msg,
        connection: node.net.connect({ host, port }).then((connection) => {
          node.status({ fill: 'green', shape: 'dot', text: 'connected' });
          connection.onClose(forget);
          const finish = () => {
            forget();
            node.status({});
            connection.destroy();
          };
          const emit = (payload: Buffer | string) => node.send({ ...exchange.lastMsg, payload });
          connection.onData(replyReader(rule, text, { emit, finish, sleep: (ms) => node.sleep(ms) }));
          return connection;
        }, (err: unknown) => {
          forget();
          node.status({ fill: 'red', shape: 'ring', text: 'error' });
          throw err;
        }),
      };
      exchanges.set(key, exchange);
      return exchange;
    };

    return {
      async input(msg) {
        const host = config.server || (typeof msg.host === 'string' ? msg.host : '');
        const port = config.port || Number(msg.port);
        if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
          node.warn('Host and/or port not set: set them on the node, or as msg.host and msg.port');
          return;
        }
        const bytes = Buffer.isBuffer(msg.payload) ? msg.payload : Buffer.from(String(msg.payload));
        const exchange = exchanges.get(`${host}:${port}`) ?? open(host, port, msg);
        exchange.lastMsg = msg;
        const connection = await exchange.connection;
        connection.write(bytes);
        if (rule.kind === 'immed') {
          exchanges.delete(`${host}:${port}`);
          connection.end();
          node.status({});
        }
      },
    };
  },
});
