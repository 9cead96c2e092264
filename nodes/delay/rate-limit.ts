import { setLongInterval, type Timer } from '#node-api';
// Mode rate: at most one message per interval across all messages. Early messages queue (and
// leave one per interval) or, with `drop`, are discarded.
import type { NodeHandlers } from '#node-api';
import { flushCount, has, isControlOnly } from './control.ts';
import { rateOverride } from './settings.ts';
import type { Held, ModeTools } from './mode.ts';
import type { DelayNode } from './schema.ts';

export function rateLimit(node: DelayNode, configuredMs: number, { depth, limit }: ModeTools): NodeHandlers {
  const queue: Held[] = [];
  let intervalMs = configuredMs;
  let ticker: Timer | undefined; // running while the last release is less than an interval ago
  let lastSentAt: number | undefined; // drop mode

  const stopTicker = () => {
    ticker?.cancel();
    ticker = undefined;
  };
  const startTicker = () => {
    ticker?.cancel();
    ticker = setLongInterval(intervalMs, tick);
  };
  const releaseNext = () => {
    const next = queue.shift()!;
    node.send(next.msg);
    next.done();
  };
  function tick() {
    if (queue.length === 0) stopTicker();
    else releaseNext();
    depth.update(queue.length);
  }

  const reset = () => {
    for (const held of queue.splice(0)) held.done();
    stopTicker();
    intervalMs = configuredMs;
    lastSentAt = undefined;
  };

  const dropEarly = (msg: Held['msg']) => {
    const now = performance.now();
    if (lastSentAt !== undefined && now - lastSentAt < intervalMs) {
      if (node.config.outputs === 2) node.send([null, msg]); // Node-RED's "send intermediate messages on extra output"
      return;
    }
    lastSentAt = now;
    node.send(msg);
  };

  const enqueue = (held: Held) => {
    if (!ticker) {
      // Idle: the first message goes at once and opens an interval.
      node.send(held.msg);
      held.done();
      startTicker();
      return;
    }
    if (limit.isFull(queue.length)) queue.shift()!.done();
    if (held.msg.toFront === true) queue.unshift(held);
    else queue.push(held);
  };

  const flush = (count: number) => {
    if (count === 0) {
      stopTicker(); // nothing held: the next message may go at once
      return;
    }
    for (let i = 0; i < count; i++) releaseNext();
    startTicker();
  };

  return {
    input(msg, _send, done) {
      if (has(msg, 'reset')) {
        reset();
        depth.update(0);
        done();
        return;
      }
      const override = rateOverride(node.config, msg.rate);
      if (override !== undefined && override !== intervalMs) {
        intervalMs = override;
        if (ticker) startTicker();
      }
      if (isControlOnly(msg)) done();
      else if (node.config.drop) {
        dropEarly(msg);
        done();
      } else enqueue({ msg, done });
      if (has(msg, 'flush')) flush(flushCount(msg.flush, queue.length));
      depth.update(queue.length);
    },
    close() {
      for (const held of queue.splice(0)) held.done();
      stopTicker();
      depth.stop();
    },
  };
}
