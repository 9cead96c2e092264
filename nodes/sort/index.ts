// sort: sorts an array in a message property, or the messages of a sequence (msg.parts),
// by a property or a JSONata expression (Node-RED's sort node).
import { checkPropertyPath, compileJsonata, defineNode, getProperty, type Message, NodeRuntimeError, setProperty, Type } from '#node-api';
import { compareBy, sortedBy } from './compare.ts';

export default defineNode({
  type: 'sort',
  version: 1,
  category: 'sequence',
  label: 'sort',
  color: '#e2d96e',
  icon: 'sort',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    targetType: Type.Union([Type.Literal('msg'), Type.Literal('seq')], {
      default: 'msg', title: 'Sort', description: 'msg: an array in a message property; seq: the messages of a sequence (msg.parts)',
    }),
    target: Type.String({ default: 'payload', title: 'Property', description: 'The message property holding the array (msg)' }),
    msgKeyType: Type.Union([Type.Literal('elem'), Type.Literal('jsonata')], { default: 'elem', title: 'Array key', description: 'elem: the elements themselves; jsonata: an expression of each element' }),
    msgKey: Type.String({ default: 'payload', title: 'Array key expression', description: 'JSONata, evaluated for each element (msg, jsonata key)' }),
    seqKeyType: Type.Union([Type.Literal('msg'), Type.Literal('jsonata')], { default: 'msg', title: 'Sequence key', description: 'msg: a message property; jsonata: an expression of each message' }),
    seqKey: Type.String({ default: 'payload', title: 'Sequence key property', description: 'The property (or expression) to sort the messages by (seq)' }),
    order: Type.Union([Type.Literal('ascending'), Type.Literal('descending')], { default: 'ascending', title: 'Order' }),
    as_num: Type.Boolean({ default: false, title: 'As numbers', description: 'Compare the keys as numbers' }),
  }),
  create(node) {
    const { targetType, target, msgKeyType, msgKey, seqKeyType, seqKey, order } = node.config;
    const byExpression = targetType === 'msg' ? msgKeyType === 'jsonata' : seqKeyType === 'jsonata';
    const expression = byExpression ? compileJsonata(targetType === 'msg' ? msgKey : seqKey, node, targetType === 'msg' ? '/msgKey' : '/seqKey') : undefined;
    if (targetType === 'msg') checkPropertyPath(target, '/target');
    else if (!byExpression) checkPropertyPath(seqKey, '/seqKey');
    const compare = compareBy(order === 'ascending' ? 1 : -1, node.config.as_num);
    const keyOf = async (item: unknown, fallback: (item: unknown) => unknown) => {
      if (!expression) return fallback(item);
      try {
        return await expression.evaluate(item);
      } catch (err) {
        throw new NodeRuntimeError(`Invalid JSONata expression: ${(err as { message?: string }).message ?? String(err)}`, 'SORT_EXPRESSION_FAILED');
      }
    };

    if (targetType === 'msg') {
      return {
        async input(msg, send) {
          const data = getProperty(msg, target);
          if (!Array.isArray(data)) return; // Node-RED sends nothing when there is no array
          setProperty(msg, target, await sortedBy(data, (item) => keyOf(item, (x) => x), compare));
          send(msg);
        },
      };
    }

    const sequences = new Map<unknown, { count?: number; waiting: Array<{ msg: Message; done: (err?: unknown) => void }> }>();
    return {
      input(msg, _send, done) {
        const parts = msg.parts as { id?: unknown; index?: unknown; count?: unknown } | undefined;
        if (!parts || typeof parts !== 'object' || !('id' in parts) || !('index' in parts)) return done(); // not in a sequence: dropped, as in Node-RED
        const group = sequences.get(parts.id) ?? { waiting: [] };
        sequences.set(parts.id, group);
        group.waiting.push({ msg, done });
        if (typeof parts.count === 'number') group.count = parts.count;
        if (group.count !== group.waiting.length) return;
        sequences.delete(parts.id);
        sortedBy(group.waiting, (w) => keyOf(w.msg, (m) => getProperty(m as Message, seqKey)), compare).then((sorted) => {
          sorted.forEach((w, i) => {
            (w.msg.parts as { index: number }).index = i;
            node.send(w.msg);
            w.done();
          });
        }, (err: unknown) => {
          // Node-RED fails the last message of the sequence and completes the others.
          group.waiting.forEach((w, i) => (i === group.waiting.length - 1 ? w.done(err) : w.done()));
        });
      },
      close() {
        for (const group of sequences.values()) for (const w of group.waiting) w.done();
        sequences.clear();
      },
    };
  },
});
