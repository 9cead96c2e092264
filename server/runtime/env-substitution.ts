// `${NAME}` in any string of a node's config is replaced by that environment variable
// (empty when unset), as in Node-RED. `$${NAME}` escapes it.
const PATTERN = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function substituteEnv<T>(value: T, env: NodeJS.ProcessEnv): T {
  if (typeof value === 'string') {
    return value.replace(PATTERN, (_, escaped: string, name: string) => (escaped ? `\${${name}}` : env[name] ?? '')) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, env)) as T;
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) (value as Record<string, unknown>)[key] = substituteEnv((value as Record<string, unknown>)[key], env);
  }
  return value;
}
