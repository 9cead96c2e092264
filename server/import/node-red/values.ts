// Reading Node-RED's loosely typed option values ("5" for 5, "true" for true, typed inputs as
// a value and a type key) into Patchbay's config, and writing them back.
import type { MapContext } from './mapper.ts';

/** A string option; numbers and booleans Node-RED saved as such become their text. */
export function text(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}

/** A number option, which Node-RED often saves as a string; anything unreadable is noted and replaced. */
export function number(value: unknown, fallback: number, ctx: MapContext, what: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isFinite(n)) return n;
  ctx.note(`${what} "${text(value)}" is not a number; ${fallback} is used`);
  return fallback;
}

/** A boolean option: Node-RED saves some as the strings "true" and "false". */
export function flag(value: unknown, fallback = false): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return fallback;
}

export interface TypedValue {
  type: string;
  value: string;
}

/**
 * A typed input (`value` + its type key). A type Patchbay does not offer here is noted and
 * read as a string. Context keys with a store prefix (`#:(file)::key`) are noted: the
 * configured default store is used.
 */
export function typed(value: unknown, type: unknown, allowed: readonly string[], ctx: MapContext, what: string, fallbackType = 'str'): TypedValue {
  const t = typeof type === 'string' && type !== '' ? type : fallbackType;
  const v = typeof value === 'object' && value !== null ? JSON.stringify(value) : text(value);
  if (!allowed.includes(t)) {
    ctx.note(`${what}: the value type "${t}" is not available here; it is read as text`);
    return { type: 'str', value: v };
  }
  if ((t === 'flow' || t === 'global') && v.startsWith('#:(')) {
    const match = /^#:\((.*?)\)::(.*)$/.exec(v);
    if (match) {
      ctx.note(`${what}: the context store "${match[1]}" is not chosen per value; the default store is used`);
      return { type: t, value: match[2]! };
    }
  }
  return { type: t, value: v };
}

/** Whether a value is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A list of strings (node ids); anything else is an empty list. */
export function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A typed value of a Patchbay config, for writing back; missing parts are empty strings. */
export function typedOf(value: unknown): TypedValue {
  return isRecord(value) ? { type: text(value.type, 'str'), value: text(value.value) } : { type: 'str', value: '' };
}
