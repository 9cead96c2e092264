// `node.net`: plain TCP and UDP for the tcp and udp nodes. Every socket and server a node
// opens closes when that node stops; servers listen on loopback unless the node names a host.

/**
 * Where a socket is bound or connected: an IP address (or host name) and a port.
 *
 * @example
 * ```ts
 * const printer: NetAddress = { host: '192.168.1.40', port: 9100 };
 * ```
 */
export interface NetAddress {
  host: string;
  port: number;
}

/**
 * One TCP connection: accepted by a {@link TcpServer} or opened with `node.net.connect`.
 * Until a node calls `onData`, what arrives is held, so no byte is lost between accepting
 * (or connecting) and listening.
 *
 * @example
 * ```ts
 * connection.onData((chunk) => connection.write(chunk)); // an echo
 * connection.onClose(() => node.status({ text: 'disconnected' }));
 * ```
 */
export interface TcpConnection {
  /** Unique per connection, 16 hex digits like Node-RED's: what `msg._session.id` names. */
  readonly id: string;
  /** The other end's address. */
  readonly remote: NetAddress;
  /** True once the connection has closed (either end). */
  readonly closed: boolean;
  write(data: Buffer): void;
  /** Sends `data` (if any), then closes this end for writing; the peer sees the end of the stream. */
  end(data?: Buffer): void;
  /** Closes at once, dropping what is not yet sent. */
  destroy(): void;
  onData(listener: (data: Buffer) => void): void;
  /** The peer ended its side (after the last `onData`). */
  onEnd(listener: () => void): void;
  /** Closed, by either end or by an error; called once. */
  onClose(listener: () => void): void;
}

/**
 * A listening TCP server.
 *
 * @example
 * ```ts
 * const server = await node.net.listen({ port: 0 }, (connection) => connection.end(Buffer.from('hi\n')));
 * node.status({ text: `listening on ${server.address.host}:${server.address.port}` });
 * ```
 */
export interface TcpServer {
  /** The address it listens on, with the real port when 0 was asked for. */
  readonly address: NetAddress;
  /** The connections open right now. */
  connections(): TcpConnection[];
}

/**
 * Where a datagram came from.
 *
 * @example
 * ```ts
 * socket.onMessage((data, from) => node.send({ _msgid: node.newMessageId(), payload: data, ip: from.address, port: from.port }));
 * ```
 */
export interface UdpSender {
  address: string;
  port: number;
}

/**
 * A bound UDP socket.
 *
 * @example
 * ```ts
 * const socket = await node.net.udp({ type: 'udp4' });
 * await socket.send(Buffer.from('ping'), { host: '127.0.0.1', port: 9999 });
 * ```
 */
export interface UdpSocket {
  /** The local address, with the real port when none (or 0) was asked for. */
  readonly address: NetAddress;
  /** Resolves once the datagram is handed to the network; rejects with why it could not be. */
  send(data: Buffer, to: NetAddress): Promise<void>;
  onMessage(listener: (data: Buffer, from: UdpSender) => void): void;
}

/**
 * How a UDP socket is opened. Several sockets may share a port (SO_REUSEADDR, as Node-RED
 * opens them).
 *
 * @example
 * ```ts
 * const options: UdpOptions = { type: 'udp4', port: 5000, multicast: { group: '239.1.2.3' } };
 * ```
 */
export interface UdpOptions {
  type: 'udp4' | 'udp6';
  /** 0 or absent: any free port. */
  port?: number;
  /**
   * The local address to bind: absent means loopback (127.0.0.1 or ::1); "0.0.0.0" or "::"
   * every interface. A multicast socket binds every interface, as receiving a group needs.
   */
  host?: string;
  /** Allow sending to broadcast addresses. */
  broadcast?: boolean;
  /** Join a multicast group on an interface's address (absent: the loopback's). */
  multicast?: { group: string; iface?: string };
}

/**
 * `node.net`: TCP servers and connections, and UDP sockets. A failure to listen, connect or
 * bind rejects with a NodeRuntimeError naming the address (code NET_LISTEN_FAILED,
 * NET_CONNECT_FAILED or NET_BIND_FAILED).
 *
 * @example
 * ```ts
 * const connection = await node.net.connect({ host: 'printer.local', port: 9100 });
 * connection.end(Buffer.from(String(msg.payload)));
 * ```
 */
export interface NetCapability {
  /**
   * Listens for TCP connections on `host` (absent or empty: 127.0.0.1 only; "0.0.0.0" or "::"
   * for every interface) and `port` (0: any free port).
   */
  listen(at: { host?: string; port: number }, onConnection: (connection: TcpConnection) => void): Promise<TcpServer>;
  /** Opens a TCP connection; rejects when it cannot (refused, unreachable, no such host). */
  connect(to: NetAddress): Promise<TcpConnection>;
  udp(options: UdpOptions): Promise<UdpSocket>;
}
