// The three ways the batch node groups messages. Each held message completes (done) when its
// group is sent, as in Node-RED, so complete nodes fire then.
import { cloneMessage, type Message, type NodeContext, type NodeHandlers, NodeRuntimeError, setLongInterval } from '#node-api';

interface Held {
  msg: Message;
  done: (err?: unknown) => void;
}

/** Sends a group as a sequence: parts.id is its first message's id, as in Node-RED. */
function sendGroup(node: NodeContext<unknown>, group: Held[], copy: boolean): void {
  const id = group[0]!.msg._msgid;
  group.forEach(({ msg, done }, index) => {
    const out = copy ? cloneMessage(msg) : msg;
    const parts = typeof out.parts === 'object' && out.parts !== null ? out.parts as Record<string, unknown> : {};
    out.parts = Object.assign(parts, { id, index, count: group.length });
    node.send(out);
    done();
  });
}

export function countBatches(node: NodeContext<unknown>, count: number, overlap: number): NodeHandlers {
  let pending: Held[] = [];
  return {
    input(msg, _send, done) {
      if (Object.hasOwn(msg, 'reset')) {
        pending = [];
        return done();
      }
      pending.push({ msg, done });
      if (pending.length < count) return;
      // With overlap the messages are sent as copies: the last ones go out again in the next group.
      sendGroup(node, pending, overlap > 0);
      pending = overlap === 0 ? [] : pending.slice(-overlap).map(({ msg: m }) => ({ msg: m, done: () => undefined }));
    },
    close() {
      for (const held of pending) held.done();
      pending = [];
    },
  };
}

export function intervalBatches(node: NodeContext<unknown>, intervalMs: number, allowEmpty: boolean): NodeHandlers {
  let pending: Held[] = [];
  const flush = () => {
    if (pending.length > 0) {
      const group = pending;
      pending = [];
      sendGroup(node, group, false);
    } else if (allowEmpty) {
      node.send({ _msgid: node.newMessageId(), payload: null, parts: { id: node.newMessageId(), index: 0, count: 1 } });
    }
  };
  let timer = setLongInterval(intervalMs, flush);
  return {
    input(msg, _send, done) {
      if (Object.hasOwn(msg, 'reset')) {
        timer.cancel();
        for (const held of pending) held.done();
        pending = [];
        timer = setLongInterval(intervalMs, flush);
        return done();
      }
      pending.push({ msg, done });
    },
    close() {
      timer.cancel();
      for (const held of pending) held.done();
      pending = [];
    },
  };
}

/** Whole sequences per topic, held until every listed topic has one complete; then sent in topic order. */
export function concatBatches(node: NodeContext<unknown>, topics: string[]): NodeHandlers {
  let pending = new Map<string, Array<{ id: unknown; count?: number; held: Held[] }>>();
  const complete = (topic: string) => {
    const first = pending.get(topic)?.[0];
    return first !== undefined && first.count === first.held.length;
  };
  return {
    input(msg, _send, done) {
      if (Object.hasOwn(msg, 'reset')) {
        pending = new Map();
        return done();
      }
      const topic = typeof msg.topic === 'string' ? msg.topic : '';
      if (!topics.includes(topic)) return done(); // other topics are ignored, as in Node-RED
      const parts = msg.parts as { id?: unknown; index?: unknown; count?: unknown } | undefined;
      if (!parts || typeof parts !== 'object' || !('id' in parts) || !('index' in parts) || !('count' in parts)) {
        throw new NodeRuntimeError('Concatenation needs messages of a sequence (msg.parts with id, index and count)', 'BATCH_NO_PARTS');
      }
      const groups = pending.get(topic) ?? [];
      pending.set(topic, groups);
      let group = groups.find((g) => g.id === parts.id);
      if (!group) groups.push(group = { id: parts.id, held: [] });
      group.held.push({ msg, done });
      if (group.count === undefined && typeof parts.count === 'number') group.count = parts.count;
      if (!topics.every(complete)) return;
      const all = topics.flatMap((t) => pending.get(t)!.shift()!.held);
      sendGroup(node, all, true);
    },
    close() {
      for (const groups of pending.values()) for (const g of groups) for (const held of g.held) held.done();
      pending = new Map();
    },
  };
}
