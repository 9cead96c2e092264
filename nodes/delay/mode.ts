// What every delay mode is built from.
import type { Message } from '#node-api';
import type { DepthStatus } from './depth-status.ts';
import type { QueueLimit } from './queue-limit.ts';

/** A message the node holds, with the `done` that completes it once it is sent or dropped. */
export interface Held {
  msg: Message;
  done: () => void;
}

export interface ModeTools {
  depth: DepthStatus;
  limit: QueueLimit;
}
