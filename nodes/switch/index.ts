// switch: routes each message to the outputs whose rule its property passes, one output
// per rule (Node-RED's switch node).
import { checkPropertyPath, compileJsonata, defineNode, type Message, type NodeContext, readScoped, rethrowJsonata, Type } from '#node-api';
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
    return {
      async input(msg, send) {
        const pending = readProperty(msg);
        const value = pending instanceof Promise ? await pending : pending;
        const outputs: Array<Message | null> = [];
        // "otherwise" matches when no rule matched since the start or since the last otherwise.
        let nothingMatched = true;
        for (const rule of rules) {
          let matched: boolean;
          if (rule.otherwise) {
            matched = nothingMatched;
            nothingMatched = true;
          } else {
            const result = rule.test(value, msg, previous);
            matched = result instanceof Promise ? await result : result;
          }
          outputs.push(matched ? msg : null);
          if (!matched) continue;
          nothingMatched = false;
          if (!checkAll) break;
        }
        previous = value;
        send(outputs);
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
