// The shape check for JSON objects that arrive from outside (request bodies, settings and
// context files): an object, not null and not an array.

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
