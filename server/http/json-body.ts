// The JSON document a route takes. express.json() leaves `req.body` undefined when a request
// has no body or another content type; without this check that surfaced as a 500.
import type { Request } from 'express';
import { fail } from '../errors.ts';

/** The parsed JSON body, or a 400 (no body) / 415 (not JSON) that says what was sent. */
export function jsonBody(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody) throw fail('HTTP_BODY_INVALID', `${req.method} ${req.originalUrl} needs a JSON body`);
  throw fail('HTTP_BODY_UNSUPPORTED', `expected application/json, got ${req.get('content-type') ?? 'no Content-Type'}`);
}
