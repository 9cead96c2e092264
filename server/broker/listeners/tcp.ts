// MQTT over TCP (port 1883) and over TLS (mqtts, port 8883): accept sockets, hand them to aedes.
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { readFile } from 'node:fs/promises';
import { fail, failFrom } from '../../errors.ts';
import { errorMessage } from '../../node-api/errors.ts';
import type { BrokerLog, BrokerTlsOptions } from '../options.ts';
import type { Connections } from './connections.ts';

/** A listening socket server. */
export interface Listener {
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  /** Stops accepting; resolves once every connection it accepted has ended. */
  close(): Promise<void>;
}

/** Options shared by the TCP and TLS listeners. */
interface ListenOptions {
  host: string;
  port: number;
  connections: Connections;
  handle: (stream: Socket) => void;
}

/** Listens for plain MQTT on `host:port`. */
export function listenTcp(opts: ListenOptions): Promise<Listener> {
  const server = createServer((socket) => opts.handle(socket));
  server.on('connection', (socket) => opts.connections.accept(socket));
  return listen(server, opts.host, opts.port);
}

/** Listens for MQTT over TLS with the PEM certificate and key files in `tls`. */
export async function listenTls(opts: Omit<ListenOptions, 'port'> & { tls: BrokerTlsOptions; log: BrokerLog }): Promise<Listener> {
  const [cert, key] = await Promise.all([readPem('certificate', opts.tls.cert), readPem('key', opts.tls.key)]);
  let server;
  try {
    server = createTlsServer({ cert, key }, (socket: TLSSocket) => opts.handle(socket));
  } catch (err) {
    throw failFrom(err, 'BROKER_TLS_UNREADABLE', 'certificate/key', opts.tls.cert, errorMessage(err));
  }
  // 'connection' carries the raw TCP socket, before the TLS handshake
  server.on('connection', (socket: Socket) => opts.connections.accept(socket));
  server.on('tlsClientError', (err, socket) => {
    opts.log.info({ remoteAddress: socket.remoteAddress, err: err.message }, 'mqtts handshake failed');
  });
  return listen(server, opts.host, opts.tls.port);
}

function listen(server: Server, host: string, port: number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? failFrom(err, 'BROKER_PORT_IN_USE', port, host, host, port)
          : failFrom(err, 'BROKER_LISTEN_FAILED', host, port, err.message),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        return reject(fail('BROKER_LISTEN_FAILED', host, port, 'no TCP address'));
      }
      resolve({
        port: address.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

async function readPem(what: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw failFrom(err, 'BROKER_TLS_UNREADABLE', what, path, errorMessage(err));
  }
}
