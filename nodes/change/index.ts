// change: sets, changes, deletes or moves properties of the message, flow or global
// context, applying its rules in order (Node-RED's change node).
import { defineNode, type Message, Type } from '#node-api';
import { type AppliedRule, compileRule, RuleSchema } from './rules.ts';

export default defineNode({
  type: 'change',
  version: 1,
  category: 'function',
  label: 'change',
  color: '#e2d96e',
  icon: 'swap',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    rules: Type.Array(RuleSchema, {
      default: [{ t: 'set', p: 'payload', pt: 'msg', to: { type: 'str', value: '' }, from: { type: 'str', value: '' }, deep: false }],
      title: 'Rules',
      description: 'Applied in order; each one sees the result of the previous ones',
    }),
  }),
  create(node) {
    const rules = node.config.rules.map((rule, i) => compileRule(rule, node, `/rules/${i}`));
    return { input: (msg, send) => applyRules(rules, 0, msg, send) };
  },
});

/** Synchronous unless a rule is (JSONata): a promise per message would cost more than the rules. */
function applyRules(rules: AppliedRule[], first: number, msg: Message, send: (msg: Message) => void): void | Promise<void> {
  for (let i = first; i < rules.length; i++) {
    const pending = rules[i]!(msg);
    if (pending) return pending.then(() => applyRules(rules, i + 1, msg, send));
  }
  send(msg);
}
