// Reads, writes and deletes a property of the message or of flow/global context by a
// Node-RED property path. Shared by change, switch and template, which all target
// "msg / flow / global" properties the same way (json, range and filter use checkPath).
//
// Context keys are paths too, as in Node-RED: flow "room.temp" is the `temp` property of
// the object stored under the flow key "room".
import {
  compileTypedValue, deleteProperty, getProperty, NodeConfigError, NodeRuntimeError, parsePath, setProperty,
  type Message, type NodeContext, type TypedValue, type TypedValueReader,
} from '#node-api';

export const SCOPES = ['msg', 'flow', 'global'] as const;
export type Scope = (typeof SCOPES)[number];

type ContextOwner = Pick<NodeContext, 'context'>;

export function isScope(type: string): type is Scope {
  return (SCOPES as readonly string[]).includes(type);
}

/** Throws a NodeConfigError at deploy for a malformed path instead of failing on every message. */
export function checkPath(path: string, configPath: string): void {
  try {
    parsePath(path);
  } catch (err) {
    throw new NodeConfigError((err as Error).message, configPath);
  }
}

export function readScoped(node: ContextOwner, scope: Scope, path: string, msg: Message): unknown {
  if (scope === 'msg') return getProperty(msg, path);
  return getProperty(contextHolder(node, scope, path).holder, path);
}

/** Writes a value; `undefined` deletes the property, as Node-RED does. */
export function writeScoped(node: ContextOwner, scope: Scope, path: string, msg: Message, value: unknown): void {
  if (value === undefined) return deleteScoped(node, scope, path, msg);
  if (scope === 'msg') return setProperty(msg, path, value);
  const { holder, key, store } = contextHolder(node, scope, path);
  setProperty(holder, path, value);
  store.set(key, holder[key]);
}

export function deleteScoped(node: ContextOwner, scope: Scope, path: string, msg: Message): void {
  if (scope === 'msg') return deleteProperty(msg, path);
  const { holder, key, store } = contextHolder(node, scope, path);
  deleteProperty(holder, path);
  store.set(key, holder[key]);
}

/**
 * The context value named by the first step of `path`, wrapped in an object under that
 * name, so that the message-path helpers can walk the rest of the path unchanged.
 */
function contextHolder(node: ContextOwner, scope: 'flow' | 'global', path: string) {
  const store = node.context()[scope];
  const key = String(parsePath(path)[0]);
  const holder: Record<string, unknown> = { [key]: store.get(key) };
  return { holder, key, store };
}

/**
 * `compileTypedValue`, with paths checked at deploy, flow/global values read by path like
 * the properties above (`flow` "room.temp"), and JSONata failures turned into errors.
 */
export function compileValue(tv: TypedValue, node: NodeContext, configPath: string): TypedValueReader {
  if (tv.type === 'msg' || tv.type === 'flow' || tv.type === 'global') {
    checkPath(tv.value, `${configPath}/value`);
    const scope = tv.type;
    return (msg) => readScoped(node, scope, tv.value, msg);
  }
  const read = compileTypedValue(tv, node, configPath);
  if (tv.type !== 'jsonata') return read;
  return (msg) => Promise.resolve(read(msg)).catch(rethrowJsonata);
}

/** JSONata rejects with plain objects; catch nodes should get an Error with its message. */
export function rethrowJsonata(err: unknown): never {
  const message = err instanceof Object && 'message' in err ? String(err.message) : String(err);
  throw new NodeRuntimeError(`Invalid JSONata expression: ${message}`, 'JSONATA_EVALUATION');
}
