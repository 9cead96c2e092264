// filter: report by exception — passes a message only when its value changed (rbe, rbei),
// changed by more than a gap (deadband) or stayed within it (narrowband), per topic
// (Node-RED's filter node, type "rbe" there).
import { isDeepStrictEqual } from 'node:util';
import { checkPropertyPath, defineNode, getProperty, NodeConfigError, Type, cloneMessage } from '#node-api';
import { parseGap, passes } from './band.ts';

const FUNCS = ['rbe', 'rbei', 'deadband', 'deadbandEq', 'narrowband', 'narrowbandEq'] as const;
/** The state key of messages without a topic, or of every message when topics are not separated. */
const NO_TOPIC = Symbol('no topic');

export default defineNode({
  type: 'filter',
  version: 1,
  category: 'function',
  label: 'filter',
  color: '#e2d96e',
  icon: 'rbe',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    func: Type.Union(FUNCS.map((f) => Type.Literal(f)), {
      default: 'rbe',
      title: 'Mode',
      description: 'rbe: block unless the value changes; rbei: the same, ignoring the first value; deadband(Eq): block unless it changes by more than (or at least) the gap; narrowband(Eq): block if it changes by more than (or at least) the gap',
    }),
    gap: Type.String({ default: '', title: 'Gap', description: 'For the band modes: an amount like 10, or a percentage of the compared value like 5%' }),
    start: Type.String({ default: '', title: 'Start value', description: 'For narrowband: the value the first message is compared with; empty: the first value itself' }),
    inout: Type.Union([Type.Literal('out'), Type.Literal('in')], {
      default: 'out', title: 'Compare with', description: 'out: the last value sent on; in: the last value received',
    }),
    septopics: Type.Boolean({ default: true, title: 'Separate topics', description: 'Keep one last value per topic' }),
    property: Type.String({ default: 'payload', title: 'Property', description: 'The message property holding the value' }),
    topi: Type.String({ default: 'topic', title: 'Topic property', description: 'The message property naming the topic' }),
  }),
  create(node) {
    const { func, inout, septopics, property, topi } = node.config;
    checkPropertyPath(property, '/property');
    checkPropertyPath(topi, '/topi');
    const gap = parseGap(node.config.gap, '/gap');
    const start = parseStart(node.config.start);
    const last = new Map<unknown, unknown>();

    return {
      input(msg, send) {
        const topic = getProperty(msg, topi);
        // A message with `reset` (any value) forgets its topic's last value, or all of them.
        if (Object.hasOwn(msg, 'reset')) {
          if (septopics && typeof topic === 'string' && topic !== '') last.delete(topic);
          else last.clear();
        }
        const value = getProperty(msg, property);
        if (value === undefined) return;
        const key = septopics && topic ? topic : NO_TOPIC;

        if (func === 'rbe' || func === 'rbei') {
          const known = last.has(key);
          if (known && isDeepStrictEqual(value, last.get(key))) return;
          last.set(key, cloneMessage(value));
          if (known || func === 'rbe') send(msg);
          return;
        }

        const n = Number.parseFloat(String(value));
        if (Number.isNaN(n)) {
          node.warn(`No number found in msg.${property}`);
          return;
        }
        const previous = last.get(key);
        let reference = typeof previous === 'number' ? previous : undefined;
        if (reference === undefined && func.startsWith('narrowband')) last.set(key, (reference = start ?? n));
        // Without a reference yet (dead band), the first value always passes.
        const pass = reference === undefined || passes(func, n, reference, gap);
        if (pass || inout === 'in') last.set(key, n);
        if (pass) send(msg);
      },
    };
  },
});

function parseStart(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new NodeConfigError(`Start value "${text}" is not a number`, '/start');
  return n;
}
