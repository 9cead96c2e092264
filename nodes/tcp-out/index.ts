// tcp out: writes msg.payload to a server it connects to, to the clients of a server it
// runs, or back to the connection a tcp in message came from (msg._session) — Node-RED's
// tcp out with its client, server and reply modes.
import { defineNode, type Message, NodeConfigError, showWhen, type TcpConnection, Type } from '#node-api';
import { connectionCount, keepConnected, payloadBytes, portField, tcpSessions } from '../tcp-in/wire.ts';

export default defineNode({
  type: 'tcp-out',
  version: 1,
  category: 'network',
  label: 'tcp out',
  color: '#c0c0c0',
  icon: 'bridge',
  inputs: 1,
  outputs: 0,
  config: Type.Object({
    beserver: Type.Union([Type.Literal('client'), Type.Literal('server'), Type.Literal('reply')], {
      default: 'client', title: 'Type', description: 'client: connect to a server; server: listen and write to every client; reply: answer the tcp in connection msg._session names (every one without it)',
    }),
    host: Type.String({ default: '', title: 'Host', description: 'Client: the server to connect to. Server: the address to listen on (empty: 127.0.0.1 only; 0.0.0.0 or :: for every interface)', ...showWhen({ beserver: ['client', 'server'] }) }),
    port: portField('Server: 0 picks a free port (shown in the status)'),
    base64: Type.Boolean({ default: false, title: 'Decode base64 message', description: 'A string payload is base64 and is sent as the bytes it encodes' }),
    end: Type.Boolean({ default: false, title: 'Close connection after each message', ...showWhen({ beserver: ['client', 'server'] }) }),
  }),
  async create(node) {
    const { beserver, host, port, base64, end } = node.config;
    const bytesOf = (msg: Message) => payloadBytes(msg.payload, base64);
    if (beserver === 'reply') {
      return {
        input(msg) {
          const sessions = tcpSessions(node);
          const session = msg._session;
          const id = session && typeof session === 'object' && 'type' in session && session.type === 'tcp' && 'id' in session ? session.id : undefined;
          const targets = id === undefined ? [...sessions.values()] : [sessions.get(String(id))].filter((c) => c !== undefined);
          for (const connection of targets) connection.write(bytesOf(msg));
        },
      };
    }
    if (beserver === 'client') {
      if (!host) throw new NodeConfigError('A client needs the host to connect to', '/host');
      if (port === 0) throw new NodeConfigError('A client needs the port to connect to', '/port');
      // What the server sends is read and dropped (Node-RED), so its closing is noticed.
      const kept = keepConnected(node, { host, port }, (connection) => connection.onData(() => undefined));
      return {
        input(msg) {
          const connection = kept.current();
          // Node-RED drops what arrives while it is not connected.
          if (!connection || msg.payload == null) return;
          connection.write(bytesOf(msg));
          if (end) {
            kept.reconnectQuickly();
            connection.end();
          }
        },
      };
    }
    let clients: () => TcpConnection[] = () => [];
    try {
      const listening = await node.net.listen({ host, port }, (connection) => {
        // What clients send is read and dropped (Node-RED), so their closing is noticed.
        connection.onData(() => undefined);
        const count = () => node.status({ text: connectionCount(listening.connections().length, listening.address) });
        count();
        connection.onClose(count);
      });
      clients = () => listening.connections();
      node.status({ text: connectionCount(0, listening.address) });
    } catch (err) {
      node.status({ fill: 'red', shape: 'ring', text: 'cannot listen' });
      node.error(err);
    }
    return {
      input(msg) {
        if (msg.payload == null) return;
        const bytes = bytesOf(msg);
        for (const connection of clients()) {
          if (end) connection.end(bytes);
          else connection.write(bytes);
        }
      },
    };
  },
});
