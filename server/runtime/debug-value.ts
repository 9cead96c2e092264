// Turns any value into JSON for the debug sidebar, encoding what JSON cannot carry
// (see EncodedSpecial in the contract) and cutting long values so a huge message can't
// flood the browser.
import type { EncodedSpecial } from '../api/contract.ts';

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
    case 'string': return value.length > DEBUG_MAX_LENGTH ? `${value.slice(0, DEBUG_MAX_LENGTH)}…` : value;
    case 'boolean': return value;
  }
  if (value === null) return null;
  const obj = value as object;
  if (Buffer.isBuffer(obj) || obj instanceof Uint8Array) {
    const bytes = Buffer.from(obj.buffer, obj.byteOffset, Math.min(obj.byteLength, DEBUG_MAX_LENGTH));
    return special({ __pb: 'buffer', hex: bytes.toString('hex'), length: obj.byteLength });
  }
  if (obj instanceof Date) return special({ __pb: 'date', value: Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString() });
  if (obj instanceof Error) return special({ __pb: 'error', name: obj.name, message: obj.message });
  if (seen.has(obj)) return special({ __pb: 'circular' });
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items = obj.slice(0, DEBUG_MAX_LENGTH).map((v) => encode(v, seen));
      if (obj.length > DEBUG_MAX_LENGTH) items.push(special({ __pb: 'truncated', length: obj.length }));
      return items;
    }
    const source = obj instanceof Map ? Object.fromEntries(obj) : obj instanceof Set ? [...obj] : obj;
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
