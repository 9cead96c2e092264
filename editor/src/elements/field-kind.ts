// Which form control a JSON Schema property gets. Pure, so it is unit-tested without a DOM.
import { propertyHints } from '../../../server/api/shared.ts';
import type { JsonSchema } from '../../../server/node-api/types.ts';

export type FieldKind =
  | 'config-node'
  | 'typed-value'
  | 'code'
  | 'enum'
  | 'text'
  | 'password'
  | 'number'
  | 'boolean'
  | 'list'
  | 'object'
  | 'json';

/** `text` is a plain editor: mustache templates, multi-line strings. */
export type CodeLanguage = 'javascript' | 'json' | 'markdown' | 'text';

/**
 * The control for one property. Schemas TypeBox produces: `x-config-node` and
 * `x-typed-value` markers, string `format`s, unions of literals for choices. Anything else
 * falls back to a JSON editor, so no property is ever uneditable.
 */
export function fieldKind(schema: JsonSchema): FieldKind {
  const hints = propertyHints(schema);
  if (hints.configNode !== undefined) return 'config-node';
  if (hints.typedValue !== undefined) return 'typed-value';
  if (isStringlyBoolean(schema)) return 'boolean';
  if (enumOptions(schema)) return 'enum';
  switch (schema.type) {
    case 'string':
      if (codeLanguage(schema)) return 'code';
      return schema.format === 'password' ? 'password' : 'text';
    case 'number':
    case 'integer': return 'number';
    case 'boolean': return 'boolean';
    case 'array': return isRecord(schema.items) ? 'list' : 'json';
    case 'object': return isRecord(schema.properties) ? 'object' : 'json';
    default: return 'json';
  }
}

/**
 * A boolean that also accepts "true" and "false" (Node-RED stores some flags as strings, e.g.
 * switch's checkall): a checkbox, which writes a real boolean.
 */
function isStringlyBoolean(schema: JsonSchema): boolean {
  const members = schema.anyOf;
  return Array.isArray(members) && members.some((m) => isRecord(m) && m.type === 'boolean')
    && members.every((m) => isRecord(m) && (m.type === 'boolean' || m.const === 'true' || m.const === 'false'));
}

/** The language of a code field, from `format` (the editor hints of server/node-api/editor-hints.ts). */
export function codeLanguage(schema: JsonSchema): CodeLanguage | null {
  switch (schema.format) {
    case 'javascript':
    case 'json':
    case 'markdown': return schema.format;
    case 'mustache':
    case 'multiline': return 'text';
    default: return null;
  }
}

export interface EnumOption {
  value: string | number | boolean;
  label: string;
}

/** The choices of an enum, or null. Accepts `enum` and TypeBox's union of literals. */
export function enumOptions(schema: JsonSchema): EnumOption[] | null {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => ({ value: value as EnumOption['value'], label: String(value) }));
  if (!Array.isArray(schema.anyOf) || schema.anyOf.length === 0) return null;
  const options: EnumOption[] = [];
  for (const member of schema.anyOf as JsonSchema[]) {
    if (!isRecord(member) || !('const' in member)) return null;
    options.push({ value: member.const as EnumOption['value'], label: typeof member.title === 'string' ? member.title : String(member.const) });
  }
  return options;
}

/** The label of a property: its `title`, else its key in words ("retainAs" → "Retain as"). */
export function fieldLabel(key: string, schema: JsonSchema): string {
  if (typeof schema.title === 'string') return schema.title;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Kinds whose control fits in a row next to others: a select, a one-line input, a checkbox. */
const ROW_KINDS: ReadonlySet<FieldKind> = new Set(['enum', 'text', 'number', 'boolean', 'typed-value']);

/** More fields than this make a row that wraps into a column anyway: stack them instead. */
const MAX_ROW_FIELDS = 8;

/**
 * True when an object's fields fit on one row: every property is a choice, a one-line text,
 * a number, a checkbox or a typed value. A list of such objects (switch and change rules,
 * inject properties) shows one compact row per item, as Node-RED does.
 */
export function isRowObject(schema: JsonSchema): boolean {
  if (fieldKind(schema) !== 'object') return false;
  const properties = schemaProperties(schema);
  return properties.length > 0 && properties.length <= MAX_ROW_FIELDS && properties.every(([, s]) => ROW_KINDS.has(fieldKind(s)));
}

/** The properties of an object schema, in declaration order. */
export function schemaProperties(schema: JsonSchema): Array<[string, JsonSchema]> {
  return isRecord(schema.properties) ? (Object.entries(schema.properties) as Array<[string, JsonSchema]>) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
