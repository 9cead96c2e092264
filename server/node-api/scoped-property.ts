// Reads, writes and deletes a property of the message or of flow/global context by a
// Node-RED property path. Context names are paths too (flow "room.temp" is the `temp`
// property of the object stored under "room"), as the context store resolves them.
import { errorMessage, NodeConfigError } from './errors.ts';
import { deleteProperty, getProperty, parsePath, setProperty } from './message-path.ts';
import type { Message } from './types.ts';
import type { NodeContext } from './node-context.ts';

/**
 * Where a property can live: the message, or flow or global context.
 *
 * @example
 * ```ts
 * Type.Union(SCOPES.map((s) => Type.Literal(s)), { default: 'msg', title: 'Store in' })
 * ```
 */
export const SCOPES = ['msg', 'flow', 'global'] as const;

/**
 * One of SCOPES.
 *
 * @example
 * ```ts
 * const scope: Scope = 'flow';
 * ```
 */
export type Scope = (typeof SCOPES)[number];

type ContextOwner = Pick<NodeContext, 'context'>;

/**
 * Whether a typed value's type is one of the SCOPES (so it names a writable place).
 *
 * @example
 * ```ts
 * if (isScope(config.target.type)) writeScoped(node, config.target.type, config.target.value, msg, value);
 * ```
 */
export function isScope(type: string): type is Scope {
  return (SCOPES as readonly string[]).includes(type);
}

/**
 * Throws a NodeConfigError at deploy for a malformed path instead of failing on every message.
 *
 * @example
 * ```ts
 * checkPropertyPath(node.config.property, '/property');
 * ```
 */
export function checkPropertyPath(path: string, configPath: string): void {
  try {
    parsePath(path);
  } catch (err) {
    throw new NodeConfigError(errorMessage(err), configPath);
  }
}

/**
 * Reads `msg`, `flow` or `global` property `path`.
 *
 * @example
 * ```ts
 * const value = readScoped(node, 'flow', 'room.temp', msg);
 * ```
 */
export function readScoped(node: ContextOwner, scope: Scope, path: string, msg: Message): unknown {
  return scope === 'msg' ? getProperty(msg, path) : node.context()[scope].get(path);
}

/**
 * Writes a value; `undefined` deletes the property, as Node-RED does.
 *
 * @example
 * ```ts
 * writeScoped(node, 'global', 'lastSeen', msg, Date.now());
 * ```
 */
export function writeScoped(node: ContextOwner, scope: Scope, path: string, msg: Message, value: unknown): void {
  if (value === undefined) return deleteScoped(node, scope, path, msg);
  if (scope === 'msg') setProperty(msg, path, value);
  else node.context()[scope].set(path, value);
}

/**
 * Deletes a property; a missing one is not an error.
 *
 * @example
 * ```ts
 * deleteScoped(node, 'msg', 'payload.secret', msg);
 * ```
 */
export function deleteScoped(node: ContextOwner, scope: Scope, path: string, msg: Message): void {
  if (scope === 'msg') deleteProperty(msg, path);
  else node.context()[scope].set(path, undefined);
}
