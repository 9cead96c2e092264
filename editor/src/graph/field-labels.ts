// What a setting is called for a person: the form's labels, also in messages about a field
// ("Topic: required" rather than /config/topic).
import type { JsonSchema } from '../../../server/node-api/types.ts';

/** The label of a property: its `title`, else its key in words ("retainAs" → "Retain as"). */
export function fieldLabel(key: string, schema: JsonSchema): string {
  if (typeof schema.title === 'string') return schema.title;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A JSON pointer into a config (`/rules/1/v`) in the form's words: the labels of the
 * properties on the way and item numbers counted from 1 ("Rules › 2 › Value"). Steps the
 * schema does not describe are shown as they are.
 *
 * @example
 * ```ts
 * configPathLabel(info.schema, '/code'); // "On Message"
 * ```
 */
export function configPathLabel(schema: JsonSchema | undefined, pointer: string): string {
  const steps = pointer.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const words: string[] = [];
  let current = schema;
  for (const step of steps) {
    const properties = current?.properties as Record<string, JsonSchema> | undefined;
    if (properties?.[step]) {
      current = properties[step];
      words.push(fieldLabel(step, current));
    } else if (/^\d+$/.test(step) && current?.type === 'array') {
      current = current.items as JsonSchema | undefined;
      words.push(String(Number(step) + 1));
    } else {
      current = undefined;
      words.push(step);
    }
  }
  return words.join(' › ');
}

/**
 * A pointer into a node (`/config/code`, `/name`), as a deploy error names it, in the form's
 * words: config paths by their labels, the node's own fields by name. Empty for the node itself.
 */
export function nodePathLabel(schema: JsonSchema | undefined, pointer: string): string {
  if (pointer === '' || pointer === '/') return '';
  if (pointer === '/config' || pointer.startsWith('/config/')) return configPathLabel(schema, pointer.slice('/config'.length)) || 'Settings';
  return fieldLabel(pointer.split('/')[1] ?? '', {});
}
