// tcp in: a TCP server (or a client connection) whose data becomes messages, with
// msg._session naming the connection so tcp out can answer it (Node-RED's tcp in).
import { defineNode, type Message, NodeConfigError, type NodeContext, showWhen, type TcpConnection, Type } from '#node-api';
import { payloadReader, type ReaderOptions } from './reader.ts';
import { connectionCount, keepConnected, portField, registerSession, unescapeDelimiter } from './wire.ts';

const config = Type.Object({
  server: Type.Union([Type.Literal('server'), Type.Literal('client')], { default: 'server', title: 'Type', description: 'server: listen for connections; client: connect to a server' }),
  host: Type.String({ default: '', title: 'Host', description: 'Client: the server to connect to. Server: the address to listen on (empty: 127.0.0.1 only; 0.0.0.0 or :: for every interface)' }),
  port: portField('Server: 0 picks a free port (shown in the status)'),
  datamode: Type.Union([Type.Literal('stream'), Type.Literal('single')], { default: 'stream', title: 'Output', description: 'stream: a message per piece of data as it arrives; single: one message when the connection closes' }),
  datatype: Type.Union([Type.Literal('buffer'), Type.Literal('utf8'), Type.Literal('base64')], { default: 'buffer', title: 'Payload', description: 'A Buffer, a string, or a base64 string' }),
  newline: Type.String({ default: '', title: 'Delimited by', description: 'Split the string at this delimiter (\\n for a new line); empty: no splitting', ...showWhen({ datamode: ['stream'], datatype: ['utf8'] }) }),
  trim: Type.Boolean({ default: false, title: 'Re-attach delimiter', description: 'Keep the delimiter at the end of each piece', ...showWhen({ datamode: ['stream'], datatype: ['utf8'] }) }),
  topic: Type.String({ default: '', title: 'Topic' }),
});

type Config = typeof config.static;

export default defineNode({
  type: 'tcp-in',
  version: 1,
  category: 'network',
  label: 'tcp in',
  color: '#c0c0c0',
  icon: 'bridge',
  inputs: 0,
  outputs: 1,
  config,
  async create(node) {
    const { server, host, port } = node.config;
    const reading: ReaderOptions = { stream: node.config.datamode === 'stream', datatype: node.config.datatype, newline: unescapeDelimiter(node.config.newline), trim: node.config.trim };
    if (server === 'client') {
      if (!host) throw new NodeConfigError('A client needs the host to connect to', '/host');
      if (port === 0) throw new NodeConfigError('A client needs the port to connect to', '/port');
      const kept = keepConnected(node, { host, port }, (connection) => {
        // Node-RED reconnects at once when the server ended a stream it sent something on.
        read(node, connection, reading, false, () => kept.reconnectQuickly());
      });
      return;
    }
    try {
      const listening = await node.net.listen({ host, port }, (connection) => {
        read(node, connection, reading, true);
        const count = () => node.status({ text: connectionCount(listening.connections().length, listening.address) });
        count();
        connection.onClose(count);
      });
      node.status({ text: connectionCount(0, listening.address) });
    } catch (err) {
      // A port in use stops this node only, as in Node-RED; the rest of the deploy runs.
      node.status({ fill: 'red', shape: 'ring', text: 'cannot listen' });
      node.error(err);
    }
  },
});

/** Turns one connection's data into messages (server mode adds the peer's ip and port). */
function read(node: NodeContext<Config>, connection: TcpConnection, reading: ReaderOptions, withPeer: boolean, endedWithData?: () => void): void {
  registerSession(node, connection);
  const session = { type: 'tcp', id: connection.id };
  const peer = withPeer ? { ip: connection.remote.host, port: connection.remote.port } : {};
  const reader = payloadReader(reading, (payload) => {
    const msg: Message = { _msgid: node.newMessageId(), topic: node.config.topic, payload, ...peer, _session: session };
    node.send(msg);
  });
  let received = false;
  connection.onData((chunk) => { received = true; reader.data(chunk); });
  connection.onEnd(() => {
    reader.end();
    if (received) endedWithData?.();
  });
}
