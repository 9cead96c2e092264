// Set-up for the HTTP node tests: flows whose `node.http` routes are served by a real
// Express app on an ephemeral loopback port, and small local servers for http-request to call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { NodeEndpoints } from '../../server/http/node-endpoints.ts';
import { runFlows, silentLog, type RunOptions, type TestFlows, type TestNode } from './flows.ts';

interface Teardown {
  after(fn: () => Promise<void> | void): void;
}

export interface HttpFlows {
  flows: TestFlows;
  endpoints: NodeEndpoints;
  /** Base URL of the app serving the routes: `http://127.0.0.1:<port>`. */
  url: string;
}

/** runFlows with `node.http` served on a real port; stopped and closed after the test. */
export async function httpFlows(t: Teardown, nodes: TestNode[], opts: RunOptions & { maxBodyBytes?: number } = {}): Promise<HttpFlows> {
  const endpoints = new NodeEndpoints({ maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024, maxPendingRequests: 1000, log: silentLog });
  const app = express();
  app.use(endpoints.middleware);
  const server = createServer(app);
  const url = await listen(server);
  let flows: TestFlows | undefined;
  t.after(async () => {
    await flows?.stop();
    await close(server);
  });
  flows = await runFlows(nodes, { ...opts, capabilities: { ...opts.capabilities, http: (node) => endpoints.capability(node) } });
  return { flows, endpoints, url };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface TestHttpServer {
  url: string;
  requests: RecordedRequest[];
}

/** A loopback server that records each request (body included) and lets `respond` answer it. */
export async function startHttpServer(
  t: Teardown, respond: (req: RecordedRequest, res: ServerResponse) => void = (_req, res) => res.end('ok'),
): Promise<TestHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      respond(recorded, res);
    });
  });
  const url = await listen(server);
  t.after(() => close(server));
  return { url, requests };
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const url = await listen(server);
  await close(server);
  return Number(new URL(url).port);
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
