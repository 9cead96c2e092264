// What a node's route hands over about a request: plain data (msg.req), with the body
// parsed the way Node-RED's http-in parses it.
import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import express, { type RequestHandler } from 'express';
import type { HttpRequestInfo } from '../node-api/index.ts';

/**
 * JSON and forms become objects; anything else is read raw and then turned into a string or
 * kept as a Buffer by {@link decodeBody}. Each parser skips a body an earlier one read.
 */
export function bodyParsers(limit: number): RequestHandler[] {
  return [
    express.json({ limit }),
    express.urlencoded({ extended: true, limit }),
    express.raw({ type: () => true, limit }),
  ];
}

export function requestInfo(req: express.Request): HttpRequestInfo {
  return {
    method: req.method,
    url: req.originalUrl,
    path: req.path,
    params: { ...req.params },
    // Express's query parser makes null-prototype objects: copy into a plain one.
    query: { ...(req.query as Record<string, unknown>) },
    headers: plainHeaders(req.headers),
    cookies: parseCookies(req.headers.cookie),
    ip: req.ip ?? req.socket.remoteAddress ?? '',
    body: decodeBody(req.body, req.headers['content-type']),
  };
}

/** A raw body is text unless its type says binary (Node-RED's rule); an absent body is ''. */
export function decodeBody(body: unknown, contentType: string | undefined): unknown {
  if (body === undefined) return '';
  if (!Buffer.isBuffer(body)) return body;
  return isText(contentType, body) ? body.toString('utf8') : body;
}

function isText(contentType: string | undefined, body: Buffer): boolean {
  if (!contentType) return true;
  const [type = '', subtype = ''] = contentType.split(';')[0]!.trim().toLowerCase().split('/');
  if (type === 'text' || subtype === 'xml' || subtype.endsWith('+xml')) return true;
  if (type !== 'application' || subtype === 'octet-stream') return false;
  // Other application types (e.g. application/vnd.foo+json): text when the bytes are UTF-8.
  return isUtf8(body);
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}

/** The Cookie header as name → value; the first of repeated names wins, as in Express's cookie-parser. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq < 0 || !name || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    cookies.set(name, decode(value));
  }
  return Object.fromEntries(cookies); // own properties even for a name like "__proto__"
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded after all: keep it as sent
  }
}
