// Editor hints that are not constraints: string formats (which editor widget to show) and
// `showWhen` (when to show a field). Any value is valid; the formats are registered with
// TypeBox so schemas using them validate.
import { FormatRegistry } from '@sinclair/typebox';

/** `format` values the editor understands for string properties. */
export const EDITOR_FORMATS = ['javascript', 'json', 'markdown', 'mustache', 'password', 'multiline'] as const;

for (const format of EDITOR_FORMATS) {
  if (!FormatRegistry.Has(format)) FormatRegistry.Set(format, () => true);
}

/** The value a `showWhen` condition compares with: what a choice, a number or a checkbox holds. */
export type ShowWhenValue = string | number | boolean;

/** Sibling property key → the values for which the field is shown. */
export type ShowWhenConditions = Readonly<Record<string, readonly ShowWhenValue[]>>;

/**
 * An editor hint, not a constraint: the editor shows the property only while each named
 * sibling property (a key of the same object: the node's config, or one list item such as a
 * switch rule) holds one of the listed values; a sibling without a value counts as its
 * default. Hidden fields keep their values, and validation ignores the keyword (TypeBox skips
 * keywords it does not know). Spread the result into the property's schema options.
 *
 * @example
 * ```ts
 * import { showWhen, Type } from '#node-api';
 * const Rule = Type.Object({
 *   t: Type.Union([Type.Literal('eq'), Type.Literal('btwn')], { default: 'eq' }),
 *   v2: Type.String({ default: '', title: 'Second value', ...showWhen({ t: ['btwn'] }) }),
 * });
 * ```
 */
export function showWhen(conditions: ShowWhenConditions): { 'x-show-when': ShowWhenConditions } {
  return { 'x-show-when': conditions };
}
