// The join node's config schema.
import { HeldSequences, Type, TYPED_VALUE_TYPES, warnDrops, type NodeContext, type Static } from '#node-api';

const literals = <T extends string>(values: readonly T[], options: Record<string, unknown>) =>
  Type.Union(values.map((v) => Type.Literal(v)), options);

/** The reduce initial value has no message to read from, so "msg" is not offered. */
const INIT_TYPES = TYPED_VALUE_TYPES.filter((t) => t !== 'msg');

export const joinConfig = Type.Object({
  mode: literals(['auto', 'custom', 'reduce'] as const, {
    default: 'auto',
    title: 'Mode',
    description: 'auto: reverse a split using msg.parts; custom (manual): join by count, timeout or msg.complete; reduce: apply a JSONata expression across a sequence',
  }),
  build: literals(['string', 'buffer', 'array', 'object', 'merged'] as const, {
    default: 'array',
    title: 'Combine each into',
    description: 'Manual mode: a string or Buffer (with the joiner between), an array, a key/value object (key from the key property) or one merged object',
  }),
  property: Type.String({ default: 'payload', title: 'Property', description: 'Message property to collect (manual and auto modes)' }),
  propertyType: literals(['msg', 'full'] as const, { default: 'msg', title: 'Collect', description: 'msg: the property; full: the complete message (into msg.payload)' }),
  key: Type.String({ default: 'topic', title: 'Key property', description: 'Key/value object: message property whose value is the key' }),
  joiner: Type.String({ default: '\\n', title: 'Join using', description: 'String/Buffer: what goes between the parts (\\n, \\t allowed; a JSON byte array for "bin")' }),
  joinerType: literals(['str', 'bin'] as const, { default: 'str', title: 'Joiner type' }),
  accumulate: Type.Boolean({ default: false, title: 'Send a message for each new part after the count is reached', description: 'Keep building the object/merged result after sending; msg.complete starts over' }),
  timeout: Type.Number({ default: 0, minimum: 0, title: 'After a timeout (s)', description: 'Manual mode: send what has arrived this many seconds after the first part; 0 = no timeout' }),
  count: Type.Integer({ default: 0, minimum: 0, title: 'After a number of parts', description: 'Manual mode: send after this many parts; 0 uses msg.parts.count when present' }),
  reduceExp: Type.String({ default: '', title: 'Reduce expression', description: 'JSONata, run for each message in order: $A accumulated value, $I index, $N count' }),
  reduceInit: Type.String({ default: '0', title: 'Initial value', description: 'Starting value of $A' }),
  reduceInitType: literals(INIT_TYPES, { default: 'num', title: 'Initial value type' }),
  reduceRight: Type.Boolean({ default: false, title: 'Evaluate in reverse order (last to first)' }),
  reduceFixup: Type.String({ default: '', title: 'Fix-up expression', description: 'Optional JSONata applied to the result: $A result, $N count (e.g. $A/$N for an average)' }),
  maxParts: Type.Integer({
    default: 10000, minimum: 0, title: 'Most parts held',
    description: 'Parts held at once across all unfinished sequences; beyond it the oldest unfinished sequence is dropped (and, in auto and reduce modes, its later parts), counted and warned about. 0 = no limit',
  }),
});

export type JoinConfig = Static<typeof joinConfig>;
export type JoinNode = NodeContext<JoinConfig>;

/**
 * The sequences a join holds, within its maxParts budget. `rememberDropped`: msg.parts ids are
 * never reused, so the late parts of a dropped sequence are dropped too (not for manual mode).
 */
export function heldSequences<G>(node: JoinNode, opts: { rememberDropped: boolean; onDrop?(group: G): void }): HeldSequences<G> {
  const { maxParts } = node.config;
  const drops = warnDrops(node, `message part(s) dropped: more than ${maxParts} parts were held (the oldest unfinished sequence goes first)`, { status: true });
  return new HeldSequences<G>({ maxParts, drops, ...opts });
}
