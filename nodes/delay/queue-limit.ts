// Bounds the memory a delay node holds: beyond `max` held messages the oldest is dropped,
// with one warning per deploy so a flood doesn't also flood the log.
import type { NodeContext } from '#node-api';

export type QueueLimit = (held: number) => boolean;

/** Returns a check: true when `held` messages already fill the queue (and warns the first time). */
export function queueLimit(node: NodeContext<unknown>, max: number): QueueLimit {
  let warned = false;
  return (held) => {
    if (max <= 0 || held < max) return false;
    if (!warned) {
      warned = true;
      node.warn(`Queue limit of ${max} reached: dropping the oldest held messages`);
    }
    return true;
  };
}
