// Node-RED style property paths: `payload.a.b`, `payload["a b"][0]`.
import { NodeRuntimeError } from './errors.ts';

/**
 * Paths already split: nodes read the same few paths for every message, and splitting one
 * costs more than the rest of a hop. Bounded, as paths can come from data (context keys).
 */
const parsedPaths = new Map<string, readonly (string | number)[]>();
const PARSED_PATHS_MAX = 1000;

/**
 * Splits `a.b["c d"][0]` into `["a", "b", "c d", 0]`; throws on a malformed path
 * (PROPERTY_PATH_INVALID).
 *
 * @example
 * ```ts
 * parsePath('payload.rooms["living room"][0]'); // ['payload', 'rooms', 'living room', 0]
 * ```
 */
export function parsePath(path: string): readonly (string | number)[] {
  let parts = parsedPaths.get(path);
  if (parts === undefined) {
    parts = Object.freeze(splitPath(path));
    if (parsedPaths.size >= PARSED_PATHS_MAX) parsedPaths.clear();
    parsedPaths.set(path, parts);
  }
  return parts;
}

function splitPath(path: string): Array<string | number> {
  const parts: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[(["'])((?:\\.|(?!\3).)*)\3\]|(\.)/gy;
  let expectName = true;
  let m: RegExpExecArray | null;
  if (path === '') throw new NodeRuntimeError('Empty property path', 'PROPERTY_PATH_INVALID');
  while (re.lastIndex < path.length && (m = re.exec(path))) {
    if (m[1] !== undefined) {
      if (!expectName) throw new NodeRuntimeError(`Invalid property path "${path}"`, 'PROPERTY_PATH_INVALID');
      parts.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[4] !== undefined) parts.push(m[4].replace(/\\(.)/g, '$1'));
    else {
      if (expectName) throw new NodeRuntimeError(`Invalid property path "${path}"`, 'PROPERTY_PATH_INVALID');
      expectName = true;
    }
  }
  if (re.lastIndex !== path.length || expectName) throw new NodeRuntimeError(`Invalid property path "${path}"`, 'PROPERTY_PATH_INVALID');
  const unsafe = parts.find((part) => typeof part === 'string' && UNSAFE_KEYS.has(part));
  if (unsafe !== undefined) throw new NodeRuntimeError(`Invalid property path "${path}": "${unsafe}" is not allowed`, 'PROPERTY_PATH_INVALID');
  return parts;
}

/**
 * Steps that lead from a message into the prototypes every object shares: a path taken from
 * data (a topic used as a context key) must not be able to change all objects in the process.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads a property; `undefined` when any step is missing.
 *
 * @example
 * ```ts
 * getProperty(msg, 'payload.temp'); // 21.5, or undefined
 * ```
 */
export function getProperty(target: unknown, path: string): unknown {
  let value: any = target;
  for (const key of parsePath(path)) {
    if (value === null || value === undefined) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * Writes a property, creating missing objects (or arrays, for numeric steps) on the way. A
 * step that holds something other than an object is not replaced (that would lose it): the
 * write throws an error naming the step, where Node-RED silently skips the write.
 *
 * @example
 * ```ts
 * setProperty(msg, 'payload.reading.temp', 21.5); // creates payload.reading if missing
 * ```
 */
export function setProperty(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = parsePath(path);
  let obj: any = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i]!;
    if (obj[key] === undefined) obj[key] = typeof parts[i + 1] === 'number' ? [] : {};
    else if (obj[key] === null || typeof obj[key] !== 'object') {
      const step = parts.slice(0, i + 1).join('.');
      throw new NodeRuntimeError(`Cannot set ${path}: ${step} is ${obj[key] === null ? 'null' : `a ${typeof obj[key]}`}, not an object`, 'PROPERTY_NOT_SETTABLE');
    }
    obj = obj[key];
  }
  obj[parts[parts.length - 1]!] = value;
}

/**
 * Deletes a property; a missing path is not an error.
 *
 * @example
 * ```ts
 * deleteProperty(msg, 'payload.secret');
 * ```
 */
export function deleteProperty(target: Record<string, unknown>, path: string): void {
  const parts = parsePath(path);
  let obj: any = target;
  for (let i = 0; i < parts.length - 1; i++) {
    obj = obj?.[parts[i]!];
    if (obj === null || typeof obj !== 'object') return;
  }
  delete obj[parts[parts.length - 1]!];
}
