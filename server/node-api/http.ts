// The `http` capability: nodes serve HTTP endpoints on the server's own port (Node-RED's
// httpNode routes, as used by the http-in node) and answer them through an HttpReply handle.

/**
 * Route methods; `all` matches every method.
 *
 * @example
 * ```ts
 * node.http.route('all', '/hook', handler);
 * ```
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'head' | 'options' | 'all';

/**
 * One request to a node's route, as plain JSON-safe data (except a Buffer body), so it can
 * travel in a message as `msg.req`.
 *
 * @example
 * ```ts
 * node.http.route('post', '/lamp/:room', (req, reply) => {
 *   const level = typeof req.body === 'object' ? (req.body as { level?: number }).level : undefined;
 *   reply.send({ statusCode: 200, body: `${req.params.room}: ${level ?? 'unchanged'}` });
 * });
 * ```
 */
export interface HttpRequestInfo {
  /** As sent, upper case: `GET`, `POST`, ... */
  method: string;
  /** Path and query string as requested: `/lamp/hall?level=3`. */
  url: string;
  path: string;
  /** Route parameters: `/lamp/:room` gives `{ room: 'hall' }`; a wildcard (`/files/*rest`) gives a list of segments. */
  params: Record<string, string | string[]>;
  query: Record<string, unknown>;
  /** Header names in lower case. */
  headers: Record<string, string | string[]>;
  cookies: Record<string, string>;
  /** The client's address. */
  ip: string;
  /**
   * The parsed body: an object for JSON and form data, a string for text (text/*, XML, JSON-like
   * types that are valid UTF-8, no content type; decoded with the declared charset), a Buffer
   * for binary types; `''` when empty.
   */
  body: unknown;
}

/**
 * A cookie to set; `value: null` deletes it. Options as in Express's `res.cookie`.
 *
 * @example
 * ```ts
 * reply.send({ statusCode: 200, body: 'ok', cookies: { session: { value: 'abc', httpOnly: true, maxAge: 3_600_000 } } });
 * ```
 */
export interface HttpCookie {
  value: string | null;
  domain?: string;
  path?: string;
  /** A Date, or anything `new Date()` accepts. */
  expires?: Date | string | number;
  /** Lifetime in milliseconds. */
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: boolean | 'lax' | 'strict' | 'none';
}

/**
 * What a reply sends.
 *
 * @example
 * ```ts
 * reply.send({
 *   statusCode: 201,
 *   headers: { 'content-type': 'application/json', location: '/lamps/7' },
 *   cookies: { session: { value: 'abc', maxAge: 900_000, httpOnly: true }, old: null },
 *   body: JSON.stringify({ id: 7 }),
 * });
 * ```
 */
export interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string | number | string[]>;
  /** A string sets the cookie with default options; `null` deletes it. */
  cookies?: Record<string, string | HttpCookie | null>;
  /**
   * Sent as is. Without a content-type header a string goes as text/html and a Buffer as
   * application/octet-stream (Express's defaults, which Node-RED flows rely on).
   */
  body?: string | Buffer;
}

/**
 * The handle that answers one request: `msg.res` in a message from http-in. Message clones
 * share it (the runtime's deep clone passes it by reference), so whichever copy reaches a
 * response node first answers. It holds no enumerable state, and serialises as
 * `{ "__httpReply": true }`, so debug output and context stores never see the socket behind it.
 *
 * @example
 * ```ts
 * if (!(msg.res instanceof HttpReply)) return node.warn('No request to answer');
 * if (!msg.res.send({ statusCode: 200, body: 'ok' })) node.warn('Already answered');
 * ```
 */
export class HttpReply {
  #respond: ((response: HttpResponse) => boolean) | undefined;

  /** Created by the server; `respond` returns false when the request is already answered. */
  constructor(respond: (response: HttpResponse) => boolean) {
    this.#respond = respond;
  }

  /**
   * Answers the request. Returns false, sending nothing, when it was already answered (by
   * another reply, or by the server's timeout) or the client went away. Throws on an invalid
   * response (a bad header value); the client then gets a 500.
   */
  send(response: HttpResponse): boolean {
    const respond = this.#respond;
    // Only the first call gets through: later ones must not keep the socket reachable.
    this.#respond = undefined;
    return respond ? respond(response) : false;
  }

  toJSON(): { __httpReply: true } {
    return { __httpReply: true };
  }
}

/**
 * Options of one route.
 *
 * @example
 * ```ts
 * node.http.route('get', '/slow', handler, { timeoutMs: 30_000 });
 * ```
 */
export interface HttpRouteOptions {
  /** How long a request may wait for its reply before the server answers 504 (ms). Default 120 000. */
  timeoutMs?: number;
}

/**
 * Serves HTTP routes on the server's port, beside the editor (Node-RED's default httpNodeRoot
 * `/`). Paths use Express syntax (`/lamp/:room`, `/files/*rest`). Bodies are parsed (JSON,
 * forms, text, binary) up to the server's body size limit; JSON deeper than 1000 levels or
 * with a `__proto__` key gets a 400. Routes end when the node stops; requests still waiting
 * then get a 503, as do requests beyond 1000 in progress at once.
 *
 * `route` throws a NodeConfigError for an invalid path, a path under `/api`, `/socket.io` or
 * `/mqtt`, or a method and path another node already serves.
 *
 * @example
 * ```ts
 * node.http.route('get', '/lamp/:room', (req, reply) => {
 *   node.send({ _msgid: node.newMessageId(), payload: req.query, req, res: reply });
 * }, { timeoutMs: 30_000 });
 * ```
 */
export interface HttpCapability {
  /** Registers a route; the returned function removes it (it also goes when the node stops). */
  route(
    method: HttpMethod,
    path: string,
    handler: (req: HttpRequestInfo, reply: HttpReply) => void,
    options?: HttpRouteOptions,
  ): () => void;
}
