// Turns one value into the pieces of a sequence, with what msg.parts must say about them.
import { cut, type SplitBy } from './splitter.ts';

export interface Sequence {
  type: 'string' | 'buffer' | 'array' | 'object';
  pieces: unknown[];
  /** Object splits: the key of each piece. */
  keys?: string[];
  /** Index of the first piece: in stream mode indexes run on across messages. */
  firstIndex: number;
  /** False in stream mode, where the length of the whole is unknown. */
  counted: boolean;
  /** msg.parts.ch / msg.parts.len, so join can reverse the split. */
  info: { ch?: string | number[]; len?: number };
}

export class Sequencer {
  private text = '';
  private bytes: Buffer = Buffer.alloc(0);
  private streamIndex = 0;

  constructor(private readonly by: SplitBy, private readonly stream: boolean, private readonly arrayLength: number) {}

  /** The sequence for a value, or undefined when it can't be split (number, boolean, null, missing). */
  split(value: unknown): Sequence | undefined {
    if (typeof value === 'string') {
      const { pieces, rest } = cut(this.text + value, this.by, this.stream);
      this.text = rest;
      return this.streamed('string', pieces, this.by.kind === 'length' ? { ch: '', len: this.by.length } : { ch: this.by.ch });
    }
    if (Buffer.isBuffer(value)) {
      const { pieces, rest } = cut(this.bytes.length > 0 ? Buffer.concat([this.bytes, value]) : value, this.by, this.stream);
      this.bytes = rest;
      return this.streamed('buffer', pieces, this.by.kind === 'length' ? { len: this.by.length } : { ch: this.by.ch });
    }
    if (Array.isArray(value)) {
      const pieces: unknown[] = [];
      for (let pos = 0; pos < value.length; pos += this.arrayLength) {
        pieces.push(this.arrayLength === 1 ? value[pos] : value.slice(pos, pos + this.arrayLength));
      }
      return { type: 'array', pieces, firstIndex: 0, counted: true, info: { len: this.arrayLength } };
    }
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      const record = value as Record<string, unknown>;
      return { type: 'object', pieces: keys.map((k) => record[k]), keys, firstIndex: 0, counted: true, info: {} };
    }
    return undefined;
  }

  private streamed(type: 'string' | 'buffer', pieces: unknown[], info: Sequence['info']): Sequence {
    if (!this.stream) return { type, pieces, firstIndex: 0, counted: true, info };
    const firstIndex = this.streamIndex;
    this.streamIndex += pieces.length;
    return { type, pieces, firstIndex, counted: false, info };
  }
}
