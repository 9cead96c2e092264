// Environment variables of tabs, groups, subflow templates and instances (Node-RED's env
// properties): each scope sees its own variables before those of the scope around it.
import { isPlainObject } from '../plain-object.ts';

/** The variables one node sees, innermost scope first merged over the outer ones. */
export type EnvScope = Readonly<Record<string, string>>;

/**
 * Adds a scope's variables (`[{ name, type, value }]`) over `outer`. Values are text, as the
 * process environment's are: numbers and booleans as written, JSON as its text; `env`
 * copies another variable as the outer scope (or the process) sees it.
 */
export function withVariables(outer: EnvScope, list: unknown, process: NodeJS.ProcessEnv, builtins: Record<string, string> = {}): EnvScope {
  const entries = Array.isArray(list) ? list.filter(isPlainObject) : [];
  if (entries.length === 0 && Object.keys(builtins).length === 0) return outer;
  const scope: Record<string, string> = { ...outer, ...builtins };
  for (const { name, type, value } of entries) {
    if (typeof name !== 'string' || name === '') continue;
    const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
    scope[name] = type === 'env' ? outer[text] ?? process[text] ?? '' : text;
  }
  return scope;
}

/** Values in an instance's list replace the template's of the same name, in the template's order. */
export function mergeVariables(template: unknown, instance: unknown): unknown[] {
  const own = new Map((Array.isArray(instance) ? instance.filter(isPlainObject) : []).map((e) => [e.name, e]));
  const merged = (Array.isArray(template) ? template.filter(isPlainObject) : []).map((e) => own.get(e.name) ?? e);
  for (const [name, e] of own) if (!merged.some((m) => m.name === name)) merged.push(e);
  return merged;
}

const PATTERN = /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string of a config where NAME is one of the scope's variables;
 * anything else (process variables, `$${NAME}` escapes) is left for the deploy's own pass.
 */
export function substituteScoped<T>(value: T, scope: EnvScope): T {
  if (typeof value === 'string') {
    return value.replace(PATTERN, (whole, escaped: string, name: string) => (!escaped && Object.hasOwn(scope, name) ? scope[name]! : whole)) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substituteScoped(v, scope)) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteScoped(v, scope)])) as T;
  return value;
}
