// How a string or Buffer is cut: at a delimiter (text or bytes) or into fixed lengths. In
// stream mode the unfinished end of one message is kept and put in front of the next one.
import { errorMessage, NodeConfigError } from '#node-api';

export type SplitBy = ({ kind: 'delimiter' } & Delimiter) | { kind: 'length'; length: number };

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', 0: '\0', '\\': '\\' };

export interface Delimiter {
  text: string;
  bytes: Buffer;
  /** What msg.parts.ch carries: the text, or the byte array for a binary delimiter. */
  ch: string | number[];
}

/**
 * Reads a delimiter as Node-RED stores it: text with `\n`, `\r`, `\t`, `\f`, `\0` written as
 * backslash sequences ("str"), or a JSON array of bytes ("bin"). Shared with join's joiner.
 */
export function parseDelimiter(value: string, type: 'str' | 'bin', configPath: string): Delimiter {
  if (type === 'str') {
    const text = value.replace(/\\([nrtf0\\])/g, (_, c: string) => ESCAPES[c]!);
    return { text, bytes: Buffer.from(text), ch: text };
  }
  let bytes: unknown;
  try {
    bytes = JSON.parse(value || '[]');
  } catch (err) {
    throw new NodeConfigError(`Invalid binary delimiter: ${errorMessage(err)}`, configPath);
  }
  if (!Array.isArray(bytes) || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new NodeConfigError('A binary delimiter must be a JSON array of bytes, e.g. [13,10]', configPath);
  }
  const buffer = Buffer.from(bytes as number[]);
  return { text: buffer.toString(), bytes: buffer, ch: bytes as number[] };
}

/** Reads split's `splt`/`spltType` config. */
export function parseSplitBy(splt: string, spltType: 'str' | 'bin' | 'len'): SplitBy {
  if (spltType === 'len') {
    const length = Number(splt);
    if (!Number.isInteger(length) || length < 1) throw new NodeConfigError(`Split length must be a whole number of at least 1, not "${splt}"`, '/splt');
    return { kind: 'length', length };
  }
  // Like Node-RED, an empty text delimiter means the default newline.
  const delimiter = parseDelimiter(spltType === 'str' && splt === '' ? '\\n' : splt, spltType, '/splt');
  if (delimiter.bytes.length === 0) throw new NodeConfigError('The delimiter must not be empty', '/splt');
  return { kind: 'delimiter', ...delimiter };
}

/** Cuts text or bytes; `stream` holds back an unfinished last piece, returned as `rest`. */
export function cut<T extends string | Buffer>(data: T, by: SplitBy, stream: boolean): { pieces: T[]; rest: T } {
  const pieces = by.kind === 'length' ? chunks(data, by.length) : atDelimiter(data, by);
  const empty = sub(data, 0, 0);
  if (!stream) return { pieces, rest: empty };
  const last = pieces[pieces.length - 1]!;
  // A fixed-length piece that came out whole is finished; a delimited last piece never is.
  if (by.kind === 'length' && last.length === by.length) return { pieces, rest: empty };
  return { pieces: pieces.slice(0, -1), rest: last };
}

function chunks<T extends string | Buffer>(data: T, length: number): T[] {
  if (data.length === 0) return [data];
  const out: T[] = [];
  for (let pos = 0; pos < data.length; pos += length) out.push(sub(data, pos, pos + length));
  return out;
}

function sub<T extends string | Buffer>(data: T, start: number, end: number): T {
  return (typeof data === 'string' ? data.slice(start, end) : data.subarray(start, end)) as T;
}

function atDelimiter<T extends string | Buffer>(data: T, by: Extract<SplitBy, { kind: 'delimiter' }>): T[] {
  if (typeof data === 'string') return data.split(by.text) as T[];
  const out: Buffer[] = [];
  let from = 0;
  for (let at = data.indexOf(by.bytes); at !== -1; at = data.indexOf(by.bytes, from)) {
    out.push(data.subarray(from, at));
    from = at + by.bytes.length;
  }
  out.push(data.subarray(from));
  return out as T[];
}
