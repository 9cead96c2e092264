// One device as the registry holds it: the parts adapters reported for it (merged by a shared
// identity), their availability, and the last value of each property. It derives the public
// DeviceInfo and the device-unique property ids.
import type { DeviceEntity, DeviceInfo, DeviceSource } from '../node-api/devices.ts';
import type { DevicePart, PropertySpec } from './model.ts';

export interface PartState {
  part: DevicePart;
  /** undefined: the convention says nothing about availability (then the device counts as online). */
  online?: boolean;
}

export interface StoredValue {
  value: unknown;
  changedAt: number;
}

/** Where a device-unique property id leads. */
export interface PropertyRef {
  id: string;
  partRef: string;
  entity: string;
  spec: PropertySpec;
}

/** The key of a part in a record: its source and its adapter-local key. */
export function partRef(source: DeviceSource, key: string): string {
  return `${source}\u0000${key}`;
}

/** The key of a stored value: entity and property key (stable when ids get prefixed). */
export function valueKey(entity: string, key: string): string {
  return `${entity}\u0000${key}`;
}

export class DeviceRecord {
  readonly parts = new Map<string, PartState>();
  readonly values = new Map<string, StoredValue>();
  /** What the device was before the restart, until an adapter announces it again. */
  restored?: DeviceInfo;
  private index?: Map<string, PropertyRef>;

  constructor(readonly id: string) {}

  /** Parts changed: the property ids are derived again on next use. */
  touch(): void {
    this.index = undefined;
  }

  get announced(): boolean {
    return this.parts.size > 0;
  }

  /**
   * The parts that define the device. A native convention wins over HA discovery of the same
   * device (Zigbee2MQTT and Tasmota publish both): its entities are richer and commands go
   * the device's own way, so the HA copies would only be duplicates.
   */
  activeParts(): Array<[string, PartState]> {
    const all = [...this.parts];
    const native = all.filter(([, s]) => s.part.source !== 'homeassistant');
    return native.length > 0 ? native : all;
  }

  /** Property id → where it leads. A key used by one entity only is its own id; otherwise `<entity>_<key>`. */
  properties(): Map<string, PropertyRef> {
    if (this.index) return this.index;
    const refs: Array<Omit<PropertyRef, 'id'>> = [];
    for (const [ref, { part }] of this.activeParts()) {
      for (const entity of part.entities) for (const spec of entity.properties) refs.push({ partRef: ref, entity: entity.id, spec });
    }
    const uses = new Map<string, number>();
    for (const r of refs) uses.set(r.spec.key, (uses.get(r.spec.key) ?? 0) + 1);
    const index = new Map<string, PropertyRef>();
    for (const r of refs) {
      let id = uses.get(r.spec.key) === 1 ? r.spec.key : `${r.entity}_${r.spec.key}`;
      while (index.has(id)) id = `${id}_`;
      index.set(id, { ...r, id });
    }
    this.index = index;
    return index;
  }

  /** The property id for a part's entity and key, if the part is active. */
  propertyId(ref: string, entity: string, key: string): string | undefined {
    for (const p of this.properties().values()) if (p.partRef === ref && p.entity === entity && p.spec.key === key) return p.id;
    return undefined;
  }

  get online(): boolean {
    if (!this.announced) return false;
    const states = this.activeParts().map(([, s]) => s.online);
    if (states.includes(true)) return true;
    return !states.includes(false);
  }

  info(): DeviceInfo {
    if (!this.announced && this.restored) return this.restoredInfo(this.restored);
    const active = this.activeParts().map(([, s]) => s.part);
    const primary = active[0]!;
    const refs = [...this.properties().values()];
    const entities: DeviceEntity[] = [];
    for (const [ref, { part }] of this.activeParts()) {
      for (const entity of part.entities) {
        const properties = refs.filter((r) => r.partRef === ref && r.entity === entity.id).map((r) => {
          const { key: _key, ...spec } = r.spec;
          const stored = this.values.get(valueKey(r.entity, r.spec.key));
          return { ...spec, id: r.id, ...(stored ? { value: stored.value, changedAt: stored.changedAt } : {}) };
        });
        entities.push({ id: entity.id, name: entity.name, kind: entity.kind, properties });
      }
    }
    const all = [...this.parts.values()].map((s) => s.part);
    return {
      id: this.id,
      name: primary.name,
      source: primary.source,
      sources: [...new Set(all.map((p) => p.source))],
      ...optional('manufacturer', firstOf(active, all, 'manufacturer')),
      ...optional('model', firstOf(active, all, 'model')),
      ...optional('area', firstOf(active, all, 'area')),
      ...optional('via', firstOf(active, all, 'via')),
      online: this.online,
      announced: true,
      entities,
      state: stateOf(entities),
    };
  }

  /** Values can't change while no part is announced: the snapshot's values are current. */
  private restoredInfo(info: DeviceInfo): DeviceInfo {
    return { ...info, online: false, announced: false };
  }
}

function stateOf(entities: DeviceEntity[]): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const entity of entities) for (const p of entity.properties) if ('value' in p) state[p.id] = p.value;
  return state;
}

function firstOf(active: DevicePart[], all: DevicePart[], key: 'manufacturer' | 'model' | 'area' | 'via'): string | undefined {
  return active.find((p) => p[key])?.[key] ?? all.find((p) => p[key])?.[key];
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}
