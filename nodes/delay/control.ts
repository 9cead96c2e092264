// The control properties every delay mode understands: msg.reset and msg.flush.
import type { Message } from '#node-api';

/**
 * A message made only of control properties (besides `_msgid`) steers the node but is not
 * itself delayed or queued, like Node-RED's `{ flush: true }` from an inject node.
 */
export function isControlOnly(msg: Message): boolean {
  let control = false;
  for (const key of Object.keys(msg)) {
    if (key === 'reset' || key === 'flush') control = true;
    else if (key !== '_msgid') return false;
  }
  return control;
}

/** How many held messages `msg.flush` releases: a number releases that many, anything else all. */
export function flushCount(flush: unknown, held: number): number {
  if (typeof flush !== 'number') return held;
  return Math.max(0, Math.min(Math.floor(flush), held));
}

export const has = (msg: Message, key: 'reset' | 'flush'): boolean => Object.hasOwn(msg, key);
