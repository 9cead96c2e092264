// Turns a message into the HTTP response http-response sends (Node-RED's rules).
import { type HttpResponse, NodeRuntimeError } from '#node-api';
import { requestedHeaders } from '../http-request/headers.ts';

/**
 * `msg.statusCode` when the node sets none: a number or numeric string, 200-599; 200 when
 * absent. A 1xx is interim, never a final answer: the client would keep waiting.
 */
export function statusFrom(value: unknown): number {
  if (value === undefined || value === null || value === '') return 200;
  const code = typeof value === 'string' ? Number(value) : value;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 200 || code > 599) {
    throw new NodeRuntimeError(`msg.statusCode ${JSON.stringify(value)} is not an HTTP status code (200-599)`, 'HTTP_STATUS_INVALID');
  }
  return code;
}

/**
 * The node's headers, then msg.headers for names the node doesn't set (the node wins, as in
 * Node-RED), then `contentType` if neither set one.
 */
export function headersFrom(fixed: Record<string, string>, msgHeaders: unknown, contentType?: string): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { ...fixed };
  const taken = new Set(Object.keys(fixed).map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(requestedHeaders(msgHeaders))) {
    const lower = name.toLowerCase();
    if (taken.has(lower) || value === undefined || value === null) continue;
    headers[name] = Array.isArray(value) ? value.map(String) : String(value);
    taken.add(lower);
  }
  if (contentType && !taken.has('content-type')) headers['content-type'] = contentType;
  return headers;
}

/**
 * The body: objects, arrays, booleans and null as JSON, Buffers as they are, anything else as a
 * string; no payload, no body. `contentType` is the type to send unless a header sets one.
 */
export function bodyFrom(payload: unknown): { body: string | Buffer | undefined; contentType?: string } {
  if (payload === undefined || typeof payload === 'string' || Buffer.isBuffer(payload)) return { body: payload };
  if (payload !== null && typeof payload !== 'object' && typeof payload !== 'boolean') return { body: String(payload) };
  return { body: JSON.stringify(payload), contentType: 'application/json; charset=utf-8' };
}

/** msg.cookies, checked enough that the server can apply it: name → value, options object, or null. */
export function cookiesFrom(cookies: unknown): HttpResponse['cookies'] {
  if (cookies === undefined || cookies === null) return undefined;
  if (typeof cookies !== 'object' || Array.isArray(cookies)) throw new NodeRuntimeError('msg.cookies must be an object of name: value pairs', 'HTTP_COOKIES_INVALID');
  const out: NonNullable<HttpResponse['cookies']> = {};
  for (const [name, cookie] of Object.entries(cookies)) {
    if (cookie === null || typeof cookie !== 'object') out[name] = cookie === null ? null : String(cookie);
    else out[name] = { ...cookie, value: cookie.value === null ? null : String(cookie.value) };
  }
  return out;
}
