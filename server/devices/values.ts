// Typed property values: what a device reported, turned into the property's type, and what a
// flow or a person asks for, checked against the type and range before anything is sent.
import type { DeviceProperty } from '../node-api/devices.ts';

type Typed = Pick<DeviceProperty, 'type' | 'min' | 'max' | 'values' | 'unit'>;

const TRUE_WORDS = new Set(['on', 'true', '1', 'yes']);
const FALSE_WORDS = new Set(['off', 'false', '0', 'no']);

/** The problem with a value for a property, or the value in the property's type. */
export type Checked = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Checks a value meant for a property: booleans also as on/off/true/false/1/0, numbers also
 * as numeric text and within min..max, enum values case-insensitively. `toggle` is the
 * caller's business (it needs the current state).
 */
export function checkValue(property: Typed, raw: unknown): Checked {
  switch (property.type) {
    case 'boolean': {
      const value = asBoolean(raw);
      return value === undefined ? { ok: false, problem: `expected on/off (true/false), got ${show(raw)}` } : { ok: true, value };
    }
    case 'number': {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(value)) return { ok: false, problem: `expected a number${range(property)}, got ${show(raw)}` };
      if ((property.min !== undefined && value < property.min) || (property.max !== undefined && value > property.max)) {
        return { ok: false, problem: `${value} is out of range${range(property)}` };
      }
      return { ok: true, value };
    }
    case 'enum': {
      const values = property.values ?? [];
      const match = values.find((v) => v === raw) ?? values.find((v) => typeof raw === 'string' && v.toLowerCase() === raw.toLowerCase());
      return match === undefined ? { ok: false, problem: `expected one of ${values.join(', ')}, got ${show(raw)}` } : { ok: true, value: match };
    }
    case 'string':
      return raw !== null && typeof raw !== 'object' && raw !== undefined ? { ok: true, value: String(raw) } : { ok: false, problem: `expected text, got ${show(raw)}` };
    case 'json':
      return raw === undefined ? { ok: false, problem: 'expected a value' } : { ok: true, value: raw };
  }
}

/** A value as a device reported it, in the property's type where it can be (else as it came). */
export function readValue(property: Typed, raw: unknown): unknown {
  if (property.type === 'number' && typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (property.type === 'boolean') return asBoolean(raw) ?? raw;
  return raw;
}

/** A person's text (a form's "to" value) in the property's type: "21.5" → 21.5, "on" → true. */
export function parseText(property: Typed, text: string): Checked {
  if (property.type === 'json') {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: true, value: text };
    }
  }
  return checkValue({ ...property, min: undefined, max: undefined }, text);
}

export function asBoolean(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw !== 'string') return undefined;
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** Deep equality for JSON values (state reports): a repeated report is not a change. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function range(property: Typed): string {
  const unit = property.unit ? ` ${property.unit}` : '';
  if (property.min !== undefined && property.max !== undefined) return ` from ${property.min} to ${property.max}${unit}`;
  if (property.min !== undefined) return ` of at least ${property.min}${unit}`;
  if (property.max !== undefined) return ` of at most ${property.max}${unit}`;
  return '';
}

function show(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
