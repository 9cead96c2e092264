// What is wrong with a node's config by its type's schema, found while editing: the canvas
// marks such a node before Deploy would refuse it. The server checks the same schema at
// deploy (with its defaults filled in first, as done here); checks a node makes in its own
// code (a URL that must parse) still only show at deploy.
//
// @cfworker/json-schema interprets schemas instead of compiling them to code (as Ajv does),
// so it runs under the editor's Content-Security-Policy, which allows no eval.
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { defaultValue } from '../../../server/api/shared.ts';
import type { JsonSchema } from '../../../server/node-api/types.ts';
import { configPathLabel } from './field-labels.ts';
import type { FlowNode, NodeTypeInfo } from './types.ts';

const validators = new WeakMap<JsonSchema, Validator>();

/** Keywords that only gather the errors of the subschemas below them. */
const GATHERING = new Set(['properties', 'patternProperties', 'items', 'prefixItems', 'if', 'then', 'else', 'allOf', '$ref']);

/**
 * The problems with `node`'s config, one message per setting ("Topic: required"), or
 * undefined when there are none (or the type is unknown: its settings are kept as they are).
 *
 * @example
 * ```ts
 * configProblems({ ...node, config: { topic: '' } }, mqttIn); // ['Topic: required']
 * ```
 */
export function configProblems(node: FlowNode, info: NodeTypeInfo | undefined): string[] | undefined {
  if (!info) return undefined;
  const result = validatorOf(info.schema).validate(withDefaults(info.schema, node.config));
  if (result.valid) return undefined;
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const error of result.errors) {
    if (GATHERING.has(error.keyword)) continue;
    const path = errorPath(error);
    if (seen.has(path)) continue;
    seen.add(path);
    problems.push(`${configPathLabel(info.schema, path) || 'Settings'}: ${describe(error)}`);
  }
  return problems.length > 0 ? problems : undefined;
}

function validatorOf(schema: JsonSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(schema as Schema, '2019-09', false);
    validators.set(schema, validator);
  }
  return validator;
}

/** `value` with the defaults of the keys it lacks, at every depth, as the server fills them in. */
function withDefaults(schema: JsonSchema, value: unknown): unknown {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [key, property] of Object.entries(properties)) {
    if (!(key in out) && 'default' in property) out[key] = defaultValue(property);
    if (key in out) out[key] = withDefaults(property, out[key]);
  }
  return out;
}

/** The setting an error is about, as a JSON pointer: a missing property is about that property. */
function errorPath(error: OutputUnit): string {
  const base = error.instanceLocation.replace(/^#/, '');
  const missing = error.keyword === 'required' ? /property "([^"]+)"/.exec(error.error)?.[1] : undefined;
  return missing ? `${base}/${missing}` : base;
}

function describe(error: OutputUnit): string {
  switch (error.keyword) {
    case 'required': return 'required';
    case 'minLength': return /\(0 < 1\)/.test(error.error) ? 'required' : 'too short';
    case 'type': return `must be ${/"(\w+)"\.?$/.exec(error.error)?.[1] ?? 'another type'}`;
    case 'anyOf':
    case 'enum':
    case 'const': return 'not one of the choices';
    default: return error.error.replace(/\.$/, '').toLowerCase();
  }
}
