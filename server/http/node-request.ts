// What a node's route hands over about a request: plain data (msg.req), with the body
// parsed the way Node-RED's http-in parses it.
import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import express, { type RequestHandler } from 'express';
import type { HttpRequestInfo } from '../node-api/index.ts';

/**
 * Deeper JSON is refused (400). JSON.parse copes with any depth, but the runtime's deep clone,
 * JSON.stringify and other recursive code overflow the stack a few thousand levels down;
 * 1000 is Jackson's default maxNestingDepth.
 */
const MAX_JSON_DEPTH = 1000;

/**
 * Never text, whatever their bytes: Node-RED keeps them binary too, and a small CBOR or
 * protobuf message is often valid UTF-8.
 */
const BINARY_APPLICATION_TYPES = new Set(['octet-stream', 'cbor', 'x-protobuf']);

/**
 * JSON and forms become objects; anything else is read raw and then turned into a string or
 * kept as a Buffer by {@link decodeBody}. Each parser skips a body an earlier one read.
 */
export function bodyParsers(limit: number): RequestHandler[] {
  return [
    express.json({ limit, verify: checkJsonDepth, reviver: refuseProtoKey }),
    express.urlencoded({ extended: true, limit }),
    express.raw({ type: () => true, limit }),
    decodeRawBody,
  ];
}

/** The error the body parsers would raise: status and type make it a 4xx answer, not a 500. */
function httpError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, type });
}

/** express.json's `verify`: counts nesting in the raw body, before anything recurses into it. */
function checkJsonDepth(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  let text: string;
  try {
    // latin1 maps UTF-8 byte for byte: the structural characters stay themselves.
    text = encoding === 'utf-8' ? body.toString('latin1') : new TextDecoder(encoding).decode(body);
  } catch {
    throw httpError(415, 'charset.unsupported', `unsupported charset "${encoding.toUpperCase()}"`);
  }
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw httpError(400, 'entity.too.deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
}

function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * A "__proto__" key is refused, as fastify does by default: code that copies an object by
 * assignment (Object.assign, a loop in a function node) turns such a key into the prototype
 * of the copy, so a client could plant inherited properties.
 */
function refuseProtoKey(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('JSON key "__proto__" is not allowed');
  return value;
}

/** After express.raw(): the body as a string or Buffer, or a 415 for a charset we can't decode. */
const decodeRawBody: RequestHandler = (req, _res, next) => {
  try {
    req.body = decodeBody(req.body, req.headers['content-type']);
  } catch (err) {
    next(err);
    return;
  }
  next();
};

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
    body: req.body,
  };
}

/**
 * A raw body is text unless its type says binary (Node-RED's rule), decoded with the charset
 * it declares (UTF-8 when none); an absent body is ''. Throws a 415 error for an unknown charset.
 */
function decodeBody(body: unknown, contentType: string | undefined): unknown {
  if (body === undefined) return '';
  if (!Buffer.isBuffer(body)) return body;
  const charset = charsetOf(contentType);
  if (!isText(contentType, charset, body)) return body;
  if (!charset || charset === 'utf-8' || charset === 'utf8') return body.toString('utf8');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw httpError(415, 'charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
  }
  return decoder.decode(body);
}

function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return (match?.[1] ?? match?.[2])?.toLowerCase() || undefined;
}

function isText(contentType: string | undefined, charset: string | undefined, body: Buffer): boolean {
  if (!contentType) return true;
  const [type = '', subtype = ''] = contentType.split(';')[0]!.trim().toLowerCase().split('/');
  if (type === 'text' || subtype === 'xml' || subtype.endsWith('+xml')) return true;
  if (type !== 'application' || BINARY_APPLICATION_TYPES.has(subtype)) return false;
  // Other application types (e.g. application/vnd.foo+json): text when they declare a
  // charset, or when the bytes are UTF-8.
  return charset !== undefined || isUtf8(body);
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
