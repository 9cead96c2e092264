// How the load generator judges each reply: the right transform of one of its own messages
// (isTransformed), and each message once, in its publisher's order (Tracker). What the bench's
// "every message arrived once, in order, transformed" rests on.
import type { LoadOptions } from './load-types.ts';

/** A reply as the pipeline sends it back: the generator's message with `s2 = s * 2` added. */
export interface Reply { g: number; p: number; s: number; t: number; x: string; s2?: number }

/** Whether `reply` is one of this generator's messages, transformed as its route does (the relay: unchanged). */
export function isTransformed(reply: Reply, options: Pick<LoadOptions, 'generator' | 'publishers' | 'route'>): boolean {
  if (reply.g !== options.generator || !Number.isInteger(reply.p) || reply.p < 0 || reply.p >= options.publishers) return false;
  if (typeof reply.x !== 'string' || typeof reply.t !== 'number') return false;
  return options.route === 'pipeline' ? reply.s2 === reply.s * 2 : reply.s2 === undefined;
}

/** Seen sequence numbers per publisher: duplicates and reordering are exact, not guessed. */
export class Tracker {
  readonly seen: Uint8Array[];
  readonly highest: number[];
  readonly unique: number[];
  duplicated = 0;
  reordered = 0;
  constructor(publishers: number) {
    this.seen = Array.from({ length: publishers }, () => new Uint8Array(1 << 16));
    this.highest = Array.from({ length: publishers }, () => -1);
    this.unique = Array.from({ length: publishers }, () => 0);
  }
  /** Records `s` from publisher `p`; false if it was a duplicate. */
  record(p: number, s: number): boolean {
    let seen = this.seen[p]!;
    if (s >= seen.length) {
      const grown = new Uint8Array(Math.max(seen.length * 2, s + 1));
      grown.set(seen);
      this.seen[p] = seen = grown;
    }
    if (seen[s]) return ++this.duplicated, false;
    seen[s] = 1;
    this.unique[p]!++;
    if (s < this.highest[p]!) this.reordered++;
    else this.highest[p] = s;
    return true;
  }
}
