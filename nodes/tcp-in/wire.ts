// What the tcp and udp nodes share: payloads as bytes, Node-RED's delimiter escapes, the
// session table tcp in fills and tcp out replies through, and the address in a status.
import { errorMessage, type NetAddress, type NodeContext, type TcpConnection, Type } from '#node-api';

/** The bytes a payload is sent as: a Buffer as it is, base64 text decoded when asked, anything else as text (Node-RED's `""+payload`). */
export function payloadBytes(payload: unknown, base64: boolean): Buffer {
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'string' && base64) return Buffer.from(payload, 'base64');
  return Buffer.from(String(payload));
}

/** A delimiter as typed in the form: `\n`, `\r` and `\t` stand for the characters. */
export function unescapeDelimiter(text: string): string {
  return text.replaceAll('\\n', '\n').replaceAll('\\r', '\r').replaceAll('\\t', '\t');
}

/** Every open TCP connection of tcp in nodes, by `msg._session.id`, for tcp out's reply mode. */
export function tcpSessions(node: NodeContext): Map<string, TcpConnection> {
  return node.shared.get('tcp:sessions', () => new Map<string, TcpConnection>());
}

/** Adds a connection to the session table until it closes. */
export function registerSession(node: NodeContext, connection: TcpConnection): void {
  const sessions = tcpSessions(node);
  sessions.set(connection.id, connection);
  connection.onClose(() => sessions.delete(connection.id));
}

export const formatAddress = ({ host, port }: NetAddress) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

export const connectionCount = (count: number, at: NetAddress) => `${count} connection${count === 1 ? '' : 's'} · ${formatAddress(at)}`;

/** A port a server listens on (0: any free one, shown in the status) or a client connects to. */
export const portField = (description: string) => Type.Integer({ default: 0, minimum: 0, maximum: 65535, title: 'Port', description });

/** Node-RED's reconnect delay after a lost connection (its socketReconnectTime default). */
export const RECONNECT_MS = 10_000;
/** After an end that Patchbay asked for (tcp out's "close after each message"), reconnect at once. */
export const QUICK_RECONNECT_MS = 20;

/** A client connection kept open while the node runs (tcp in and tcp out in client mode). */
export interface KeptConnection {
  current(): TcpConnection | undefined;
  /** The next reconnect comes at once instead of after RECONNECT_MS (an end the flow asked for). */
  reconnectQuickly(): void;
}

/** Connects to `to`, and again after each loss, until the node stops; `onOpen` sees each connection. */
export function keepConnected(node: NodeContext, to: NetAddress, onOpen: (connection: TcpConnection) => void): KeptConnection {
  let current: TcpConnection | undefined;
  let quick = false;
  const disconnected = () => node.status({ fill: 'red', shape: 'ring', text: `disconnected · ${formatAddress(to)}` });
  const connectOnce = async () => {
    node.status({ fill: 'grey', shape: 'dot', text: `connecting · ${formatAddress(to)}` });
    try {
      const connection = await node.net.connect(to);
      const closed = new Promise<void>((resolve) => connection.onClose(resolve));
      current = connection;
      node.status({ fill: 'green', shape: 'dot', text: `connected · ${formatAddress(to)}` });
      onOpen(connection);
      await closed;
      current = undefined;
    } catch (err) {
      // A refused or unreachable server is retried below, as Node-RED does: logged, not a flow error.
      if (!node.signal.aborted) node.log(errorMessage(err));
    }
  };
  void (async () => {
    while (!node.signal.aborted) {
      await connectOnce();
      if (node.signal.aborted) return;
      disconnected();
      const delay = quick ? QUICK_RECONNECT_MS : RECONNECT_MS;
      quick = false;
      await node.sleep(delay).catch(() => undefined); // rejects when the node stops: the loop ends
    }
  })();
  return { current: () => current, reconnectQuickly: () => { quick = true; } };
}
