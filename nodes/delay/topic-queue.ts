import { setLongInterval, type Timer } from '#node-api';
// Modes queue and timed: rate limit per msg.topic. Only the latest message of each topic is
// held (an older one is dropped, or sent on the second output, when a newer one arrives).
// Every interval, "queue" releases the topic that has waited longest, "timed" every held topic.
import type { NodeHandlers } from '#node-api';
import { flushCount, has, isControlOnly } from './control.ts';
import { rateOverride } from './settings.ts';
import type { Held, ModeTools } from './mode.ts';
import type { DelayNode } from './schema.ts';

export function topicQueue(node: DelayNode, configuredMs: number, { depth, limit }: ModeTools): NodeHandlers {
  const byTopic = new Map<unknown, Held>(); // insertion order: the topic waiting longest comes first
  let intervalMs = configuredMs;
  let ticker: Timer | undefined;

  const releaseFirst = (count: number) => {
    for (const [topic, held] of byTopic) {
      if (count-- <= 0) break;
      byTopic.delete(topic);
      node.send(held.msg);
      held.done();
    }
  };
  const tick = () => {
    releaseFirst(node.config.pauseType === 'timed' ? byTopic.size : 1);
    depth.update(byTopic.size);
  };
  const startTicker = () => {
    ticker?.cancel();
    ticker = setLongInterval(intervalMs, tick);
  };
  const changeInterval = (ms: number) => {
    if (ms === intervalMs) return;
    intervalMs = ms;
    startTicker();
  };
  const dropAll = () => {
    for (const held of byTopic.values()) held.done();
    byTopic.clear();
  };

  const hold = (held: Held) => {
    const topic = held.msg.topic;
    const previous = byTopic.get(topic);
    if (previous) {
      // Replaced in place: the topic keeps its turn. With two outputs the replaced one leaves on the second.
      if (node.config.outputs === 2) node.send([null, previous.msg]);
      previous.done();
    }
    else if (limit.isFull(byTopic.size)) {
      const [oldestTopic, oldest] = byTopic.entries().next().value!;
      byTopic.delete(oldestTopic);
      oldest.done();
    }
    byTopic.set(topic, held);
  };

  startTicker();
  return {
    input(msg, _send, done) {
      if (has(msg, 'reset')) {
        dropAll();
        changeInterval(configuredMs);
        done();
      } else {
        const override = rateOverride(node.config, msg.rate);
        if (override !== undefined) changeInterval(override);
        if (isControlOnly(msg)) done();
        else hold({ msg, done });
        if (has(msg, 'flush')) releaseFirst(flushCount(msg.flush, byTopic.size));
      }
      depth.update(byTopic.size);
    },
    close() {
      ticker?.cancel();
      dropAll();
      depth.stop();
    },
  };
}
