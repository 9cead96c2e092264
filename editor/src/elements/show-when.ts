// Which fields of an object schema the form shows: the `x-show-when` hint of
// server/node-api/editor-hints.ts (`showWhen`). Pure, so it is unit-tested without a DOM.
import { propertyHints } from '../../../server/api/shared.ts';
import type { JsonSchema } from '../../../server/node-api/types.ts';
import { schemaProperties } from './field-kind.ts';
import type { PathError } from './form-types.ts';

/**
 * The properties of `schema` to show for the object `value`, in schema order. A property with
 * `x-show-when: { <sibling>: [values] }` is shown only while every named sibling holds one of
 * the values; a sibling missing from `value` counts as its schema default, as the form shows
 * it. Values also match by their string form, since Node-RED saves some flags and numbers as
 * strings ("true", "2"). A condition naming no sibling property is ignored (shown), so a typo
 * cannot hide a field for good. Keys in `keep` (fields with errors) are always shown, so an
 * error is never hidden with its field.
 */
export function visibleProperties(
  schema: JsonSchema, value: unknown, keep: ReadonlySet<string> = new Set(),
): Array<[string, JsonSchema]> {
  const properties = schemaProperties(schema);
  const siblings = new Map(properties);
  const object = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const current = (key: string) => (key in object ? object[key] : siblings.get(key)?.default);
  return properties.filter(([key, property]) => keep.has(key) || conditionsHold(property, siblings, current));
}

function conditionsHold(property: JsonSchema, siblings: ReadonlyMap<string, JsonSchema>, current: (key: string) => unknown): boolean {
  const conditions = propertyHints(property).showWhen;
  if (!conditions) return true;
  return Object.entries(conditions).every(([key, allowed]) => {
    if (!siblings.has(key)) return true;
    const actual = current(key);
    return allowed.some((v) => v === actual || (isPrimitive(actual) && String(v) === String(actual)));
  });
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The top-level keys that `errors` (JSON pointers relative to the object) are about. */
export function withErrors(errors: readonly PathError[]): Set<string> {
  return new Set(errors.flatMap((e) => {
    const key = e.path.split('/')[1];
    return key === undefined ? [] : [key.replaceAll('~1', '/').replaceAll('~0', '~')];
  }));
}
