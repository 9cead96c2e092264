// The deep clone Patchbay uses when one message becomes several (same rules as the runtime's
// fan-out: Buffers, Dates, typed arrays and circular references survive). Shared by the
// sequence, trigger, link and watcher nodes.
import rfdc from 'rfdc';
import type { Message } from '#node-api';

const clone = rfdc({ proto: false, circles: true });

export function cloneMessage<T extends Message>(msg: T): T {
  return clone(msg);
}
