// Message sequences (msg.parts) a node holds until they are complete (join, switch with
// "recreate sequences"), within a budget of parts across all of them. Node-RED bounds these
// buffers only with its global nodeMessageBufferMaxLength (off by default) and then drops
// everything held; here the oldest sequence goes first, so recent ones can still complete.
import type { DropCounter } from './drop-counter.ts';

/** Dropped sequence ids remembered, so that their late parts are dropped too. */
const REMEMBERED_DROPS = 1000;

/**
 * How {@link HeldSequences} bounds what it holds.
 *
 * @example
 * ```ts
 * const options: HeldSequencesOptions<Group> = { maxParts: node.config.maxParts, drops, onDrop: (g) => g.cancel() };
 * ```
 */
export interface HeldSequencesOptions<G> {
  /** Parts held at most across all sequences; 0 = no limit. */
  maxParts: number;
  /** Counts every part dropped (those of dropped sequences, and late parts of them). */
  drops: DropCounter;
  /** Cleans up a sequence dropped to make room (a timer to clear, say). */
  onDrop?(group: G): void;
  /**
   * Remember the ids of dropped sequences and drop their later parts too. Right for
   * msg.parts ids, which are never reused; wrong for a fixed id such as a manual join's.
   */
  rememberDropped?: boolean;
}

/**
 * Sequences held by id, in the order they were opened. `resize` records how many parts a
 * sequence holds; while the total is over `maxParts`, the oldest sequence is dropped (even the
 * one just resized, when it alone is over the budget) and its parts are counted as dropped.
 *
 * @example
 * ```ts
 * const held = new HeldSequences<Message[]>({ maxParts: 10_000, drops, rememberDropped: true });
 * if (!held.admit(parts.id)) return;               // a late part of a dropped sequence
 * const msgs = held.get(parts.id) ?? held.open(parts.id, []);
 * msgs.push(msg);
 * if (!held.resize(parts.id, msgs.length)) return; // dropped to stay within the budget
 * if (msgs.length === parts.count) send(held.delete(parts.id));
 * ```
 */
export class HeldSequences<G> {
  private readonly groups = new Map<unknown, { group: G; parts: number }>();
  private readonly dropped = new Set<unknown>();
  private parts = 0;

  constructor(private readonly opts: HeldSequencesOptions<G>) {}

  /** Sequences held now. */
  get size(): number {
    return this.groups.size;
  }

  /** Parts held now, across all sequences. */
  get heldParts(): number {
    return this.parts;
  }

  get(id: unknown): G | undefined {
    return this.groups.get(id)?.group;
  }

  /** False (and the part counted as dropped) for a part of a sequence dropped earlier. */
  admit(id: unknown): boolean {
    if (!this.dropped.has(id)) return true;
    this.opts.drops.add();
    return false;
  }

  /** Starts holding a sequence (with no parts yet); returns the group. */
  open(id: unknown, group: G): G {
    this.groups.set(id, { group, parts: 0 });
    return group;
  }

  /**
   * Records that the sequence now holds `parts` parts, then drops the oldest sequences while
   * over the budget. False when this sequence itself was dropped.
   */
  resize(id: unknown, parts: number): boolean {
    const entry = this.groups.get(id);
    if (!entry) return false;
    this.parts += parts - entry.parts;
    entry.parts = parts;
    const { maxParts } = this.opts;
    while (maxParts > 0 && this.parts > maxParts) this.dropOldest();
    return this.groups.has(id);
  }

  /** Stops holding a sequence (complete, or reset): its parts are not counted as dropped. */
  delete(id: unknown): G | undefined {
    const entry = this.groups.get(id);
    if (!entry) return undefined;
    this.groups.delete(id);
    this.parts -= entry.parts;
    return entry.group;
  }

  keys(): unknown[] {
    return [...this.groups.keys()];
  }

  /** Stops holding everything (node stop, reset of all sequences). */
  clear(): void {
    this.groups.clear();
    this.dropped.clear();
    this.parts = 0;
  }

  private dropOldest(): void {
    const [id, entry] = this.groups.entries().next().value!;
    this.delete(id);
    this.opts.drops.add(entry.parts);
    this.opts.onDrop?.(entry.group);
    if (!this.opts.rememberDropped) return;
    this.dropped.add(id);
    if (this.dropped.size > REMEMBERED_DROPS) this.dropped.delete(this.dropped.values().next().value);
  }
}
