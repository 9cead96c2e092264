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

/** Stream mode's bound: the longest unfinished piece kept (characters or bytes; 0 = no limit), and what to tell when one is dropped. */
export interface StreamLimit {
  maxPiece: number;
  dropped(): void;
}

export class Sequencer {
  private text = '';
  private bytes: Buffer = Buffer.alloc(0);
  private streamIndex = 0;
  /** Dropping the rest of an over-long piece, up to the next delimiter. */
  private skipping = false;

  constructor(private readonly by: SplitBy, private readonly stream: boolean, private readonly arrayLength: number, private readonly limit: StreamLimit) {}

  /** The sequence for a value, or undefined when it can't be split (number, boolean, null, missing). */
  split(value: unknown): Sequence | undefined {
    if (typeof value === 'string') {
      const { pieces, rest } = this.bounded(cut(this.text + value, this.by, this.stream), '');
      this.text = rest;
      return this.streamed('string', pieces, this.by.kind === 'length' ? { ch: '', len: this.by.length } : { ch: this.by.ch });
    }
    if (Buffer.isBuffer(value)) {
      const { pieces, rest } = this.bounded(cut(this.bytes.length > 0 ? Buffer.concat([this.bytes, value]) : value, this.by, this.stream), Buffer.alloc(0));
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

  /**
   * Stream mode: a piece still unfinished past maxPiece (a delimiter that never comes: wrong
   * baud rate, binary noise) is dropped rather than kept growing, and so is the rest of it up
   * to the next delimiter; then splitting goes on as before. Like split2's skipOverflow.
   */
  private bounded<T extends string | Buffer>({ pieces, rest }: { pieces: T[]; rest: T }, empty: T): { pieces: T[]; rest: T } {
    if (this.skipping) {
      if (pieces.length === 0) return { pieces, rest: empty }; // still inside the over-long piece
      pieces = pieces.slice(1); // its end
      this.skipping = false;
    }
    const { maxPiece } = this.limit;
    if (maxPiece > 0 && this.by.kind === 'delimiter' && rest.length > maxPiece) {
      this.skipping = true;
      this.limit.dropped();
      return { pieces, rest: empty };
    }
    return { pieces, rest };
  }

  private streamed(type: 'string' | 'buffer', pieces: unknown[], info: Sequence['info']): Sequence {
    if (!this.stream) return { type, pieces, firstIndex: 0, counted: true, info };
    const firstIndex = this.streamIndex;
    this.streamIndex += pieces.length;
    return { type, pieces, firstIndex, counted: false, info };
  }
}
