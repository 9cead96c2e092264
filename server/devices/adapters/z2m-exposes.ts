// Zigbee2MQTT's `exposes` (bridge/devices → definition.exposes) as entities and properties.
// Specific types (light, switch, cover, ...) group their `features`; generic ones (binary,
// numeric, enum, text, composite, list) stand alone. `access` is a bit mask: 1 = in the state
// messages, 2 = settable through /set, 4 = readable through /get.
import type { EntityKind } from '../../node-api/devices.ts';
import { isPlainObject } from '../../plain-object.ts';
import { humanise, type EntitySpec, type PropertySpec } from '../model.ts';

export interface Expose {
  type: string;
  name?: string;
  label?: string;
  property?: string;
  access?: number;
  endpoint?: string;
  features?: Expose[];
  value_on?: unknown;
  value_off?: unknown;
  value_min?: number;
  value_max?: number;
  value_step?: number;
  unit?: string;
  values?: unknown[];
}

const SPECIFIC: Record<string, EntityKind> = { light: 'light', switch: 'switch', fan: 'fan', cover: 'cover', lock: 'lock', climate: 'climate' };

/** The entities of a device, and each property's expose (for on/off values when decoding and encoding). */
export function exposesToEntities(exposes: unknown): { entities: EntitySpec[]; features: Map<string, Expose> } {
  const entities: EntitySpec[] = [];
  const features = new Map<string, Expose>();
  const ids = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}_${n}`;
    ids.add(id);
    return id;
  };
  for (const expose of Array.isArray(exposes) ? exposes.filter(isExpose) : []) {
    const kind = SPECIFIC[expose.type];
    if (kind) {
      const properties = (expose.features ?? []).filter(isExpose).map((f) => property(f, features)).filter((p): p is PropertySpec => p !== undefined);
      if (properties.length === 0) continue;
      const base = expose.endpoint ? `${expose.type}_${expose.endpoint}` : expose.type;
      entities.push({ id: uniqueId(base), name: humanise(base), kind, properties });
      continue;
    }
    const spec = property(expose, features);
    if (!spec) continue;
    entities.push({ id: uniqueId(spec.key), name: spec.name, kind: genericKind(expose, spec), properties: [spec] });
  }
  return { entities, features };
}

function property(expose: Expose, features: Map<string, Expose>): PropertySpec | undefined {
  if (typeof expose.property !== 'string' || expose.property === '') return undefined;
  const access = typeof expose.access === 'number' ? expose.access : 1;
  features.set(expose.property, expose);
  const base = {
    key: expose.property,
    name: expose.label ?? humanise(expose.name ?? expose.property),
    readable: (access & 1) !== 0,
    settable: (access & 2) !== 0,
    gettable: (access & 4) !== 0,
  };
  switch (expose.type) {
    case 'binary':
      return { ...base, type: 'boolean' };
    case 'numeric':
      return {
        ...base, type: 'number',
        ...(typeof expose.value_min === 'number' ? { min: expose.value_min } : {}),
        ...(typeof expose.value_max === 'number' ? { max: expose.value_max } : {}),
        ...(typeof expose.value_step === 'number' ? { step: expose.value_step } : {}),
        ...(expose.unit ? { unit: expose.unit } : {}),
      };
    case 'enum':
      return { ...base, type: 'enum', values: (expose.values ?? []).map(String) };
    case 'text':
      return { ...base, type: 'string' };
    default: // composite (a colour), list
      return { ...base, type: 'json' };
  }
}

function genericKind(expose: Expose, spec: PropertySpec): EntityKind {
  if (spec.key === 'action' || spec.key === 'click') return 'event';
  switch (expose.type) {
    case 'binary': return spec.settable ? 'switch' : 'binary_sensor';
    case 'numeric': return spec.settable ? 'number' : 'sensor';
    case 'enum': return spec.settable ? 'select' : 'sensor';
    default: return 'sensor';
  }
}

function isExpose(value: unknown): value is Expose {
  return isPlainObject(value) && typeof value.type === 'string';
}

/** A value from a state message in Patchbay's terms: a binary's value_on/value_off → true/false. */
export function decodeZ2m(expose: Expose | undefined, raw: unknown): unknown {
  if (expose?.type !== 'binary') return raw;
  if (raw === expose.value_on) return true;
  if (raw === expose.value_off) return false;
  return raw;
}

/** A value for /set: true/false → the binary's value_on/value_off. */
export function encodeZ2m(expose: Expose | undefined, value: unknown): unknown {
  if (expose?.type !== 'binary' || typeof value !== 'boolean') return value;
  return value ? (expose.value_on ?? 'ON') : (expose.value_off ?? 'OFF');
}
