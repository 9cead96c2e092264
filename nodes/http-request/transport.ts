// Sends one request and reads the whole response. fetch does the work (redirects, keep-alive,
// decompression); it refuses a body on GET, which Node-RED's "send payload as body" option
// needs, so those requests go through node:http(s) instead, without following redirects.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NodeRuntimeError } from '#node-api';

export interface OutgoingRequest {
  url: URL;
  method: string;
  headers: Headers;
  /** Bytes in their own ArrayBuffer: what fetch's types accept (a Buffer may share a pool). */
  body?: string | Uint8Array<ArrayBuffer> | FormData;
  followRedirects: boolean;
}

export interface ReceivedResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: Headers;
  body: Buffer;
}

/**
 * Sends `req` and reads the response within `timeoutMs`. Rejects with a NodeRuntimeError whose
 * code names the failure (ETIMEDOUT, ECONNREFUSED, ...), or with an abort error when `stop`
 * aborts.
 */
export async function exchange(req: OutgoingRequest, stop: AbortSignal, timeoutMs: number): Promise<ReceivedResponse> {
  const abort = new AbortController();
  const onStop = () => abort.abort();
  stop.addEventListener('abort', onStop, { once: true });
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    return await send(req, abort.signal);
  } catch (err) {
    if (stop.aborted) throw err;
    // Not stopped, so an abort can only be the timeout.
    if (abort.signal.aborted) throw new NodeRuntimeError(`No response from server within ${timeoutMs / 1000} s`, 'ETIMEDOUT');
    throw failure(err);
  } finally {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  }
}

async function send(req: OutgoingRequest, signal: AbortSignal): Promise<ReceivedResponse> {
  if (req.body !== undefined && (req.method === 'GET' || req.method === 'HEAD')) return exchangeWithBody(req, req.body, signal);
  const res = await fetch(req.url, {
    method: req.method, headers: req.headers, body: req.body, signal, redirect: req.followRedirects ? 'follow' : 'manual',
  });
  return { status: res.status, url: res.url || req.url.href, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

function exchangeWithBody(req: OutgoingRequest, body: NonNullable<OutgoingRequest['body']>, signal: AbortSignal): Promise<ReceivedResponse> {
  if (body instanceof FormData) return Promise.reject(new TypeError(`A ${req.method} request cannot send form data`));
  const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...Object.fromEntries(req.headers), 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const outgoing = send(req.url, { method: req.method, headers, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, url: req.url.href, headers: headersOf(res.headers), body: Buffer.concat(chunks) }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** fetch wraps connection errors ("fetch failed"); the cause names what happened. */
function failure(err: unknown): NodeRuntimeError {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as { code?: unknown }).code;
  return new NodeRuntimeError(cause instanceof Error ? cause.message : String(cause), typeof code === 'string' ? code : 'HTTP_REQUEST_FAILED');
}

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
}
