// Shelly Gen2+ components (`switch:0`, `cover:0`, ...) as entities: which properties a
// component's status carries, and the RPC call that sets each settable one.
import type { EntityKind } from '../../node-api/devices.ts';
import { isPlainObject } from '../../plain-object.ts';
import type { EntitySpec, PropertySpec, StateEntry } from '../model.ts';

interface Field {
  key: string;
  name: string;
  path: string[];
  spec: Pick<PropertySpec, 'type'> & Partial<PropertySpec>;
}

interface ComponentType {
  kind: EntityKind;
  fields: Field[];
}

const ro = { readable: true, settable: false, gettable: false } as const;
const rw = { readable: true, settable: true, gettable: false } as const;

const TYPES: Record<string, ComponentType> = {
  switch: {
    kind: 'switch',
    fields: [
      { key: 'output', name: 'On', path: ['output'], spec: { type: 'boolean', ...rw } },
      { key: 'apower', name: 'Power', path: ['apower'], spec: { type: 'number', unit: 'W', ...ro } },
      { key: 'voltage', name: 'Voltage', path: ['voltage'], spec: { type: 'number', unit: 'V', ...ro } },
      { key: 'current', name: 'Current', path: ['current'], spec: { type: 'number', unit: 'A', ...ro } },
      { key: 'energy', name: 'Energy', path: ['aenergy', 'total'], spec: { type: 'number', unit: 'Wh', ...ro } },
      { key: 'temperature', name: 'Temperature', path: ['temperature', 'tC'], spec: { type: 'number', unit: '°C', ...ro } },
    ],
  },
  light: {
    kind: 'light',
    fields: [
      { key: 'output', name: 'On', path: ['output'], spec: { type: 'boolean', ...rw } },
      { key: 'brightness', name: 'Brightness', path: ['brightness'], spec: { type: 'number', min: 0, max: 100, unit: '%', ...rw } },
    ],
  },
  cover: {
    kind: 'cover',
    fields: [
      { key: 'state', name: 'State', path: ['state'], spec: { type: 'enum', values: ['open', 'closed', 'opening', 'closing', 'stopped', 'calibrating'], ...ro } },
      { key: 'position', name: 'Position', path: ['current_pos'], spec: { type: 'number', min: 0, max: 100, unit: '%', ...rw } },
      { key: 'command', name: 'Command', path: [], spec: { type: 'enum', values: ['open', 'close', 'stop'], readable: false, settable: true, gettable: false } },
      { key: 'apower', name: 'Power', path: ['apower'], spec: { type: 'number', unit: 'W', ...ro } },
    ],
  },
  input: { kind: 'binary_sensor', fields: [{ key: 'state', name: 'State', path: ['state'], spec: { type: 'boolean', ...ro } }] },
  temperature: { kind: 'sensor', fields: [{ key: 'temperature', name: 'Temperature', path: ['tC'], spec: { type: 'number', unit: '°C', ...ro } }] },
  humidity: { kind: 'sensor', fields: [{ key: 'humidity', name: 'Humidity', path: ['rh'], spec: { type: 'number', unit: '%', ...ro } }] },
  devicepower: { kind: 'sensor', fields: [{ key: 'battery', name: 'Battery', path: ['battery', 'percent'], spec: { type: 'number', unit: '%', ...ro } }] },
};

/** `switch:0` → ["switch", 0], or undefined for keys that aren't components (`sys`, `wifi`). */
export function componentOf(key: string): [string, number] | undefined {
  const match = /^([a-z]+):(\d+)$/.exec(key);
  return match && TYPES[match[1]!] ? [match[1]!, Number(match[2])] : undefined;
}

export function entityId(type: string, index: number): string {
  return `${type}_${index}`;
}

/** The entity of a component whose status looked like `status`. */
export function componentEntity(type: string, index: number, status: Record<string, unknown>): EntitySpec {
  const { kind, fields } = TYPES[type]!;
  const properties = fields
    .filter((f) => f.path.length === 0 || valueAt(status, f.path) !== undefined)
    .map((f) => ({ key: f.key, name: f.name, readable: true, settable: false, gettable: false, ...f.spec }));
  return { id: entityId(type, index), name: `${type.charAt(0).toUpperCase()}${type.slice(1)} ${index}`, kind, properties };
}

/** The values in a (full or partial) component status. */
export function componentValues(type: string, index: number, status: Record<string, unknown>): StateEntry[] {
  const entries: StateEntry[] = [];
  for (const f of TYPES[type]?.fields ?? []) {
    if (f.path.length === 0) continue;
    const value = valueAt(status, f.path);
    if (value !== undefined) entries.push({ entity: entityId(type, index), key: f.key, value });
  }
  return entries;
}

/** The RPC that sets one property of a component. */
export function setCall(type: string, index: number, key: string, value: unknown): { method: string; params: Record<string, unknown> } {
  const id = index;
  if (type === 'cover' && key === 'position') return { method: 'Cover.GoToPosition', params: { id, pos: value } };
  if (type === 'cover' && key === 'command') return { method: `Cover.${String(value).charAt(0).toUpperCase()}${String(value).slice(1)}`, params: { id } };
  if (type === 'light' && key === 'brightness') return { method: 'Light.Set', params: { id, on: true, brightness: value } };
  const namespace = type === 'light' ? 'Light' : 'Switch';
  return { method: `${namespace}.Set`, params: { id, on: value } };
}

function valueAt(status: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = status;
  for (const step of path) value = isPlainObject(value) ? value[step] : undefined;
  return value;
}
