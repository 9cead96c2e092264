// String formats that are editor hints (which editor widget to show), not constraints:
// any string is valid. Registered with TypeBox so schemas using them validate.
import { FormatRegistry } from '@sinclair/typebox';

/** `format` values the editor understands for string properties. */
export const EDITOR_FORMATS = ['javascript', 'json', 'markdown', 'mustache', 'password', 'multiline'] as const;

for (const format of EDITOR_FORMATS) {
  if (!FormatRegistry.Has(format)) FormatRegistry.Set(format, () => true);
}
