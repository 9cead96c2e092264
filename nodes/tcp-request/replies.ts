// When tcp request has its reply: after a quiet time, at a character, after a number of
// bytes, never (every piece as it comes), or not at all (Node-RED's "close" options).
import { NodeConfigError } from '#node-api';
import { payloadReader } from '../tcp-in/reader.ts';

export type ReplyRule =
  | { kind: 'time'; ms: number }
  | { kind: 'char'; code: number }
  | { kind: 'count'; bytes: number }
  | { kind: 'sit' }
  | { kind: 'immed' };

/** Node-RED reads at most 64 KiB into a reply that ends at a character or after a time. */
const MAX_REPLY_BYTES = 65_536;

const CHAR_ESCAPES: Record<string, number> = { '\\n': 0x0a, '\\r': 0x0d, '\\t': 0x09, '\\e': 0x1b, '\\f': 0x0c, '\\0': 0x00 };

/** The rule of the node's `out` and `splitc` settings; a NodeConfigError for a bad `splitc`. */
export function replyRule(out: ReplyRule['kind'], splitc: string): ReplyRule {
  if (out === 'sit' || out === 'immed') return { kind: out };
  if (out === 'char') {
    const code = CHAR_ESCAPES[splitc] ?? (splitc.startsWith('0x') ? Number.parseInt(splitc, 16) : splitc.charCodeAt(0));
    if (!Number.isInteger(code) || code < 0 || code > 255) throw new NodeConfigError(`"${splitc}" is not a character (a character, \\n, or a code such as 0x0A)`, '/splitc');
    return { kind: 'char', code };
  }
  const value = Number(splitc);
  if (out === 'count') {
    if (!Number.isInteger(value) || value < 1) throw new NodeConfigError(`"${splitc}" is not a number of bytes (1 or more)`, '/splitc');
    return { kind: 'count', bytes: value };
  }
  if (!Number.isFinite(value) || value < 0) throw new NodeConfigError(`"${splitc}" is not a time in milliseconds`, '/splitc');
  return { kind: 'time', ms: value };
}

export interface ReplyHandlers {
  /** A reply (or, never closing, a piece of one). */
  emit(payload: Buffer | string): void;
  /** The reply is complete: the connection closes. */
  finish(): void;
  /** Resolves after `ms` unless the node stops first. */
  sleep(ms: number): Promise<void>;
}

/** What to do with each chunk a connection receives, under `rule`. */
export function replyReader(rule: ReplyRule, text: { ret: 'buffer' | 'string'; newline: string; trim: boolean }, on: ReplyHandlers): (chunk: Buffer) => void {
  const asText = text.ret === 'string';
  const payloadOf = (bytes: Buffer) => (asText ? bytes.toString() : bytes);
  const complete = (bytes: Buffer) => {
    on.emit(payloadOf(bytes));
    on.finish();
  };
  switch (rule.kind) {
    case 'immed':
      return () => undefined;
    case 'sit': {
      if (!asText) return (chunk) => on.emit(chunk);
      const reader = payloadReader({ stream: true, datatype: 'utf8', newline: text.newline, trim: text.trim }, on.emit);
      return (chunk) => reader.data(chunk);
    }
    case 'count': {
      let held = Buffer.alloc(0);
      return (chunk) => {
        held = Buffer.concat([held, chunk]);
        if (held.length >= rule.bytes) complete(held.subarray(0, rule.bytes));
      };
    }
    case 'char': {
      let held = Buffer.alloc(0);
      return (chunk) => {
        const at = chunk.indexOf(rule.code);
        held = Buffer.concat([held, at < 0 ? chunk : chunk.subarray(0, at + 1)]).subarray(0, MAX_REPLY_BYTES);
        if (at >= 0) complete(held);
      };
    }
    case 'time': {
      let held: Buffer[] | undefined;
      return (chunk) => {
        if (held) {
          held.push(chunk);
          return;
        }
        held = [chunk];
        // The time counts from the first byte of the reply.
        void on.sleep(rule.ms).then(() => complete(Buffer.concat(held ?? []).subarray(0, MAX_REPLY_BYTES)), () => undefined);
      };
    }
  }
}
