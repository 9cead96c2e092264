// One switch rule: its schema, and compiling it into a test of the property's value.
import { compileJsonata, compileTypedValue, errorMessage, type Message, NodeConfigError, type NodeContext, NodeRuntimeError, rethrowJsonata, showWhen, type Static, Type, TYPED_VALUE_TYPES, type TypedValueType } from '#node-api';
import { COMPARISONS, operandCount, VALUE_TYPES, type Comparison } from './operators.ts';
import { partsOf, type Parts } from './sequences.ts';

const RULE_TYPES = [
  'eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'btwn', 'cont', 'regex', 'true', 'false', 'null', 'nnull',
  'istype', 'empty', 'nempty', 'hask', 'head', 'tail', 'index', 'jsonata_exp', 'else',
] as const satisfies ReadonlyArray<Comparison | SequenceTest | 'else'>;

/**
 * Node-RED's sequence rules, on msg.parts: the first `a` messages, the last `a`, and those
 * whose index is from `a` to `b`. A message that is not part of a sequence matches none.
 */
const SEQUENCE_TESTS = {
  head: (parts: Parts, a: unknown) => parts.index < Number(a),
  tail: (parts: Parts, a: unknown) => typeof parts.count === 'number' && parts.count - Number(a) <= parts.index,
  index: (parts: Parts, a: unknown, b: unknown) => Number(a) <= parts.index && parts.index <= Number(b),
} satisfies Record<string, (parts: Parts, a: unknown, b: unknown) => boolean>;
type SequenceTest = keyof typeof SEQUENCE_TESTS;
const isSequenceTest = (t: string): t is SequenceTest => Object.hasOwn(SEQUENCE_TESTS, t);

/**
 * Whether the rule needs a sequence's length, so its messages wait for the last one: tail,
 * and an expression using $N (Node-RED holds sequences for every expression rule).
 */
export function needsCount(rule: Rule): boolean {
  return rule.t === 'tail' || (rule.t === 'jsonata_exp' && /\$N\b/.test(rule.v));
}

/**
 * What a rule's value is: a typed value, `prev` (the property's value for the previous
 * message), `re` (a regex), or, for istype, the type name itself (as Node-RED saves it).
 */
const OPERAND_TYPES = [...new Set([...TYPED_VALUE_TYPES, 'prev', 're', ...VALUE_TYPES] as const)];

function operandType(fallback: (typeof OPERAND_TYPES)[number], title: string, shownFor: readonly string[]) {
  return Type.Union(OPERAND_TYPES.map((t) => Type.Literal(t)), {
    default: fallback, title, ...showWhen({ t: shownFor }),
    description: 'str, num, bool, json, msg, flow, global, env, jsonata; prev: the value the property had for the previous message; re: a regular expression; for istype, the type name',
  });
}

// Which tests take a value and which a second one, for the editor to show only those fields.
const NO_VALUE: ReadonlySet<string> = new Set(['true', 'false', 'null', 'nnull', 'empty', 'nempty', 'else']);
const WITH_VALUE = RULE_TYPES.filter((t) => !NO_VALUE.has(t));
const WITH_SECOND_VALUE = ['btwn', 'index'] as const;

export const RuleSchema = Type.Object({
  t: Type.Union(RULE_TYPES.map((t) => Type.Literal(t)), {
    default: 'eq', title: 'Test', description: 'eq, neq, lt, lte, gt, gte, btwn, cont, regex, true, false, null, nnull, istype, empty, nempty, hask, head, tail, index (sequences), jsonata_exp, or else (otherwise)',
  }),
  v: Type.String({
    default: '', title: 'Value', description: 'What to compare with; the pattern for regex; the type name for istype; the expression for jsonata_exp',
    ...showWhen({ t: WITH_VALUE }),
  }),
  vt: operandType('str', 'Value type', WITH_VALUE),
  v2: Type.String({ default: '', title: 'Second value', description: 'The other end of the range for btwn and index', ...showWhen({ t: WITH_SECOND_VALUE }) }),
  v2t: operandType('num', 'Second value type', WITH_SECOND_VALUE),
  case: Type.Boolean({ default: false, title: 'Ignore case', description: 'For regex: match regardless of case', ...showWhen({ t: ['regex'] }) }),
});
export type Rule = Static<typeof RuleSchema>;

/** A value a rule compares with: read per message, and a promise only for JSONata. */
type Operand = (msg: Message, previous: unknown) => unknown;

export type CompiledRule =
  | { otherwise: true }
  | { otherwise: false; test(value: unknown, msg: Message, previous: unknown): boolean | Promise<boolean> };

