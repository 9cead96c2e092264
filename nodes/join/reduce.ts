// Mode reduce: once every message of a sequence (msg.parts) has arrived, run a JSONata
// expression over them in order, carrying the result along as $A, and send the final value.
import { compileJsonata, compileTypedValue, NodeConfigError, type Message, type NodeHandlers } from '#node-api';
import { heldSequences, type JoinNode } from './schema.ts';

interface Sequence {
  count?: number;
  messages: Message[];
}

type Parts = { id?: unknown; index?: unknown; count?: unknown };

export function reduceJoin(node: JoinNode): NodeHandlers {
  const { config } = node;
  if (config.reduceExp.trim() === '') throw new NodeConfigError('Reduce mode needs a reduce expression', '/reduceExp');
  const reduce = compileJsonata(config.reduceExp, node, '/reduceExp');
  const fixup = config.reduceFixup.trim() === '' ? undefined : compileJsonata(config.reduceFixup, node, '/reduceFixup');
  const initial = compileTypedValue({ type: config.reduceInitType, value: config.reduceInit }, node, '/reduceInit');
  const sequences = heldSequences<Sequence>(node, { rememberDropped: true });
  // One message at a time, in arrival order: JSONata is asynchronous, and a later sequence must
  // not overtake an earlier one.
  let queue: Promise<void> = Promise.resolve();

  const evaluate = async (sequence: Sequence): Promise<unknown> => {
    const indexOf = (m: Message) => Number((m.parts as Parts).index);
    const direction = config.reduceRight ? -1 : 1;
    const ordered = [...sequence.messages].sort((a, b) => direction * (indexOf(a) - indexOf(b)));
    const N = sequence.messages.length;
    let A = await initial({ _msgid: node.newMessageId() });
    for (const msg of ordered) A = await reduce.evaluate(msg, { A, I: indexOf(msg), N });
    return fixup ? fixup.evaluate({}, { A, N }) : A;
  };

  const handle = async (msg: Message, send: (msg: Message) => void) => {
    const parts = msg.parts !== null && typeof msg.parts === 'object' ? (msg.parts as Parts) : undefined;
    if (Object.hasOwn(msg, 'reset')) {
      if (parts?.id === undefined) sequences.clear();
      else sequences.delete(parts.id);
      return;
    }
    if (parts?.id === undefined) {
      send(msg); // not part of a sequence: nothing to reduce
      return;
    }
    if (!sequences.admit(parts.id)) return; // a late part of a sequence dropped for room
    const sequence = sequences.get(parts.id) ?? sequences.open(parts.id, { messages: [] });
    if (sequence.count === undefined && typeof parts.count === 'number') sequence.count = parts.count;
    sequence.messages.push(msg);
    if (sequence.messages.length !== sequence.count) {
      sequences.resize(parts.id, sequence.messages.length); // over the node's maxParts, the oldest sequence goes
      return;
    }
    sequences.delete(parts.id);
    // Node-RED sends the sequence's last message (its parts, topic and the rest) with the result.
    msg.payload = await evaluate(sequence);
    send(msg);
  };

  return {
    input(msg, send) {
      const result = queue.then(() => handle(msg, send));
      queue = result.catch(() => undefined); // the error is reported on this message; the next one still runs
      return result;
    },
    close() {
      sequences.clear();
    },
  };
}
