// Credentials as the runtime holds them: node id → key → secret. Stored encrypted by
// server/storage/credentials.ts, never in the flow document.

export type Credentials = Record<string, Record<string, string>>;

/**
 * An empty credentials map without a prototype: node ids are data, and an id such as
 * `__proto__` or `constructor` must be an ordinary key, not Object.prototype's.
 */
export function credentialsMap(): Credentials {
  return Object.create(null) as Credentials;
}

/** `map[key]` only when it is the map's own entry. */
export function ownEntry<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