export function compileRule(rule: Rule, node: NodeContext, at: string): CompiledRule {
  const { t } = rule;
  if (t === 'else') return { otherwise: true };
  if (isSequenceTest(t)) return compileSequenceRule(t, rule, node, at);
  const compare = COMPARISONS[t];
  const operands = compileOperands(t, rule, node, at);
  return {
    otherwise: false,
    test(value, msg, previous) {
      const [a, b] = operands.map((read) => read(msg, previous));
      if (a instanceof Promise || b instanceof Promise) return Promise.all([a, b]).then(([x, y]) => compare(value, x, y));
      return compare(value, a, b);
    },
  };
}

function compileSequenceRule(t: SequenceTest, rule: Rule, node: NodeContext, at: string): CompiledRule {
  const compare = SEQUENCE_TESTS[t];
  const first = operand(rule.v, rule.vt, node, `${at}/v`);
  const operands = t === 'index' ? [first, operand(rule.v2, rule.v2t, node, `${at}/v2`)] : [first];
  return {
    otherwise: false,
    test(_value, msg, previous) {
      const parts = partsOf(msg);
      if (!parts) return false;
      const [a, b] = operands.map((read) => read(msg, previous));
      if (a instanceof Promise || b instanceof Promise) return Promise.all([a, b]).then(([x, y]) => compare(parts, x, y));
      return compare(parts, a, b);
    },
  };
}

function compileOperands(t: Comparison, rule: Rule, node: NodeContext, at: string): Operand[] {
  switch (t) {
    case 'regex': return [compileRegex(rule, node, at)];
    case 'jsonata_exp': return [sequenceExpression(rule.v, node, `${at}/v`)];
    case 'istype':
      if (!(VALUE_TYPES as readonly string[]).includes(rule.v)) {
        throw new NodeConfigError(`Unknown type "${rule.v}" (use ${VALUE_TYPES.join(', ')})`, `${at}/v`);
      }
      return [() => rule.v];
    default: {
      const count = operandCount(t);
      const first = count > 0 ? [operand(rule.v, rule.vt, node, `${at}/v`)] : [];
      return count > 1 ? [...first, operand(rule.v2, rule.v2t, node, `${at}/v2`)] : first;
    }
  }
}

function operand(value: string, type: string, node: NodeContext, at: string): Operand {
  if (type === 'prev') return (_msg, previous) => previous;
  // `at` is the value's config path (/rules/0/v); its type sits beside it (/rules/0/vt).
  if (!isTypedValueType(type)) throw new NodeConfigError(`Unknown value type "${type}"`, `${at}t`);
  const read = compileTypedValue({ type, value }, node, at);
  return (msg) => read(msg);
}

/** An expression rule: for a message of a sequence, Node-RED binds $I and $N to msg.parts.index and .count. */
function sequenceExpression(source: string, node: NodeContext, at: string): Operand {
  const expr = compileJsonata(source, node, at);
  return (msg) => {
    const parts = msg.parts as { id?: unknown; index?: unknown; count?: unknown } | undefined;
    const inSequence = typeof parts === 'object' && parts !== null && parts.id !== undefined && parts.index !== undefined;
    return expr.evaluate(msg, inSequence ? { I: parts.index, N: parts.count } : undefined).catch(rethrowJsonata);
  };
}

function isTypedValueType(type: string): type is TypedValueType {
  return (TYPED_VALUE_TYPES as readonly string[]).includes(type);
}

/** A constant pattern compiles at deploy; one read from msg/flow/global/... per message. */
function compileRegex(rule: Rule, node: NodeContext, at: string): Operand {
  const flags = rule.case ? 'i' : '';
  if (rule.vt === 'str' || rule.vt === 're') {
    let re: RegExp;
    try {
      re = new RegExp(rule.v, flags);
    } catch (err) {
      throw new NodeConfigError(`Invalid regular expression: ${errorMessage(err)}`, `${at}/v`);
    }
    return () => re;
  }
  const read = operand(rule.v, rule.vt, node, `${at}/v`);
  return (msg, previous) => {
    const pattern = read(msg, previous);
    return pattern instanceof Promise ? pattern.then((p) => regexFromMessage(p, flags)) : regexFromMessage(pattern, flags);
  };
}

function regexFromMessage(pattern: unknown, flags: string): RegExp {
  try {
    return new RegExp(String(pattern), flags);
  } catch (err) {
    throw new NodeRuntimeError(`Invalid regular expression: ${errorMessage(err)}`, 'SWITCH_REGEX_INVALID');
  }
}
