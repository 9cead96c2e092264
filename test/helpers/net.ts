// Real sockets on 127.0.0.1 for the tcp and udp node tests: the capabilities the nodes need,
// the port a node listens on (from its status), and plain clients and servers to talk to them.
import { createSocket, type Socket as UdpHandle } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { RuntimeOptions } from '../../server/runtime/runtime.ts';
import { nodeNet, sharedObjects } from './host.ts';
import type { TestFlows } from './flows.ts';
import type { TestContext } from './node-test.ts';

/** `node.net` and `node.shared` (the tcp session table) as createServer provides them. */
export function netCapabilities(): RuntimeOptions['capabilities'] {
  const shared = sharedObjects();
  return { net: (node) => nodeNet(node), shared: () => shared };
}

/** The port a server node shows in its status ("0 connections · 127.0.0.1:40123"). */
export async function listeningPort(flows: TestFlows, nodeId: string): Promise<number> {
  const event = await flows.waitForEvent('status', (e) => e.node === nodeId && /:\d+$/.test(e.text ?? ''));
  return Number(/:(\d+)$/.exec(event.text ?? '')![1]);
}

/** Resolves after `check` holds, polling every 5 ms for at most `timeoutMs`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check(); await new Promise((resolve) => setTimeout(resolve, 5))) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

/** A client connection to 127.0.0.1:port that collects what it receives. */
export async function tcpClient(t: TestContext, port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect({ host: '127.0.0.1', port });
  t.after(async () => { socket.destroy(); });
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => Buffer.concat(chunks).toString(), closed };
}

/** A server on 127.0.0.1 and a free port; `onConnection` talks to each client. */
export async function tcpServer(t: TestContext, onConnection: (socket: Socket) => void): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => { sockets.push(socket); onConnection(socket); });
  t.after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, sockets };
}

/** A UDP socket on 127.0.0.1 and a free port that collects the datagrams it receives. */
export async function udpPeer(t: TestContext, type: 'udp4' | 'udp6' = 'udp4'): Promise<{ socket: UdpHandle; port: number; received: Array<{ data: string; port: number }> }> {
  const socket = createSocket(type);
  t.after(async () => { socket.close(); });
  const received: Array<{ data: string; port: number }> = [];
  socket.on('message', (data, from) => received.push({ data: String(data), port: from.port }));
  await new Promise<void>((resolve) => socket.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', resolve));
  return { socket, port: socket.address().port, received };
}

/** A TCP port nothing listens on right now, for flows that must name theirs (a short race, acceptable in a test). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}
