// Bounds the memory a delay node holds: beyond `max` held messages the oldest is dropped,
// counted, and reported as a warning (at once, then at most once a minute).
import { warnDrops, type DropCounter, type NodeContext } from '#node-api';

export interface QueueLimit {
  /** True when `held` messages already fill the queue: the caller drops its oldest, counted here. */
  isFull(held: number): boolean;
  readonly drops: DropCounter;
}

export function queueLimit(node: NodeContext<unknown>, max: number): QueueLimit {
  const drops = warnDrops(node, `held message(s) dropped: the queue limit of ${max} was reached (the oldest go first)`);
  return {
    drops,
    isFull(held) {
      if (max <= 0 || held < max) return false;
      drops.add();
      return true;
    },
  };
}
