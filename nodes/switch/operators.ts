// The switch node's tests, with Node-RED's semantics: JavaScript's loose `==` and ordering
// (two strings compare as text, anything else as numbers, so "10" > 9), `cont` on the
// value's text, and the type checks of its "is of type" rule.

/** Value types the `istype` rule knows. */
export const VALUE_TYPES = ['string', 'number', 'boolean', 'array', 'buffer', 'object', 'json', 'null', 'undefined'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** JavaScript's ordering of two values: negative, zero, positive, or NaN when they don't compare. */
function order(a: unknown, b: unknown): number {
  const x = toPrimitive(a);
  const y = toPrimitive(b);
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  return Number(x) - Number(y);
}

/** What JavaScript compares an object as: its valueOf() (a Date's time), else its text. */
function toPrimitive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const primitive: unknown = value.valueOf();
  return typeof primitive === 'object' && primitive !== null ? String(value) : primitive;
}

function isEmpty(value: unknown): boolean | undefined {
  if (typeof value === 'string' || Array.isArray(value) || Buffer.isBuffer(value)) return value.length === 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length === 0;
  return undefined; // neither empty nor non-empty: numbers, booleans, null, undefined
}

export function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'array': return Array.isArray(value);
    case 'buffer': return Buffer.isBuffer(value);
    case 'null': return value === null;
    case 'json': return parsesAsJson(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
    default: return typeof value === type;
  }
}

/**
 * Node-RED's test: whatever JSON.parse accepts when handed the value, which reads it as text.
 * So numbers, booleans and null are JSON too, as is an array that prints as JSON (`[1]`).
 */
function parsesAsJson(value: unknown): boolean {
  try {
    JSON.parse(value as string);
    return true;
  } catch {
    return false; // not JSON is the answer, not an error
  }
}

/** Tests that compare the property with zero, one (`a`) or two (`a`, `b`) operands. */
export const COMPARISONS = {
  eq: (v: unknown, a: unknown) => v == a,
  neq: (v: unknown, a: unknown) => v != a,
  lt: (v: unknown, a: unknown) => order(v, a) < 0,
  lte: (v: unknown, a: unknown) => order(v, a) <= 0,
  gt: (v: unknown, a: unknown) => order(v, a) > 0,
  gte: (v: unknown, a: unknown) => order(v, a) >= 0,
  // Either way round: "between 10 and 0" is the same range as "between 0 and 10".
  btwn: (v: unknown, a: unknown, b: unknown) => (order(v, a) >= 0 && order(v, b) <= 0) || (order(v, a) <= 0 && order(v, b) >= 0),
  cont: (v: unknown, a: unknown) => String(v).includes(String(a)),
  regex: (v: unknown, a: unknown) => a instanceof RegExp && a.test(String(v)),
  true: (v: unknown) => v === true,
  false: (v: unknown) => v === false,
  null: (v: unknown) => v === null || v === undefined,
  nnull: (v: unknown) => v !== null && v !== undefined,
  istype: (v: unknown, a: unknown) => isType(v, String(a)),
  empty: (v: unknown) => isEmpty(v) === true,
  nempty: (v: unknown) => isEmpty(v) === false,
  hask: (v: unknown, a: unknown) => v !== null && v !== undefined && typeof a !== 'object' && Object.hasOwn(Object(v), String(a)),
  jsonata_exp: (_v: unknown, a: unknown) => a === true,
} satisfies Record<string, (value: unknown, a: unknown, b: unknown) => boolean>;

export type Comparison = keyof typeof COMPARISONS;

/** How many operands (v, v2) each test reads. */
export function operandCount(t: Comparison): 0 | 1 | 2 {
  if (t === 'btwn') return 2;
  return ['true', 'false', 'null', 'nnull', 'empty', 'nempty'].includes(t) ? 0 : 1;
}
