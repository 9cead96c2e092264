// The trigger's behaviour: per stream (all messages, or one per topic value) send the first
// message, wait, then send the second one, ignoring or extending on messages that arrive
// while waiting, until a reset.
import { cloneMessage, getProperty, type Message, type NodeHandlers, setLongInterval, setLongTimeout, type Timer, warnDrops } from '#node-api';
import type { OutputValue } from './output-value.ts';
import type { TriggerNode } from './schema.ts';

export interface TriggerPlan {
  first: OutputValue;
  second: OutputValue;
  /** 0 waits until reset; negative re-sends the first message every |durationMs|. */
  durationMs: number;
}

interface Stream {
  /** Absent while waiting for a reset (duration 0). */
  timer?: Timer;
  /** The second message is this one with its payload replaced. */
  base: Message;
  secondValue?: unknown;
  /** For a second value of type "payl". */
  latest?: Message;
}

export function triggerHandlers(node: TriggerNode, { first, second, durationMs }: TriggerPlan): NodeHandlers {
  const { config } = node;
  const repeat = durationMs < 0;
  const streams = new Map<unknown, Stream>(); // in the order they started: the oldest first
  // Per topic, every topic value opens a stream: beyond maxTopics the oldest is dropped (as if reset).
  const maxStreams = config.bytopic === 'topic' ? config.maxTopics : 0;
  const drops = warnDrops(node, `waiting topic(s) dropped without their second message: the limit of ${maxStreams} topics was reached (the oldest go first)`);
  let shown = '';

  const showStatus = () => {
    const busy = streams.size > 0;
    const text = drops.total > 0 ? `${drops.total} dropped` : undefined;
    if (`${busy}${text}` === shown) return;
    shown = `${busy}${text}`;
    node.status(busy || text ? { fill: text ? 'yellow' : 'blue', shape: busy ? 'dot' : 'ring', ...(text && { text }) } : {});
  };

  const waitFor = (msg: Message): number => {
    if (config.overrideDelay && msg.delay !== undefined && msg.delay !== null) {
      const ms = Number.parseFloat(String(msg.delay));
      if (!Number.isNaN(ms)) return Math.abs(ms);
    }
    return Math.abs(durationMs);
  };

  const isReset = (msg: Message): boolean => Object.hasOwn(msg, 'reset')
    || (config.reset !== '' && msg.payload !== undefined && msg.payload !== null && String(msg.payload) === config.reset);

  const stop = (key: unknown) => {
    streams.get(key)?.timer?.cancel();
    streams.delete(key);
  };

  const fire = (key: unknown, stream: Stream) => {
    streams.delete(key);
    let out: Message | undefined;
    if (second.kind === 'latest') out = stream.latest;
    else if (second.kind === 'value') {
      out = stream.base;
      out.payload = second.atFire ? second.read(out) : stream.secondValue;
    }
    if (out) node.send(config.outputs === 2 ? [null, out] : out);
    showStatus();
  };

  const start = (key: unknown, msg: Message) => {
    stop(key);
    if (maxStreams > 0 && streams.size >= maxStreams) {
      stop(streams.keys().next().value);
      drops.add();
    }
    const stream: Stream = { base: msg };
    // The second value is read first, from the message as it arrived (Node-RED's order).
    if (second.kind === 'value' && !second.atFire) stream.secondValue = second.read(msg);
    if (second.kind === 'latest') stream.latest = cloneMessage(msg);
    if (first.kind === 'value') msg.payload = first.read(msg);
    streams.set(key, stream);
    const wait = waitFor(msg);
    if (repeat) {
      if (first.kind !== 'nothing') {
        const repeated = cloneMessage(msg);
        stream.timer = setLongInterval(wait, () => node.send(cloneMessage(repeated)));
      }
    } else if (wait > 0) stream.timer = setLongTimeout(wait, () => fire(key, stream));
    if (first.kind !== 'nothing') node.send(cloneMessage(msg));
  };

  const whileWaiting = (key: unknown, stream: Stream, msg: Message) => {
    if (second.kind === 'latest') stream.latest = msg;
    if (!config.extend || !stream.timer) return;
    stream.timer.cancel();
    stream.base = msg;
    stream.timer = setLongTimeout(waitFor(msg), () => fire(key, stream));
  };

  return {
    input(msg) {
      const key = config.bytopic === 'topic' ? getProperty(msg, config.topic) : undefined;
      if (isReset(msg)) {
        // Per topic, a reset without a topic resets every stream.
        if (key === undefined) [...streams.keys()].forEach(stop);
        else stop(key);
      } else {
        const stream = streams.get(key);
        if (!stream || repeat) start(key, msg);
        else whileWaiting(key, stream, msg);
      }
      showStatus();
    },
    close() {
      [...streams.keys()].forEach(stop);
    },
  };
}
