// `node.net` for one node: TCP servers and connections and UDP sockets, each closed when the
// node stops (its signal aborts), so a redeploy frees its ports and nothing leaks.
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpHandle } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { errorMessage, NodeRuntimeError } from '../node-api/errors.ts';
import type { NetAddress, NetCapability, TcpConnection, UdpOptions, UdpSocket } from '../node-api/net.ts';

/** Node-RED keeps idle TCP connections alive with probes every two minutes. */
const KEEPALIVE_MS = 120_000;

type Owner = { readonly signal: AbortSignal };

export function nodeNet(owner: Owner): NetCapability {
  const closers = new Set<() => void>();
  owner.signal.addEventListener('abort', () => {
    for (const close of closers) close();
    closers.clear();
  }, { once: true });
  /** Closes `close`'s resource with the node; throws when the node has stopped already. */
  const track = (close: () => void): (() => void) => {
    if (owner.signal.aborted) {
      close();
      throw new NodeRuntimeError('The node has stopped', 'NET_NODE_STOPPED');
    }
    closers.add(close);
    return () => closers.delete(close);
  };
  return {
    listen: (at, onConnection) => listenTcp(at, onConnection, track),
    connect: (to) => connectTcp(to, track),
    udp: (options) => openUdp(options, track),
  };
}

type Track = (close: () => void) => () => void;

function connectionOf(socket: Socket): TcpConnection {
  socket.setKeepAlive(true, KEEPALIVE_MS);
  // An error (a reset, say) is followed by 'close', which is what the nodes hear.
  socket.on('error', () => undefined);
  return {
    id: randomBytes(8).toString('hex'),
    remote: { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
    get closed() { return socket.destroyed; },
    write: (data) => { if (socket.writable) socket.write(data); },
    end: (data) => { if (data) socket.end(data); else socket.end(); },
    destroy: () => { socket.destroy(); },
    onData: (listener) => { socket.on('data', listener); },
    onEnd: (listener) => { socket.on('end', listener); },
    onClose: (listener) => { socket.on('close', () => listener()); },
  };
}

async function listenTcp(at: { host?: string; port: number }, onConnection: (c: TcpConnection) => void, track: Track) {
  const host = at.host || '127.0.0.1';
  const open = new Map<string, { connection: TcpConnection; socket: Socket }>();
  const server = createServer((socket) => {
    const connection = connectionOf(socket);
    open.set(connection.id, { connection, socket });
    socket.on('close', () => open.delete(connection.id));
    onConnection(connection);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, host, () => { server.off('error', reject); resolve(); });
  }).catch((err: unknown) => {
    throw new NodeRuntimeError(`Cannot listen on ${host}:${at.port}: ${errorMessage(err)}`, 'NET_LISTEN_FAILED');
  });
  track(() => {
    for (const { socket } of open.values()) socket.destroy();
    server.close();
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : at.port;
  return { address: { host, port }, connections: () => [...open.values()].map((o) => o.connection) };
}

function connectTcp(to: NetAddress, track: Track): Promise<TcpConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: to.host, port: to.port });
    let untrack: () => void;
    try {
      untrack = track(() => socket.destroy());
    } catch (err) {
      reject(err);
      return;
    }
    const failed = (err: Error) => reject(new NodeRuntimeError(`Cannot connect to ${to.host}:${to.port}: ${err.message}`, 'NET_CONNECT_FAILED'));
    socket.once('error', failed);
    socket.once('connect', () => {
      socket.off('error', failed);
      resolve(connectionOf(socket));
    });
    // Closed before connecting without an error: the node stopped (a later reject is a no-op).
    socket.once('close', () => {
      untrack();
      reject(new NodeRuntimeError('The node has stopped', 'NET_NODE_STOPPED'));
    });
  });
}

async function openUdp(options: UdpOptions, track: Track): Promise<UdpSocket> {
  const loopback = options.type === 'udp4' ? '127.0.0.1' : '::1';
  // Datagrams to a group reach only sockets bound to the wildcard (or the group) address.
  const wildcard = options.type === 'udp4' ? '0.0.0.0' : '::';
  const host = options.multicast ? wildcard : options.host || loopback;
  const socket = createSocket({ type: options.type, reuseAddr: true });
  // Asynchronous errors (an ICMP "unreachable" after a send) must not take the process down;
  // sends report theirs through their callback.
  socket.on('error', () => undefined);
  track(() => {
    try {
      socket.close();
    } catch {
      // ERR_SOCKET_DGRAM_NOT_RUNNING: it was never bound or is closed already
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, host, () => { socket.off('error', reject); resolve(); });
  }).catch((err: unknown) => {
    throw new NodeRuntimeError(`Cannot bind UDP ${host}:${options.port ?? 0}: ${errorMessage(err)}`, 'NET_BIND_FAILED');
  });
  if (options.broadcast || options.multicast) socket.setBroadcast(true);
  if (options.multicast) joinGroup(socket, options.multicast.group, interfaceAddress(options.multicast.iface, options.type) ?? loopback);
  const { address, port } = socket.address();
  return {
    address: { host: address, port },
    send: (data, to) => new Promise((resolve, reject) => {
      socket.send(data, to.port, to.host, (err) => {
        if (err) reject(new NodeRuntimeError(`Cannot send to ${to.host}:${to.port}: ${err.message}`, 'NET_SEND_FAILED'));
        else resolve();
      });
    }),
    onMessage: (listener) => { socket.on('message', (data, from) => listener(data, { address: from.address, port: from.port })); },
  };
}

/** Joins `group` on the interface with address `iface`, and sends to groups through it too. */
function joinGroup(socket: UdpHandle, group: string, iface: string): void {
  try {
    socket.setMulticastTTL(128);
    socket.setMulticastLoopback(false); // as Node-RED: a host does not hear its own group traffic on other interfaces
    socket.setMulticastInterface(iface);
    socket.addMembership(group, iface);
  } catch (err) {
    throw new NodeRuntimeError(`Cannot join multicast group ${group} on ${iface}: ${errorMessage(err)}`, 'NET_MULTICAST_FAILED');
  }
}

/** An interface given by name (eth0) becomes its address of the family; an address stays. */
function interfaceAddress(iface: string | undefined, type: UdpOptions['type']): string | undefined {
  if (!iface || /[.:]/.test(iface)) return iface || undefined;
  const family = type === 'udp4' ? 'IPv4' : 'IPv6';
  const found = networkInterfaces()[iface]?.find((a) => a.family === family)?.address;
  if (!found) throw new NodeRuntimeError(`No ${family} address on network interface "${iface}"`, 'NET_MULTICAST_FAILED');
  return found;
}
