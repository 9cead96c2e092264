// The HTTP routes nodes serve (the `http` capability behind http-in), on the server's own
// port after /api and the editor's files, like Node-RED's httpNode routes under its default
// root "/". Routes live in registration order in one Express router, rebuilt when a route
// comes or goes, so Express's path syntax and matching apply as they are.
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import {
  NodeConfigError, type HttpCapability, type HttpMethod, type HttpReply, type HttpRequestInfo, type NodeContext,
} from '../node-api/index.ts';
import type { Logger } from '../log.ts';
import { bodyParsers, requestInfo } from './node-request.ts';
import { PendingRequest } from './node-reply.ts';
import { errorMessage } from '../api/shared.ts';
import { DropCounter } from '../node-api/drop-counter.ts';

/** Served by the server itself: a node route there would never be reached. */
const RESERVED_PREFIXES = ['/api', '/socket.io', '/mqtt'];
const DEFAULT_TIMEOUT_MS = 120_000;
export interface NodeEndpointsOptions {
  /** Largest request body accepted (bytes); larger ones get a 413. */
  maxBodyBytes: number;
  /**
   * Requests in progress at once across all routes, bodies being read included; more get a 503
   * (setting `http.maxPendingRequests`). Each may hold a body of up to maxBodyBytes until a flow
   * answers, so without a cap clients that keep requests open (or a flow that never answers)
   * could exhaust memory.
   */
  maxPendingRequests: number;
  log: Logger;
}

/** What a route needs to know of the node that registers it. */
export type RouteOwner = Pick<NodeContext, 'id' | 'name' | 'signal'>;

interface Route {
  method: HttpMethod;
  path: string;
  /** Method and path as Express matches them, to find two routes serving the same requests. */
  key: string;
  owner: RouteOwner;
  handler: (req: HttpRequestInfo, reply: HttpReply) => void;
  timeoutMs: number;
  pending: Set<PendingRequest>;
}

export class NodeEndpoints {
  private routes: Route[] = [];
  private router = express.Router();
  private readonly parsers: RequestHandler[];
  private readonly log: Logger;
  private readonly maxPending: number;
  private inProgress = 0;
  /** Requests refused over the cap: a flood of refusals logs a warning a minute, not one each. */
  private readonly refused: DropCounter;

  constructor(opts: NodeEndpointsOptions) {
    this.maxPending = opts.maxPendingRequests;
    this.parsers = [this.admit, ...bodyParsers(opts.maxBodyBytes)];
    this.log = opts.log.child({ ns: 'http.nodes' });
    this.refused = new DropCounter(({ dropped, total }) => {
      this.log.warn({ limit: this.maxPending, refused: dropped, total }, 'too many pending requests: refused with 503 (http.maxPendingRequests)');
    });
  }

  /** Mount after the API and the editor's files; unmatched requests fall through. */
  readonly middleware: RequestHandler = (req, res, next) => this.router(req, res, next);

  /**
   * Shutdown: drops every route and answers the requests still waiting (503), so closing the
   * HTTP server doesn't wait for them to time out.
   */
  close(): void {
    this.refused.stop();
    const routes = this.routes;
    this.routes = [];
    this.rebuild();
    for (const route of routes) refuseAll(route, 'Patchbay is shutting down');
  }

  /** The `node.http` of one node. */
  capability(node: RouteOwner): HttpCapability {
    return {
      route: (method, path, handler, options = {}) => this.add({
        method, path, handler, owner: node, key: routeKey(path), timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, pending: new Set(),
      }),
    };
  }

  private add(route: Route): () => void {
    const { owner } = route;
    if (owner.signal.aborted) return () => {};
    checkPath(route.path);
    const taken = this.routes.find((r) => r.key === route.key && (r.method === route.method || r.method === 'all' || route.method === 'all'));
    if (taken) {
      throw new NodeConfigError(`${describe(taken)} is already served by node ${ownerLabel(taken.owner)}`);
    }
    this.routes.push(route);
    this.rebuild();
    const remove = () => {
      owner.signal.removeEventListener('abort', remove);
      if (!this.routes.includes(route)) return;
      this.routes = this.routes.filter((r) => r !== route);
      this.rebuild();
      // Nothing will answer these any more (the node stopped): don't keep the clients waiting.
      refuseAll(route, 'The flow serving this request was stopped');
    };
    owner.signal.addEventListener('abort', remove, { once: true });
    return remove;
  }

  /** Counts a request from before its body is read until its response ends or the client goes. */
  private readonly admit: RequestHandler = (req, res, next) => {
    if (this.inProgress >= this.maxPending) {
      this.refused.add();
      res.status(503).set('retry-after', '1').type('text').send('Too many requests waiting for an answer: try again later');
      return;
    }
    this.inProgress++;
    res.once('close', () => { this.inProgress--; });
    next();
  };

  private rebuild(): void {
    const router = express.Router();
    for (const route of this.routes) router[route.method](route.path, ...this.parsers, (req: Request, res: Response) => this.dispatch(route, req, res));
    router.use(bodyError);
    this.router = router;
  }

  private dispatch(route: Route, req: Request, res: Response): void {
    const pending = new PendingRequest(
      res,
      route.timeoutMs,
      () => this.log.warn({ nodeId: route.owner.id, method: req.method, url: req.originalUrl }, 'request not answered in time'),
      () => route.pending.delete(pending),
    );
    route.pending.add(pending);
    try {
      route.handler(requestInfo(req), pending.reply);
    } catch (err) {
      this.log.error({ err, nodeId: route.owner.id }, 'route handler failed');
      pending.refuse(500, 'Internal error');
    }
  }
}

function refuseAll(route: Route, message: string): void {
  for (const pending of route.pending) pending.refuse(503, message);
}

/** A body the parsers refused (too large, malformed JSON, unknown charset) keeps its 4xx status. */
const bodyError: ErrorRequestHandler = (err: { status?: number; type?: string; message?: string }, _req, res, next) => {
  if (err.type && err.status && err.status >= 400 && err.status < 500) res.status(err.status).type('text').send(err.message);
  else next(err);
};

function checkPath(path: string): void {
  if (!path.startsWith('/')) throw new NodeConfigError(`Path "${path}" must start with /`);
  const lower = path.toLowerCase();
  const reserved = RESERVED_PREFIXES.find((prefix) => lower === prefix || lower.startsWith(`${prefix}/`));
  if (reserved) throw new NodeConfigError(`Paths under ${reserved} belong to Patchbay itself: choose another path`);
  try {
    express.Router().all(path, () => undefined); // compiles the path the way the real router will
  } catch (err) {
    const reason = errorMessage(err).replace(/; visit .*$/, '');
    throw new NodeConfigError(`Invalid path "${path}": ${reason} (Express 5 syntax: /user/:name, /files/*rest, /page{/:n})`);
  }
}

/** Express matches paths case-insensitively, ignores a trailing slash and any parameter names. */
function routeKey(path: string): string {
  return path.toLowerCase().replace(/\/+$/, '').replace(/([:*])[^/{}.\-]+/g, '$1');
}

function describe(route: Route): string {
  return `${route.method === 'all' ? 'Every method' : route.method.toUpperCase()} ${route.path}`;
}

function ownerLabel(owner: RouteOwner): string {
  return owner.name ? `"${owner.name}" (${owner.id})` : owner.id;
}
