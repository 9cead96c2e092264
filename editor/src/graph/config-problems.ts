// What is wrong with a node's config by its type's schema, found while editing: the canvas
// marks such a node before Deploy would refuse it. The server checks the same schema at
// deploy (with its defaults filled in first, as done here); checks a node makes in its own
// code (a URL that must parse) still only show at deploy.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from '../../../server/node-api/types.ts';
import { configPathLabel } from './field-labels.ts';
import type { FlowNode, NodeTypeInfo } from './types.ts';

/**
 * Not strict: schemas carry the editor's `x-…` hints and formats for the editor (javascript,
 * password), which are hints, not constraints.
 */
const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true, validateFormats: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

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
  const validate = validatorOf(info.schema);
  // useDefaults fills in what the server's defaults would: on a copy, never the document.
  if (validate(structuredClone(node.config))) return undefined;
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const error of validate.errors ?? []) {
    const path = errorPath(error);
    if (error.keyword === 'if' || seen.has(path)) continue;
    seen.add(path);
    problems.push(`${configPathLabel(info.schema, path) || 'Settings'}: ${describe(error)}`);
  }
  return problems.length > 0 ? problems : undefined;
}

function validatorOf(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** The setting an error is about: a missing property is about that property, not its parent. */
function errorPath(error: ErrorObject): string {
  const missing = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  return missing ? `${error.instancePath}/${missing}` : error.instancePath;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': return 'required';
    case 'minLength': return params.limit === 1 ? 'required' : `at least ${String(params.limit)} characters`;
    case 'type': return `must be ${String(params.type)}`;
    case 'anyOf':
    case 'enum':
    case 'const': return 'not one of the choices';
    default: return error.message ?? 'invalid';
  }
}
