// Plain JSON objects: the shape check for those that arrive from outside (request bodies,
// settings and context files), and the small operations many modules need on them.

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether `value` has any enumerable key, found without listing them all (it runs per message and per node). */
export function hasKeys(value: object): boolean {
  for (const _key in value) return true;
  return false;
}

/** Sets an own property; a key named `__proto__` is data (from JSON), not the prototype. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
