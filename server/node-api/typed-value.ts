// Node-RED's "typed inputs": a value given as { type, value }, where type says how to read value.
import { Type, type Static } from '@sinclair/typebox';
import jsonata from 'jsonata';
import { errorMessage, NodeConfigError, NodeRuntimeError } from './errors.ts';
import { checkPropertyPath } from './scoped-property.ts';
import { getProperty } from './message-path.ts';
import type { Message } from './types.ts';
import type { NodeContext } from './node-context.ts';

/**
 * What reading a typed value needs of a node: its context stores and environment.
 *
 * @example
 * ```ts
 * const read = compileTypedValue(node.config.payload, node); // a NodeContext is a ValueSource
 * ```
 */
export type ValueSource = Pick<NodeContext, 'context' | 'env'>;

/**
 * The types a typed value can have, as in Node-RED's TypedInput: literals (str, num, bool,
 * json, date, bin), reads (msg, flow, global, env) and a JSONata expression.
 *
 * @example
 * ```ts
 * typedValue(TYPED_VALUE_TYPES.filter((t) => t !== 'jsonata'));
 * ```
 */
export const TYPED_VALUE_TYPES = ['str', 'num', 'bool', 'json', 'date', 'bin', 'msg', 'flow', 'global', 'env', 'jsonata'] as const;

/**
 * One of TYPED_VALUE_TYPES.
 *
 * @example
 * ```ts
 * const type: TypedValueType = 'flow';
 * ```
 */
export type TypedValueType = (typeof TYPED_VALUE_TYPES)[number];

/**
 * Schema of a typed value, optionally restricted to some types.
 *
 * @example
 * ```ts
 * config: Type.Object({ payload: typedValue(['str', 'num', 'json'], { type: 'str', value: '' }) })
 * ```
 */
export function typedValue(types: readonly TypedValueType[] = TYPED_VALUE_TYPES, defaults = { type: types[0]!, value: '' }) {
  return Type.Object(
    { type: Type.Union(types.map((t) => Type.Literal(t))), value: Type.String() },
    { default: defaults, 'x-typed-value': types },
  );
}

/**
 * A typed value as config stores it: the type and the text the user typed.
 *
 * @example
 * ```ts
 * const threshold: TypedValue = { type: 'num', value: '25' };
 * ```
 */
export type TypedValue = { type: TypedValueType; value: string };
export type TypedValueSchema = Static<ReturnType<typeof typedValue>>;

/**
 * Reads a typed value for one message; may return a promise (JSONata).
 *
 * @example
 * ```ts
 * const value = await read(msg);
 * ```
 */
export type TypedValueReader = (msg: Message) => unknown;

/**
 * Compiles a typed value once per deploy. Malformed constants (bad JSON, a non-number, a
 * JSONata syntax error) throw a NodeConfigError at deploy instead of failing per message.
 *
 * @example
 * ```ts
 * const read = compileTypedValue(node.config.payload, node, '/payload');
 * const value = await read(msg);
 * ```
 */
export function compileTypedValue(tv: TypedValue, node: ValueSource, path = ''): TypedValueReader {
  const { value } = tv;
  switch (tv.type) {
    case 'str': return () => value;
    case 'num': {
      const n = Number(value);
      if (value.trim() === '' || Number.isNaN(n)) throw new NodeConfigError(`"${value}" is not a number`, path);
      return () => n;
    }
    case 'bool': return () => value === 'true';
    case 'json': {
      const parsed = parseJson(value, path);
      // Each message gets its own copy so downstream mutations don't leak into the constant.
      return () => structuredClone(parsed);
    }
    case 'bin': {
      const bytes = parseJson(value, path);
      if (!Array.isArray(bytes)) throw new NodeConfigError('Binary value must be a JSON array of bytes', path);
      return () => Buffer.from(bytes as number[]);
    }
    case 'date': return dateReader(value, path);
    case 'msg':
      checkPropertyPath(value, `${path}/value`);
      return (msg) => getProperty(msg, value);
    case 'flow':
    case 'global': {
      checkPropertyPath(value, `${path}/value`);
      const scope = tv.type;
      return () => node.context()[scope].get(value);
    }
    case 'env': return () => node.env.get(value) ?? ''; // unset is '', as in Node-RED
    case 'jsonata': {
      const expr = compileJsonata(value, node, path);
      return (msg) => expr.evaluate(msg).catch(rethrowJsonata);
    }
  }
}

// Made once, not per node: each evaluation of an arrow function is a new closure, and a big
// flow has thousands of inject nodes sending the time.
const DATE_READERS: Record<string, TypedValueReader> = { '': () => Date.now(), iso: () => new Date().toISOString(), object: () => new Date() };

/** Node-RED's timestamp formats: '' milliseconds since 1970, 'iso' an ISO 8601 string, 'object' a Date. */
function dateReader(format: string, path: string): TypedValueReader {
  const read = Object.hasOwn(DATE_READERS, format) ? DATE_READERS[format] : undefined;
  if (!read) throw new NodeConfigError(`Unknown timestamp format "${format}": use "" (milliseconds), "iso" or "object"`, `${path}/value`);
  return read;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new NodeConfigError(`Invalid JSON: ${errorMessage(err)}`, path);
  }
}

/**
 * JSONata rejects with plain objects; catch nodes should get an Error with its message
 * (JSONATA_EVALUATION).
 *
 * @example
 * ```ts
 * const result = await expression.evaluate(msg).catch(rethrowJsonata);
 * ```
 */
export function rethrowJsonata(err: unknown): never {
  const message = err instanceof Object && 'message' in err ? String(err.message) : String(err);
  throw new NodeRuntimeError(`Invalid JSONata expression: ${message}`, 'JSONATA_EVALUATION');
}

/**
 * Compiles a JSONata expression with Node-RED's extra bindings:
 * `$flowContext(key)`, `$globalContext(key)`, `$env(name)`.
 *
 * @example
 * ```ts
 * const expression = compileJsonata('payload.temp * 9 / 5 + 32', node, '/expression');
 * msg.payload = await expression.evaluate(msg).catch(rethrowJsonata);
 * ```
 */
export function compileJsonata(source: string, node: ValueSource, path = '') {
  let expr: ReturnType<typeof jsonata>;
  try {
    expr = jsonata(source);
  } catch (err) {
    throw new NodeConfigError(`Invalid JSONata expression: ${errorMessage(err)}`, path);
  }
  expr.registerFunction('flowContext', (key: string) => node.context().flow.get(key), '<s:x>');
  expr.registerFunction('globalContext', (key: string) => node.context().global.get(key), '<s:x>');
  expr.registerFunction('env', (name: string) => node.env.get(name), '<s:s>');
  return expr;
}
