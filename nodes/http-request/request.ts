// Builds the request an input message asks for, with Node-RED's rules for the URL, method,
// headers, authentication and body.
import { stringify as toQueryString } from 'node:querystring';
import Mustache from 'mustache';
import { errorMessage, type Message, NodeConfigError, NodeRuntimeError } from '#node-api';
import { cookieHeader } from './cookies.ts';
import { requestedHeaders } from './headers.ts';
import type { OutgoingRequest } from './transport.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'use';

export interface RequestSettings {
  method: Method;
  url: string;
  paytoqs: 'ignore' | 'query' | 'body';
  headers: Record<string, string>;
  authType: '' | 'basic' | 'bearer';
  credentials: { user?: string; password?: string; token?: string };
  /** Called when the message tries to set what the node already sets. */
  warnOverride(what: 'url' | 'method'): void;
}

/** Checks a URL set in the node once, at deploy. */
export function checkConfigUrl(url: string): void {
  if (url.includes('{{')) {
    try {
      Mustache.parse(url);
    } catch (err) {
      throw new NodeConfigError(`Invalid mustache template: ${errorMessage(err)}`, '/url');
    }
    return;
  }
  if (url) parseUrl(url, (message) => new NodeConfigError(message, '/url'));
}

export function buildRequest(msg: Message, settings: RequestSettings): OutgoingRequest {
  const url = urlOf(msg, settings);
  const method = methodOf(msg, settings);
  const headers = headersOf(msg, settings.headers);
  authorize(headers, url, settings);
  const request: OutgoingRequest = { url, method, headers, followRedirects: msg.followRedirects !== false };
  const { payload } = msg;
  if (payload === undefined || method === 'HEAD') return request;
  if (method !== 'GET') request.body = bodyOf(payload, headers);
  else if (settings.paytoqs === 'query') addQuery(url, payload);
  else if (settings.paytoqs === 'body') request.body = getBodyOf(payload);
  return request;
}

function urlOf(msg: Message, { url: configured, warnOverride }: RequestSettings): URL {
  if (configured && typeof msg.url === 'string' && msg.url && msg.url !== configured) warnOverride('url');
  const text = configured.includes('{{') ? Mustache.render(configured, msg) : configured || (typeof msg.url === 'string' ? msg.url : '');
  if (!text) throw new NodeRuntimeError('No URL: set one in the node or in msg.url', 'HTTP_REQUEST_NO_URL');
  return parseUrl(text, (message) => new NodeRuntimeError(message, 'HTTP_REQUEST_URL_INVALID'));
}

/** Without a scheme the URL is taken as http://, as in Node-RED. */
function parseUrl(text: string, fail: (message: string) => Error): URL {
  const hasScheme = text.includes('://');
  if (hasScheme && !/^https?:\/\//i.test(text)) throw fail(`"${text}" is not an http:// or https:// URL`);
  try {
    return new URL(hasScheme ? text : `http://${text}`);
  } catch {
    throw fail(`"${text}" is not a valid URL`);
  }
}

function methodOf(msg: Message, { method, warnOverride }: RequestSettings): string {
  const asked = typeof msg.method === 'string' && msg.method ? msg.method.toUpperCase() : undefined;
  if (method === 'use') return asked ?? 'GET';
  if (asked && asked !== method) warnOverride('method');
  return method;
}

/** msg.headers first, then the node's headers, which replace any of the same name. */
function headersOf(msg: Message, configured: Record<string, string>): Headers {
  const headers = new Headers();
  try {
    for (const [name, value] of Object.entries(requestedHeaders(msg.headers))) {
      if (value === undefined || value === null) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, String(one));
    }
  } catch (err) {
    throw new NodeRuntimeError(`Invalid msg.headers: ${errorMessage(err)}`, 'HTTP_REQUEST_HEADERS_INVALID');
  }
  for (const [name, value] of Object.entries(configured)) headers.set(name, value);
  const cookies = cookieHeader(headers.get('cookie'), msg.cookies);
  if (cookies) headers.set('cookie', cookies);
  return headers;
}

/**
 * Basic credentials come from the node, else from the URL (fetch refuses URLs that carry
 * them, so they always move into the header); a bearer token from the node.
 */
function authorize(headers: Headers, url: URL, { authType, credentials }: RequestSettings): void {
  const fromUrl = { user: decodeUserInfo(url.username), password: decodeUserInfo(url.password) };
  url.username = '';
  url.password = '';
  if (authType === 'bearer') {
    headers.set('authorization', `Bearer ${credentials.token ?? ''}`);
    return;
  }
  const user = (authType === 'basic' ? credentials.user : undefined) || fromUrl.user;
  const password = (authType === 'basic' ? credentials.password : undefined) || fromUrl.password;
  if (user || password) headers.set('authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
}

/** URL user info is percent-encoded, but a stray `%` (`user:100%@host`) is still a valid URL. */
function decodeUserInfo(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded after all: keep it as written
  }
}

/**
 * Strings and Buffers as they are, numbers as text; objects as JSON (setting the content
 * type), as a form when the content type asks for one, or as multipart form data.
 */
function bodyOf(payload: unknown, headers: Headers): NonNullable<OutgoingRequest['body']> {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return new Uint8Array(payload);
  if (typeof payload === 'number' || typeof payload === 'bigint') return String(payload);
  const contentType = headers.get('content-type')?.split(';')[0]!.trim().toLowerCase();
  if (contentType === 'application/x-www-form-urlencoded' && isObject(payload)) return toQueryString(payload as Record<string, string>);
  if (contentType === 'multipart/form-data' && isObject(payload)) {
    headers.delete('content-type'); // fetch sets it, with the boundary
    return formData(payload);
  }
  if (!contentType) headers.set('content-type', 'application/json');
  return JSON.stringify(payload);
}

/** GET with "send as body": objects as JSON, as Node-RED does (no content type added). */
function getBodyOf(payload: unknown): string | Uint8Array<ArrayBuffer> {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return new Uint8Array(payload);
  return typeof payload === 'object' ? JSON.stringify(payload) : String(payload);
}

function addQuery(url: URL, payload: unknown): void {
  if (!isObject(payload)) throw new NodeRuntimeError('msg.payload must be an object to be sent as query parameters', 'HTTP_REQUEST_PAYLOAD_INVALID');
  const query = toQueryString(payload as Record<string, string>);
  if (query) url.search = url.search ? `${url.search}&${query}` : query;
}

/** `{ field: 'text', file: { value: Buffer, options: { filename } } }`, as Node-RED's file uploads. */
function formData(payload: object): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') form.append(name, value);
    else if (Buffer.isBuffer(value)) form.append(name, new Blob([new Uint8Array(value)]));
    else if (isObject(value) && 'value' in value) {
      const { value: content, options } = value as { value: unknown; options?: { filename?: string; contentType?: string } };
      const bytes = Buffer.isBuffer(content) ? new Uint8Array(content) : String(content);
      form.append(name, new Blob([bytes], { type: options?.contentType ?? '' }), options?.filename ?? name);
    } else form.append(name, JSON.stringify(value));
  }
  return form;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
}
