// Header helpers of the HTTP nodes (http-request and http-response).
//
// Node-RED's guard against reusing response headers by accident: http-request marks the
// msg.headers it outputs with a hash of them. A later http-request or http-response that
// finds the mark still matching knows nobody set those headers on purpose and ignores them,
// so the next request doesn't carry the previous response's content-length and the like.
import { createHash } from 'node:crypto';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { errorMessage, NodeConfigError } from '#node-api';

const MARK_HEADER = 'x-node-red-request-node';

/** They describe the framing of another message (say, an upstream response), not this one. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

export type HeaderMap = Record<string, string | string[]>;

/** The headers of a response, marked. */
export function markedHeaders(headers: HeaderMap): HeaderMap {
  return { ...headers, [MARK_HEADER]: hashOf(headers) };
}

/**
 * The headers a message asks for: none when msg.headers is a response's headers left as
 * they were, else msg.headers without the mark and the framing headers.
 */
export function requestedHeaders(headers: unknown): Record<string, unknown> {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return {};
  const { [MARK_HEADER]: mark, ...rest } = headers as Record<string, unknown>;
  if (mark !== undefined && mark === hashOf(rest)) return {};
  return Object.fromEntries(Object.entries(rest).filter(([name]) => !FRAMING_HEADERS.has(name.toLowerCase())));
}

function hashOf(headers: Record<string, unknown>): string {
  const sorted = Object.keys(headers).sort().map((name) => [name, headers[name]]);
  return createHash('sha1').update(JSON.stringify(sorted)).digest('hex');
}

/** Rejects at deploy the configured headers Node's HTTP stack would refuse on every message. */
export function checkConfigHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (err) {
      throw new NodeConfigError(`Invalid header "${name}": ${errorMessage(err)}`, `/headers/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    }
  }
}
