// JSON request bodies for the API. The body is read as one Buffer and decoded in one go:
// express.json() decodes through iconv-lite (whose encoding tables take ~14 ms to load on the
// first request) into a string of many pieces that JSON.parse must flatten first, which for a
// big deploy left a second copy of the document on the heap.
import express, { type Request, type RequestHandler } from 'express';
import { fail } from '../errors.ts';

/** RFC 8259: JSON is UTF-8; like express.json(), the other UTFs are decoded too. */
const DEFAULT_CHARSET = 'utf-8';

/**
 * Reads `application/json` bodies of at most `limit` bytes into `req.body`, with express.raw's
 * reading (limit, inflating, which requests have a body) and express.json's rules: only UTF
 * charsets, an empty body is `{}`, anything but an object or array is refused.
 */
export function jsonBodies(limit: number): RequestHandler[] {
  return [express.raw({ type: 'application/json', limit }), parseJsonBody];
}

const parseJsonBody: RequestHandler = (req, _res, next) => {
  if (Buffer.isBuffer(req.body)) req.body = parse(req.body, charsetOf(req.headers['content-type']));
  next();
};

function charsetOf(contentType: string | undefined): string {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase() ?? DEFAULT_CHARSET;
}

function parse(bytes: Buffer, charset: string): unknown {
  if (bytes.length === 0) return {}; // as express.json(): a common client-side mistake
  const text = decode(bytes, charset);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw fail('HTTP_BODY_INVALID', `not valid JSON: ${(err as Error).message}`);
  }
  // express.json() reported `null` or `"text"` as a syntax error, which sent users looking for one.
  if (value === null || typeof value !== 'object') throw fail('HTTP_BODY_INVALID', `expected a JSON object, got ${JSON.stringify(value)}`);
  return value;
}

function decode(bytes: Buffer, charset: string): string {
  if (charset.startsWith('utf')) { // utf-8, utf8, utf-16le, ...
    try {
      return new TextDecoder(charset).decode(bytes); // drops a byte order mark, as iconv-lite did
    } catch {
      // not a charset TextDecoder knows: refused below
    }
  }
  throw fail('HTTP_BODY_UNSUPPORTED', `unsupported charset "${charset.toUpperCase()}"`);
}

/** The parsed JSON body, or a 400 (no body) / 415 (not JSON) that says what was sent. */
export function jsonBody(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody) throw fail('HTTP_BODY_INVALID', `${req.method} ${req.originalUrl} needs a JSON body`);
  throw fail('HTTP_BODY_UNSUPPORTED', `expected application/json, got ${req.get('content-type') ?? 'no Content-Type'}`);
}
