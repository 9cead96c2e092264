// switch: routes each message to the outputs whose rule its property passes, one output
// per rule (Node-RED's switch node).
import { checkPropertyPath, compileJsonata, defineNode, type Message, type NodeContext, type Outgoing, readScoped, rethrowJsonata, Type, warnDrops } from '#node-api';
import { compileRule, needsCount, RuleSchema } from './rules.ts';
import { SequenceRouter, type Outputs } from './sequences.ts';

const PROPERTY_TYPES = ['msg', 'flow', 'global', 'jsonata', 'env'] as const;
type PropertyType = (typeof PROPERTY_TYPES)[number];

export default defineNode({
  type: 'switch',
  version: 1,
  category: 'function',
  label: 'switch',
  color: '#e2d96e',
  icon: 'switch',
  inputs: 1,
  outputs: { fromConfig: 'rules' },
  config: Type.Object({
    property: Type.String({ default: 'payload', title: 'Property', description: 'The property to test: a path, a JSONata expression, or an environment variable name' }),
    propertyType: Type.Union(PROPERTY_TYPES.map((t) => Type.Literal(t)), { default: 'msg', title: 'Property type', description: 'msg, flow, global, jsonata or env' }),
    rules: Type.Array(RuleSchema, {
      default: [{ t: 'eq', v: '', vt: 'str', v2: '', v2t: 'num', case: false }],
      title: 'Rules', description: 'One output per rule, in order',
    }),
    // Node-RED stores this as the strings "true" / "false"; both spellings are accepted.
    checkall: Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false')], {
      default: true, title: 'Check all rules', description: 'true: send to every output whose rule matches; false: stop at the first match',
    }),
    repair: Type.Boolean({
      default: false, title: 'Recreate message sequences',
      description: 'Hold each sequence (msg.parts) until it is complete, then give each output its messages as a sequence of their own',
    }),
    maxParts: Type.Integer({
      default: 10000, minimum: 0, title: 'Most parts held',
      description: 'When sequences are held (recreated, or a rule needs their length): the most parts held at once; beyond it the oldest unfinished sequence and its later parts are dropped, counted and warned about. 0 = no limit',
    }),
  }),
  create(node) {
    const { config } = node;
    const readProperty = compileProperty(config.property, config.propertyType, node);
    const rules = config.rules.map((rule, i) => compileRule(rule, node, `/rules/${i}`));
    const checkAll = config.checkall === true || config.checkall === 'true';
    let previous: unknown = null;

    /**
     * Tests rules from `first` on; gives what goes to each output. Synchronous unless a test
     * is (JSONata): a promise per message would cost more than the tests. "otherwise" matches
     * when no rule matched since the start or since the last otherwise; as in Node-RED, an
     * otherwise that matched counts as a match for the next one.
     */
    const route = (value: unknown, msg: Message, first: number, outputs: Outputs, nothingMatched: boolean): Outputs | Promise<Outputs> => {
      for (let i = first; i < rules.length; i++) {
        const rule = rules[i]!;
        const result = rule.otherwise ? nothingMatched : rule.test(value, msg, previous);
        if (result instanceof Promise) {
          return result.then((matched) => (record(matched, outputs, msg) ? finish(value, outputs) : route(value, msg, i + 1, outputs, !matched && nothingMatched)));
        }
        if (rule.otherwise) nothingMatched = !result;
        else if (result) nothingMatched = false;
        if (record(result, outputs, msg)) break;
      }
      return finish(value, outputs);
    };
    /** Notes one rule's outcome; true when routing stops here. */
    const record = (matched: boolean, outputs: Outputs, msg: Message): boolean => {
      outputs.push(matched ? msg : null);
      return matched && !checkAll;
    };
    const finish = (value: unknown, outputs: Outputs): Outputs => {
      previous = value;
      return outputs;
    };
    const evaluate = (msg: Message): Outputs | Promise<Outputs> => {
      const value = readProperty(msg);
      if (value instanceof Promise) return value.then((v) => route(v, msg, 0, [], true));
      return route(value, msg, 0, [], true);
    };
    const routeNow = (msg: Message, send: (out: Outgoing) => void): void | Promise<void> => {
      const out = evaluate(msg);
      return out instanceof Promise ? out.then(send) : send(out);
    };
    // Messages of a sequence wait only when a rule needs its length or sequences are recreated;
    // otherwise each message is routed as it comes (the hot path).
    if (!config.repair && !config.rules.some(needsCount)) return { input: routeNow };
    const sequences = new SequenceRouter({
      outputs: rules.length,
      repair: config.repair,
      evaluate,
      routeNow,
      report: (err, msg) => node.error(err, msg),
      newId: () => node.newMessageId(),
      maxParts: config.maxParts,
      drops: warnDrops(node, `message part(s) dropped: more than ${config.maxParts} parts were held (the oldest unfinished sequence goes first)`, { status: true }),
    });
    return {
      input: (msg: Message, send: (out: Outgoing) => void) => sequences.handle(msg, send),
      close: () => sequences.clear(),
    };
  },
});

function compileProperty(property: string, type: PropertyType, node: NodeContext): (msg: Message) => unknown {
  switch (type) {
    case 'jsonata': {
      const expr = compileJsonata(property, node, '/property');
      return (msg) => expr.evaluate(msg).catch(rethrowJsonata);
    }
    case 'env':
      return () => node.env.get(property);
    default:
      checkPropertyPath(property, '/property');
      return (msg) => readScoped(node, type, property, msg);
  }
}
