// A node type's config defaults, compiled once per type into a function: TypeBox's
// Value.Default walks the schema interpreted for every node and clones every default, used or
// not, the largest cost of deploying a big flow. The compiled function gives Value.Default's
// result (config-defaults.test.ts checks it for every core type); it fills in what is missing,
// in place, so it is given a copy (see substituteEnv).
import { Kind, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { defineOwn } from '../plain-object.ts';

/** Fills in a config's missing values from its schema's defaults; returns the config. */
export type ApplyDefaults = (value: unknown) => unknown;

/** Kinds that Value.Default leaves as they are unless missing: literals, strings, numbers... */
const STRUCTURED = new Set(['Array', 'Date', 'Import', 'Intersect', 'Object', 'Record', 'Ref', 'This', 'Tuple', 'Union']);
/** Union members that take no defaults of their own: a union of only these just takes its own default. */
const FLAT = new Set(['Literal', 'String', 'Number', 'Integer', 'Boolean', 'Null']);
/** Kinds whose defaults depend on schemas elsewhere: such a schema is left to Value.Default whole. */
const REFERENCING = new Set(['Import', 'Ref', 'This']);

export function compileDefaults(schema: TSchema): ApplyDefaults {
  if (refers(schema)) return (value) => Value.Default(schema, value);
  return compile(schema);
}

function compile(schema: TSchema): ApplyDefaults {
  const kind = schema[Kind] as string;
  if (kind === 'Object' && !hasDefault(schema.additionalProperties)) return compileObject(schema);
  if (kind === 'Array') return compileArray(schema);
  if (!STRUCTURED.has(kind) || (kind === 'Union' && (schema.anyOf as TSchema[]).every(isFlat))) return orDefault(schema);
  // Rare shapes (records, tuples, unions of objects): only their part of the config goes interpreted.
  return (value) => Value.Default(schema, value);
}

function compileObject(schema: TSchema): ApplyDefaults {
  const own = orDefault(schema);
  const properties = Object.entries(schema.properties as Record<string, TSchema>).map(([key, property]) => ({ key, apply: compile(property) }));
  return (value) => {
    const object = own(value);
    if (!isObject(object)) return object;
    for (const { key, apply } of properties) {
      const filled = apply(object[key]);
      if (filled !== undefined) object[key] = filled;
    }
    return object;
  };
}

function compileArray(schema: TSchema): ApplyDefaults {
  const own = orDefault(schema);
  const item = compile(schema.items as TSchema);
  return (value) => {
    const array = Array.isArray(value) ? value : own(value);
    if (!Array.isArray(array)) return array;
    for (let i = 0; i < array.length; i++) array[i] = item(array[i]);
    return array;
  };
}

/**
 * Value.Default's own step for any schema: a missing value becomes (a copy of) the default, and
 * an object default under an object value fills in the keys the value lacks, the default's first.
 */
function orDefault(schema: TSchema): ApplyDefaults {
  if (!hasDefault(schema)) return (value) => value;
  const given: unknown = schema.default;
  if (typeof given !== 'function' && !isObject(given)) return (value) => (value === undefined ? given : value);
  const fresh = typeof given === 'function' ? given as () => unknown : () => copyOf(given);
  return (value) => {
    if (value === undefined) return fresh();
    if (!isObject(value)) return value;
    const base = fresh();
    if (!isObject(base)) return value;
    for (const key of Object.keys(value)) defineOwn(base, key, value[key]);
    return base;
  };
}

/** A copy of a default (JSON-like data: a schema is JSON Schema), faster than Value.Clone. */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (!isObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) defineOwn(copy, key, copyOf(value[key]));
  return copy;
}

/** Value.Default's notion of an object: arrays included. */
function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

function hasDefault(schema: unknown): schema is TSchema {
  return isObject(schema) && 'default' in schema;
}

function isFlat(member: TSchema): boolean {
  return FLAT.has(member[Kind] as string) && !hasDefault(member);
}

function refers(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  if (REFERENCING.has((schema as TSchema)[Kind] as string)) return true;
  return Object.values(schema).some(refers);
}
