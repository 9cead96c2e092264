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
  // As Node-RED's debug shows them: typed arrays, RegExps, Maps and Sets named as what they are.
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
    const all = Array.from(obj as unknown as ArrayLike<unknown>);
    return special({ __pb: 'typedarray', kind: tag.slice(8, -1), values: all.slice(0, DEBUG_MAX_LENGTH).map((v) => encode(v, seen)), length: all.length });
  }
  if (tag === '[object RegExp]') return special({ __pb: 'regexp', value: String(obj) });
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
    if (tag === '[object Map]') {
      const map = obj as Map<unknown, unknown>;
      return special({ __pb: 'map', entries: [...map].slice(0, DEBUG_MAX_LENGTH).map(([k, v]) => [encode(k, seen), encode(v, seen)]), size: map.size });
    }
    if (tag === '[object Set]') {
      const set = obj as Set<unknown>;
      return special({ __pb: 'set', values: [...set].slice(0, DEBUG_MAX_LENGTH).map((v) => encode(v, seen)), size: set.size });
    }
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
