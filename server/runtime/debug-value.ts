// Turns any value into JSON for the debug sidebar, encoding what JSON cannot carry
// (see EncodedSpecial in the contract) and cutting long values so a huge message can't
// flood the browser.
import type { EncodedSpecial } from '../api/contract.ts';
import { errorMessage } from '../api/shared.ts';

export const DEBUG_MAX_LENGTH = 1000;

export function encodeDebugValue(value: unknown): unknown {
  return encode(value, new WeakSet());
}

function encode(value: unknown, seen: WeakSet<object>): unknown {
  switch (typeof value) {
    case 'undefined': return special({ __pb: 'undefined' });
    case 'number':
      return Number.isFinite(value) ? value : special({ __pb: 'number', value: String(value) as 'NaN' | 'Infinity' | '-Infinity' });
    case 'bigint': return special({ __pb: 'bigint', value: value.toString() });
    case 'function': return special({ __pb: 'function', name: value.name });
    case 'symbol': return value.toString();
    case 'string': return value.length > DEBUG_MAX_LENGTH ? special({ __pb: 'string', head: value.slice(0, DEBUG_MAX_LENGTH), length: value.length }) : value;
    case 'boolean': return value;
  }
  if (value === null) return null;
  const obj = value as object;
  // Tags rather than instanceof: function nodes make their objects in another vm realm.
  const tag = Object.prototype.toString.call(obj);
  if (tag === '[object Uint8Array]') { // Buffers too
    const bytes = obj as Uint8Array;
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, DEBUG_MAX_LENGTH));
    return special({ __pb: 'buffer', hex: head.toString('hex'), length: bytes.byteLength });
  }
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) return encode(Array.from(obj as unknown as ArrayLike<unknown>), seen);
  if (tag === '[object Date]') {
    const date = obj as Date;
    return special({ __pb: 'date', value: Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString() });
  }
  if (tag === '[object Error]') return special({ __pb: 'error', name: (obj as Error).name, message: errorMessage(obj) });
  if (seen.has(obj)) return special({ __pb: 'circular' });
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items = obj.slice(0, DEBUG_MAX_LENGTH).map((v) => encode(v, seen));
      if (obj.length > DEBUG_MAX_LENGTH) items.push(special({ __pb: 'truncated', length: obj.length }));
      return items;
    }
    const source = tag === '[object Map]' ? Object.fromEntries(obj as Map<unknown, unknown>) : tag === '[object Set]' ? [...(obj as Set<unknown>)] : obj;
    if (source !== obj) return encode(source, seen);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) out[key] = encode((obj as Record<string, unknown>)[key], seen);
    return out;
  } finally {
    seen.delete(obj);
  }
}

function special(value: EncodedSpecial): EncodedSpecial {
  return value;
}
