// Editor hints that are not constraints: string formats (which editor widget to show), the
// config node a property refers to, and `showWhen` (when to show a field). Any value is valid
// for them; the formats are registered with TypeBox so schemas using them validate. The editor
// reads them as a PropertySchema (types.ts) through propertyHints (server/api/shared.ts).
import { FormatRegistry } from '@sinclair/typebox';
import type { ShowWhenConditions } from './types.ts';

/**
 * `format` values the editor understands for string properties: each picks a widget (a code
 * editor for javascript, json, markdown and mustache; a password box; a text area).
 *
 * @example
 * ```ts
 * code: Type.String({ default: 'return msg;', format: 'javascript', title: 'Code' }),
 * ```
 */
export const EDITOR_FORMATS = ['javascript', 'json', 'markdown', 'mustache', 'password', 'multiline'] as const;

for (const format of EDITOR_FORMATS) {
  if (!FormatRegistry.Has(format)) FormatRegistry.Set(format, () => true);
}

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

/**
 * Marks a string property as the id of a config node of `type` (an MQTT broker connection,
 * say): the editor offers the config nodes of that type, with "add new" and "edit" in place,
 * and a deploy restarts the node when that config node changes. Spread into the options.
 *
 * @example
 * ```ts
 * import { configNodeOf, Type } from '#node-api';
 * broker: Type.String({ default: '', title: 'Broker', ...configNodeOf('mqtt-broker') }),
 * ```
 */
export function configNodeOf(type: string): { 'x-config-node': string } {
  return { 'x-config-node': type };
}
