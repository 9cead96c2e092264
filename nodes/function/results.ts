// Sends what user code returned or passed to node.send, the way Node-RED's Function node does:
// a message goes to the first output; an array has one entry per output, each a message, an
// array of messages, or null; null/undefined sends nothing.
import { cloneMessage, type Message, NodeRuntimeError, type Outgoing } from '#node-api';

export interface SendOptions {
  /** Every sent message carries this id (the input message's), as in Node-RED. */
  msgid: string;
  /** Copy the first message: node.send(msg) must not see later changes the code makes to msg. */
  cloneFirst: boolean;
  send(out: Outgoing): void;
  /** Something that is not a message was in the results. */
  invalid(err: Error): void;
}

export function sendResults(results: unknown, opts: SendOptions): void {
  if (results === null || results === undefined) return;
  const state = { cloneNext: opts.cloneFirst, count: 0 };
  if (!Array.isArray(results)) {
    const msg = take(results, state, opts);
    if (msg) opts.send(msg);
    return;
  }
  const outputs: Array<Message | Message[] | null> = [];
  for (const entry of results as unknown[]) {
    if (!Array.isArray(entry)) {
      outputs.push(take(entry, state, opts));
      continue;
    }
    const list: Message[] = [];
    for (const value of entry as unknown[]) {
      const msg = take(value, state, opts);
      if (msg) list.push(msg);
    }
    outputs.push(list);
  }
  if (state.count > 0) opts.send(outputs);
}

// A module-level function rather than a closure per call: this runs for every message.
function take(value: unknown, state: { cloneNext: boolean; count: number }, opts: SendOptions): Message | null {
  if (value === null || value === undefined) return null;
  if (!isMessageObject(value)) {
    opts.invalid(new NodeRuntimeError(`Function tried to send a message of type ${typeName(value)}`, 'FUNCTION_RESULT_INVALID'));
    return null;
  }
  const msg = state.cloneNext ? cloneMessage(value) : value;
  state.cloneNext = false;
  msg._msgid = opts.msgid;
  state.count++;
  return msg;
}

/** A plain object, from any realm (user code makes its objects in its own vm context). */
export function isMessageObject(value: unknown): value is Message {
  return Object.prototype.toString.call(value) === '[object Object]';
}

function typeName(value: unknown): string {
  if (Buffer.isBuffer(value)) return 'Buffer';
  if (typeof value !== 'object' || value === null) return typeof value;
  return Object.prototype.toString.call(value).slice(8, -1);
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
