// The deep clone used wherever one message becomes several: the runtime's fan-out and nodes
// that copy messages (catch, complete, trigger, join, link). Buffers, Dates, typed arrays and
// circular references survive. An HttpReply (msg.res) is shared, not copied: every copy of a
// request's message must be able to answer that one request.
import rfdc from 'rfdc';
import { HttpReply } from './http.ts';

const clone = rfdc({ proto: false, circles: true, constructorHandlers: [[HttpReply, (reply: HttpReply) => reply]] });

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
