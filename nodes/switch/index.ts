// switch: routes each message to the outputs whose rule its property passes, one output
// per rule (Node-RED's switch node).
import { checkPropertyPath, compileJsonata, defineNode, type Message, type NodeContext, type Outgoing, readScoped, rethrowJsonata, Type } from '#node-api';
import { compileRule, RuleSchema } from './rules.ts';

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
  }),
  create(node) {
    const { config } = node;
    const readProperty = compileProperty(config.property, config.propertyType, node);
    const rules = config.rules.map((rule, i) => compileRule(rule, node, `/rules/${i}`));
    const checkAll = config.checkall === true || config.checkall === 'true';
    let previous: unknown = null;

    /**
     * Tests rules from `first` on and sends. Synchronous unless a test is (JSONata): a promise
     * per message would cost more than the tests. "otherwise" matches when no rule matched
     * since the start or since the last otherwise; as in Node-RED, an otherwise that matched
     * counts as a match for the next one.
     */
    const route = (value: unknown, msg: Message, send: (out: Outgoing) => void, first: number, outputs: Array<Message | null>, nothingMatched: boolean): void | Promise<void> => {
      for (let i = first; i < rules.length; i++) {
        const rule = rules[i]!;
        const result = rule.otherwise ? nothingMatched : rule.test(value, msg, previous);
        if (result instanceof Promise) {
          return result.then((matched) => (record(matched, outputs, msg) ? finish(value, outputs, send) : route(value, msg, send, i + 1, outputs, !matched && nothingMatched)));
        }
        if (rule.otherwise) nothingMatched = !result;
        else if (result) nothingMatched = false;
        if (record(result, outputs, msg)) break;
      }
      finish(value, outputs, send);
    };
    /** Notes one rule's outcome; true when routing stops here. */
    const record = (matched: boolean, outputs: Array<Message | null>, msg: Message): boolean => {
      outputs.push(matched ? msg : null);
      return matched && !checkAll;
    };
    const finish = (value: unknown, outputs: Array<Message | null>, send: (out: Outgoing) => void) => {
      previous = value;
      send(outputs);
    };
    return {
      input(msg, send) {
        const value = readProperty(msg);
        if (value instanceof Promise) return value.then((v) => route(v, msg, send, 0, [], true));
        return route(value, msg, send, 0, [], true);
      },
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
