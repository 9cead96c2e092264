// The deep clone used wherever one message becomes several: the runtime's fan-out and nodes
// that copy messages (catch, complete, trigger, join, link). Buffers, Dates, typed arrays and
// circular references survive.
import rfdc from 'rfdc';

const clone = rfdc({ proto: false, circles: true });

/**
 * Deep-copies a message (or any value).
 *
 * @example
 * ```ts
 * node.send([msg, cloneMessage(msg)]);
 * ```
 */
export function cloneMessage<T>(msg: T): T {
  return clone(msg);
}
