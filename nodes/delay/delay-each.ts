import { setLongTimeout, type Timer } from '#node-api';
// Modes delay, delayv and random: every message waits its own time, independent of the others.
import type { Message, NodeHandlers } from '#node-api';
import { flushCount, has, isControlOnly } from './control.ts';
import type { Held, ModeTools } from './mode.ts';
import type { DelayNode } from './schema.ts';

interface Pending extends Held {
  timer?: Timer;
}

export function delayEach(node: DelayNode, delayFor: (msg: Message) => number, { depth, limit }: ModeTools): NodeHandlers {
  const pending = new Set<Pending>(); // in arrival order, which is the order msg.flush releases them in

  const release = (entry: Pending) => {
    entry.timer?.cancel();
    pending.delete(entry);
    node.send(entry.msg);
    entry.done();
  };
  const drop = (entry: Pending) => {
    entry.timer?.cancel();
    pending.delete(entry);
    entry.done();
  };

  return {
    input(msg, _send, done) {
      if (has(msg, 'reset')) {
        pending.forEach(drop);
        done();
      } else {
        if (isControlOnly(msg)) done();
        else {
          const oldest = pending.values().next().value;
          if (oldest && limit.isFull(pending.size)) drop(oldest);
          const entry: Pending = { msg, done };
          entry.timer = setLongTimeout(delayFor(msg), () => {
            release(entry);
            depth.update(pending.size);
          });
          pending.add(entry);
        }
        if (has(msg, 'flush')) [...pending].slice(0, flushCount(msg.flush, pending.size)).forEach(release);
      }
      depth.update(pending.size);
    },
    close() {
      pending.forEach(drop);
      depth.stop();
    },
  };
}

/** delayv: msg.delay in milliseconds, when it reads as a number; negative means no delay. */
export function messageDelay(delay: unknown): number | undefined {
  if (delay === undefined || delay === null) return undefined;
  const ms = Number.parseFloat(String(delay));
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}
