// `${NAME}` in any string of a node's config is replaced by that environment variable
// (empty when unset), as in Node-RED. `$${NAME}` escapes it.
import { defineOwn } from '../plain-object.ts';

const PATTERN = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * A copy of a config (plain objects and arrays; other values as they are) with `${NAME}`
 * replaced: the node's own, which the deploy fills in with defaults, never the document's.
 */
export function substituteEnv<T>(value: T, env: NodeJS.ProcessEnv): T {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    return value.replace(PATTERN, (_, escaped: string, name: string) => (escaped ? `\${${name}}` : env[name] ?? '')) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, env)) as T;
  if (!isPlainRecord(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) defineOwn(copy, key, substituteEnv(value[key], env));
  return copy as T;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
