// One change rule: its schema, and compiling it into a function that applies it to a message.
import { checkPropertyPath, compileTypedValue, deleteScoped, isScope, type Message, NodeConfigError, type NodeContext, readScoped, type Scope, SCOPES, showWhen, type Static, Type, TYPED_VALUE_TYPES, typedValue, writeScoped, cloneMessage } from '#node-api';
import { compileSearch, replaceIn, SearchSchema } from './search.ts';

export const RuleSchema = Type.Object({
  t: Type.Union([Type.Literal('set'), Type.Literal('change'), Type.Literal('delete'), Type.Literal('move')], {
    default: 'set', title: 'Action', description: 'set a value, change (search and replace), delete, or move to another property',
  }),
  p: Type.String({ default: 'payload', title: 'Property', description: 'Path of the property the rule acts on, e.g. payload or payload.temp' }),
  pt: Type.Union(SCOPES.map((s) => Type.Literal(s)), { default: 'msg', title: 'In', description: 'Whether the property is on the message, in flow context or in global context' }),
  to: {
    ...typedValue(TYPED_VALUE_TYPES, { type: 'str', value: '' }),
    title: 'To',
    description: 'set / change: the new value; move: the target property (type msg, flow or global)',
    ...showWhen({ t: ['set', 'change', 'move'] }),
  },
  from: { ...SearchSchema, ...showWhen({ t: ['change'] }) },
  deep: Type.Boolean({
    default: false, title: 'Deep copy', description: 'set: copy the value rather than reference it (for msg/flow/global values)',
    ...showWhen({ t: ['set'] }),
  }),
});
export type Rule = Static<typeof RuleSchema>;

/** Applies one rule to a message (in place); a promise only for JSONata values. */
export type AppliedRule = (msg: Message) => void | Promise<void>;


export function compileRule(rule: Rule, node: NodeContext, at: string): AppliedRule {
  checkPropertyPath(rule.p, `${at}/p`);
  const { p: path, pt: scope } = rule;
  switch (rule.t) {
    case 'set': {
      const read = compileTypedValue(rule.to, node, `${at}/to`);
      const copy = rule.deep ? cloneMessage : asIs;
      return (msg) => whenReady(read(msg), (value) => writeScoped(node, scope, path, msg, copy(value)));
    }
    case 'change': {
      const read = compileTypedValue(rule.to, node, `${at}/to`);
      const search = compileSearch(rule.from, node, `${at}/from`);
      return (msg) => {
        const pattern = search(msg);
        return whenReady(read(msg), (replacement) => {
          const changed = replaceIn(readScoped(node, scope, path, msg), pattern, replacement);
          if (changed) writeScoped(node, scope, path, msg, changed.value);
        });
      };
    }
    case 'delete':
      return (msg) => deleteScoped(node, scope, path, msg);
    case 'move': {
      const target = moveTarget(rule, at);
      return (msg) => {
        const value = readScoped(node, scope, path, msg);
        // Delete first: moving payload to payload.inner must not delete what was just written.
        deleteScoped(node, scope, path, msg);
        writeScoped(node, target.scope, target.path, msg, value);
      };
    }
  }
}

/** Made once, not per rule: a big flow has thousands of change nodes. */
function asIs<T>(value: T): T {
  return value;
}

function moveTarget(rule: Rule, at: string): { scope: Scope; path: string } {
  const { type, value } = rule.to;
  if (!isScope(type)) throw new NodeConfigError('A move target must be a msg, flow or global property', `${at}/to/type`);
  checkPropertyPath(value, `${at}/to/value`);
  return { scope: type, path: value };
}

/** Stays synchronous unless the value is still pending (JSONata), so plain rules cost no extra tick. */
function whenReady(value: unknown, use: (value: unknown) => void): void | Promise<void> {
  if (value instanceof Promise) return value.then(use);
  use(value);
}
