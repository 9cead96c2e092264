// The trigger node's config schema.
import { showWhen, Type, type NodeContext, type Static } from '#node-api';

/** Typed-value types of the two messages: "nul" sends nothing; "payl" (second message only) re-sends the latest message. */
const FIRST_TYPES = ['str', 'num', 'bool', 'json', 'bin', 'date', 'msg', 'flow', 'global', 'env', 'nul'] as const;
export const SECOND_TYPES = [...FIRST_TYPES, 'payl'] as const;

const outputValue = <T extends string>(types: readonly T[], value: string, options: Record<string, unknown>) => Type.Object(
  { type: Type.Union(types.map((t) => Type.Literal(t))), value: Type.String() },
  { default: { type: 'str', value }, 'x-typed-value': types, ...options },
);
const literals = <T extends string | number>(values: readonly T[], options: Record<string, unknown>) =>
  Type.Union(values.map((v) => Type.Literal(v)), options);

export const triggerConfig = Type.Object({
  op1: outputValue(FIRST_TYPES, '1', {
    title: 'Send',
    description: 'Payload of the first message. "msg" reads a property of the incoming message; "nul" sends nothing; a string may use {{mustache}} with the message',
  }),
  duration: Type.Number({
    default: 250,
    title: 'Then wait',
    description: 'How long to wait before the second message. 0 waits until reset; a negative value re-sends the first message every |duration| until reset',
  }),
  units: literals(['ms', 's', 'min', 'hr'] as const, { default: 'ms', title: 'Units' }),
  extend: Type.Boolean({ default: false, title: 'Extend delay if new message arrives', description: 'Each message received while waiting restarts the wait' }),
  overrideDelay: Type.Boolean({ default: false, title: 'Override delay with msg.delay', description: 'msg.delay (milliseconds) replaces the wait for the message that starts it' }),
  op2: outputValue(SECOND_TYPES, '0', {
    title: 'Then send',
    description: 'Payload of the second message. "msg" reads a property of the message that started the wait; "payl" sends the latest message received; "nul" sends nothing',
  }),
  reset: Type.String({ default: '', title: 'Reset if msg.payload equals', description: 'Besides msg.reset, a payload equal to this text resets the node (empty: only msg.reset)' }),
  bytopic: literals(['all', 'topic'] as const, { default: 'all', title: 'Handling', description: 'all: one timer for all messages; topic: a separate timer for each value of the topic property' }),
  topic: Type.String({
    default: 'topic', title: 'Topic property', description: 'Message property that separates streams when handling per topic',
    ...showWhen({ bytopic: ['topic'] }),
  }),
  maxTopics: Type.Integer({
    default: 10000, minimum: 0, title: 'Most topics waiting',
    description: 'Per topic: the most topics waiting at once; beyond it the one waiting longest is dropped (as if reset: no second message), counted in the status and warned about. 0 = no limit',
    ...showWhen({ bytopic: ['topic'] }),
  }),
  outputs: literals([1, 2] as const, { default: 1, title: 'Outputs', description: '2 sends the second message on a second output' }),
});

export type TriggerConfig = Static<typeof triggerConfig>;
export type TriggerNode = NodeContext<TriggerConfig>;
