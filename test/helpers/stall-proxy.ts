// A TCP proxy on 127.0.0.1 in front of a server, for clients that stop reading: stall() stops
// reading what the server sends (as a browser whose tab is frozen or whose network stalled
// would), so the server's writes back up in its own buffers; resume() reads on.
import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface StallProxy {
  /** `http://127.0.0.1:<proxy port>`: connect here instead of to the server. */
  url: string;
  stall(): void;
  resume(): void;
}

interface Teardown {
  after(fn: () => unknown): void;
}

export async function stallProxy(t: Teardown, target: string): Promise<StallProxy> {
  const { hostname, port } = new URL(target);
  const upstreams = new Map<Socket, Socket>(); // server side → client side
  let stalled = false;
  const server = createServer((client) => {
    const upstream = createConnection({ host: hostname, port: Number(port) });
    upstreams.set(upstream, client);
    client.pipe(upstream);
    if (!stalled) upstream.pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); upstreams.delete(upstream); };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const upstream of upstreams.keys()) upstream.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stall() {
      stalled = true;
      // unpipe, or the pipe's drain handling would resume reading
      for (const upstream of upstreams.keys()) {
        upstream.unpipe();
        upstream.pause();
      }
    },
    resume() {
      stalled = false;
      for (const [upstream, client] of upstreams) upstream.pipe(client);
    },
  };
}
