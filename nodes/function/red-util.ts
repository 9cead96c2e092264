// RED.util as Node-RED's Function node offers it: the message and object property helpers,
// ids, and reading a typed value (evaluateNodeProperty) through the node API's typed values.
import { randomBytes } from 'node:crypto';
import {
  cloneMessage, compileTypedValue, deleteProperty, errorMessage, getProperty, type Message, type NodeContext, parsePath,
  setProperty, TYPED_VALUE_TYPES, type TypedValueType,
} from '#node-api';

type Callback = (err: unknown, value?: unknown) => void;

/** Node-RED accepts property paths with or without a leading "msg.". */
const withoutMsg = (path: string) => (path.startsWith('msg.') ? path.slice(4) : path);

/** Node-RED's generateId: 8 random bytes as 16 hex digits. */
export function generateId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * Node-RED's setObjectProperty: `undefined` deletes; `createMissing` (default: true unless
 * deleting) false leaves the object alone when a step of the path is missing, returning false.
 * A step holding something other than an object also returns false, as in Node-RED (the
 * node API's setProperty throws there instead).
 */
export function setObjectProperty(obj: Record<string, unknown>, path: string, value: unknown, createMissing?: boolean): boolean {
  if (value === undefined) {
    deleteProperty(obj, path);
    return true;
  }
  let step: unknown = obj;
  for (const key of parsePath(path).slice(0, -1)) {
    step = (step as Record<string | number, unknown>)[key];
    if (step === undefined) {
      if (createMissing === false) return false;
      break; // setProperty creates the rest
    }
    if (step === null || typeof step !== 'object') return false;
  }
  setProperty(obj, path, value);
  return true;
}

const isTypedValueType = (type: string): type is TypedValueType => (TYPED_VALUE_TYPES as readonly string[]).includes(type);

/**
 * The RED.util object user code sees. `node` is the function node's own context: flow and
 * global values, env and JSONata bindings are read through it, whatever `node` the code passes.
 */
export function createRedUtil(node: NodeContext<unknown, unknown>) {
  const evaluate = (value: unknown, type: string, msg: unknown): unknown => {
    // Node-RED's own readings where the node API's typed values are stricter (made for config).
    if (type === 're') return new RegExp(String(value));
    if (type === 'num') return Number(value);
    if (type === 'bool') return /^true$/i.test(String(value));
    if (type === 'msg' && (msg === null || typeof msg !== 'object')) return undefined;
    if (!isTypedValueType(type)) return value; // Node-RED hands back the value of an unknown type
    const text = typeof value === 'string' ? value : type === 'json' ? JSON.stringify(value) : String(value ?? '');
    let read: (msg: Message) => unknown;
    try {
      read = compileTypedValue({ type, value: text }, node);
    } catch (err) {
      // A NodeConfigError is about a node's config; here the value comes from user code.
      throw new Error(errorMessage(err));
    }
    return read(msg as Message);
  };
  return {
    cloneMessage,
    generateId,
    getMessageProperty: (msg: unknown, path: string) => getProperty(msg, withoutMsg(path)),
    setMessageProperty: (msg: Record<string, unknown>, path: string, value: unknown, createMissing?: boolean) =>
      setObjectProperty(msg, withoutMsg(path), value, createMissing),
    getObjectProperty: (obj: unknown, path: string) => getProperty(obj, path),
    setObjectProperty,
    /**
     * Node-RED's evaluateNodeProperty(value, type, node, msg, callback?). With a callback the
     * result (or error) goes to it; without one it is returned, as a promise for `jsonata`.
     */
    evaluateNodeProperty: (value: unknown, type: string, _node: unknown, msg: unknown, callback?: Callback) => {
      if (typeof callback !== 'function') return evaluate(value, type, msg);
      let result: unknown;
      try {
        result = evaluate(value, type, msg);
      } catch (err) {
        callback(err);
        return undefined;
      }
      if (result instanceof Promise) result.then((v) => callback(null, v), (err: unknown) => callback(err));
      else callback(null, result);
      return undefined;
    },
  };
}
