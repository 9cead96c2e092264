// The deep clone used wherever one message becomes several: the runtime's fan-out and nodes
// that copy messages (catch, complete, trigger, join, link). Buffers, typed arrays, Dates, Maps,
// Sets and circular references survive. An HttpReply (msg.res) is shared, not copied: every
// copy of a request's message must be able to answer that one request.
//
// Written here rather than taken from rfdc (which it replaces at about its speed) for one key:
// JSON.parse makes "__proto__" an ordinary own property, and a clone that assigns it sets the
// copy's prototype instead, so a payload like {"__proto__":{"admin":true}} from MQTT or HTTP
// would give every copy an inherited `admin`. Here it stays an own property.
import { HttpReply } from './http.ts';

// The objects being copied on the current path from the root, and their copies: a value met
// again on its own path is a cycle and gets its copy. A stack, as in rfdc: cheaper than a Map
// per call for the small, shallow objects messages are.
const { hasOwnProperty: hasOwn } = Object.prototype;
const originals: object[] = [];
const copies: object[] = [];

/**
 * Deep-copies a message (or any value).
 *
 * @example
 * ```ts
 * node.send([msg, cloneMessage(msg)]);
 * ```
 */
export function cloneMessage<T>(msg: T): T {
  if (typeof msg !== 'object' || msg === null) return msg;
  try {
    return copy(msg) as T;
  } catch (err) {
    // a getter that threw: the path stack must not leak into the next clone
    originals.length = 0;
    copies.length = 0;
    throw err;
  }
}

function copy(value: object): unknown {
  const cycle = originals.lastIndexOf(value);
  if (cycle !== -1) return copies[cycle];
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    enter(value, out);
    for (let i = 0; i < value.length; i++) out[i] = copyValue(value[i]);
    leave();
    return out;
  }
  // plain objects, the common case, skip the checks for the other kinds
  if (value.constructor !== Object) {
    const special = copySpecial(value);
    if (special !== undefined) return special;
  }
  return copyObject(value as Record<string, unknown>);
}

/** A copy of a Buffer, typed array, Date, Map or Set, the HttpReply itself, or undefined for other objects. */
function copySpecial(value: object): unknown {
  if (ArrayBuffer.isView(value)) return copyView(value);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof HttpReply) return value;
  if (value instanceof Map) {
    const out = new Map();
    enter(value, out);
    for (const [k, v] of value) out.set(copyValue(k), copyValue(v));
    leave();
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    enter(value, out);
    for (const v of value) out.add(copyValue(v));
    leave();
    return out;
  }
  return undefined;
}

function copyObject(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  enter(value, out);
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    const item = copyValue(value[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  leave();
  return out;
}

/** Primitives as they are, without a call: most values in a message are. */
function copyValue(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? copy(value) : value;
}

function enter(original: object, copied: object): void {
  originals.push(original);
  copies.push(copied);
}

function leave(): void {
  originals.pop();
  copies.pop();
}

function copyView(view: ArrayBufferView): ArrayBufferView {
  if (Buffer.isBuffer(view)) return Buffer.from(view);
  const Kind = view.constructor as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView;
  const bytes = view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);
  return new Kind(bytes, 0, view instanceof DataView ? view.byteLength : (view as unknown as { length: number }).length);
}
