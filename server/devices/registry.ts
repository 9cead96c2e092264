// The device registry: adapters report what they find on the broker, the registry merges it
// into devices (parts sharing an identity are one device), keeps the last value of every
// property, tells listeners about changes, sends commands through the owning adapter and
// keeps its state in <dataDir>/devices.json across restarts.
import { EventEmitter } from 'node:events';
import type { DeviceInfo, DeviceSource, DeviceStateChange } from '../node-api/devices.ts';
import { fail, failFrom } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { DeviceBus } from './bus.ts';
import { DeviceRecord, partRef, valueKey, type PropertyRef } from './device-record.ts';
import type { AdapterHost, DeviceAdapter, DevicePart, StateEntry, Write } from './model.ts';
import { readState, writeState, type StoredState } from './state-store.ts';
import { asBoolean, checkValue, parseText, readValue, sameValue } from './values.ts';

export interface RegistryEventMap {
  /** A device appeared (or was announced again after a restart). */
  added: [DeviceInfo];
  /** Its description changed: entities, name, availability. */
  updated: [DeviceInfo];
  removed: [{ id: string }];
  state: [DeviceStateChange];
}

export interface RegistryOptions {
  bus: DeviceBus;
  log: Logger;
  /** Where state survives restarts; without it nothing is kept. */
  stateFile?: string;
  /** How long changes may wait before they are written (ms). */
  saveDelayMs?: number;
  /** The adapters, built with the registry's host. */
  adapters: Array<(host: AdapterHost) => DeviceAdapter>;
}

/** Malformed payloads remembered so each is logged once; bounded so a flood can't grow it. */
const MALFORMED_MEMORY = 1000;

export class DeviceRegistry {
  readonly events = new EventEmitter<RegistryEventMap>();
  private readonly devices = new Map<string, DeviceRecord>();
  private readonly identities = new Map<string, string>();
  private readonly byPart = new Map<string, string>();
  private readonly descriptions = new Map<string, string>();
  private readonly adapters = new Map<DeviceSource, DeviceAdapter>();
  private readonly malformedSeen = new Set<string>();
  private saveTimer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();
  private lastSaveError = '';

  private constructor(private readonly opts: RegistryOptions) {
    this.events.setMaxListeners(0); // one listener per device node
  }

  /** Restores the saved state, then starts the adapters (which subscribe and ask devices to announce). */
  static async start(opts: RegistryOptions): Promise<DeviceRegistry> {
    const registry = new DeviceRegistry(opts);
    if (opts.stateFile) registry.restore(await readState(opts.stateFile, opts.log));
    const host = registry.host();
    for (const make of opts.adapters) {
      const adapter = make(host);
      registry.adapters.set(adapter.source, adapter);
    }
    for (const adapter of registry.adapters.values()) await adapter.start();
    return registry;
  }

  list(): DeviceInfo[] {
    return [...this.devices.values()].map((d) => d.info()).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): DeviceInfo | undefined {
    return this.devices.get(id)?.info();
  }

  /**
   * Checks every value against its property (all or nothing), then sends them through the
   * adapters that own them. Rejects with a DEVICE_* error.
   */
  async command(deviceId: string, values: Record<string, unknown>): Promise<void> {
    const record = this.devices.get(deviceId);
    if (!record) throw fail('DEVICE_NOT_FOUND', deviceId);
    if (!record.announced) throw fail('DEVICE_NOT_ANNOUNCED', deviceId);
    const properties = record.properties();
    const byPart = new Map<string, Write[]>();
    for (const [id, raw] of Object.entries(values)) {
      const ref = properties.get(id);
      if (!ref) throw fail('DEVICE_PROPERTY_UNKNOWN', deviceId, id, settableList(properties));
      if (!ref.spec.settable) throw fail('DEVICE_PROPERTY_READ_ONLY', id, deviceId);
      const value = this.commandValue(record, ref, raw);
      const list = byPart.get(ref.partRef) ?? [];
      list.push({ entity: ref.entity, property: ref.spec, value });
      byPart.set(ref.partRef, list);
    }
    for (const [ref, writes] of byPart) {
      const { part } = record.parts.get(ref)!;
      try {
        await this.adapters.get(part.source)!.command(part.key, writes);
      } catch (err) {
        throw failFrom(err, 'DEVICE_COMMAND_FAILED', deviceId, (err as Error).message);
      }
    }
  }

  /** A person's text as a property's value ("on" → true); throws DEVICE_* errors. */
  parseValue(deviceId: string, propertyId: string, text: string): unknown {
    const ref = this.devices.get(deviceId)?.properties().get(propertyId);
    if (!ref) throw fail('DEVICE_PROPERTY_UNKNOWN', deviceId, propertyId, 'no such property now');
    const checked = parseText(ref.spec, text);
    if (!checked.ok) throw fail('DEVICE_VALUE_INVALID', propertyId, deviceId, checked.problem);
    return checked.value;
  }

  /** Stops the adapters and writes what is not saved yet. The bus is closed too. */
  async close(): Promise<void> {
    for (const adapter of this.adapters.values()) adapter.stop?.();
    clearTimeout(this.saveTimer);
    await this.opts.bus.close();
    await this.save();
  }

  private commandValue(record: DeviceRecord, ref: PropertyRef, raw: unknown): unknown {
    if (ref.spec.type === 'boolean' && typeof raw === 'string' && raw.trim().toLowerCase() === 'toggle') {
      const current = asBoolean(record.values.get(valueKey(ref.entity, ref.spec.key))?.value);
      if (current === undefined) throw fail('DEVICE_VALUE_INVALID', ref.id, record.id, 'cannot toggle: its current state is not known');
      return !current;
    }
    const checked = checkValue(ref.spec, raw);
    if (!checked.ok) throw fail('DEVICE_VALUE_INVALID', ref.id, record.id, checked.problem);
    return checked.value;
  }

  private host(): AdapterHost {
    const { bus, log } = this.opts;
    return {
      bus,
      log,
      announce: (part) => this.announce(part),
      remove: (source, key) => this.remove(source, key),
      availability: (source, key, online) => this.availability(source, key, online),
      state: (source, key, entries) => this.state(source, key, entries),
      malformed: (topic, problem) => this.malformed(topic, problem),
      current: (source, key, entity, property) => {
        const id = this.byPart.get(partRef(source, key));
        return id === undefined ? undefined : this.devices.get(id)?.values.get(valueKey(entity, property))?.value;
      },
    };
  }

  private announce(part: DevicePart): void {
    const ref = partRef(part.source, part.key);
    const record = this.recordFor(ref, part);
    const wasAnnounced = record.announced;
    const previous = record.parts.get(ref);
    record.parts.set(ref, { part, online: previous?.online });
    record.restored = undefined;
    record.touch();
    this.byPart.set(ref, record.id);
    for (const identity of part.identities) this.identities.set(identity, record.id);
    this.describe(record, wasAnnounced ? 'updated' : 'added');
  }

  /** The device a part belongs to: the one it belonged to, one sharing an identity, or a new one. */
  private recordFor(ref: string, part: DevicePart): DeviceRecord {
    const owners = new Set<string>();
    const current = this.byPart.get(ref);
    if (current !== undefined) owners.add(current);
    for (const identity of part.identities) {
      const id = this.identities.get(identity);
      if (id !== undefined && this.devices.has(id)) owners.add(id);
    }
    const [first, ...others] = [...owners];
    if (first !== undefined) {
      const record = this.devices.get(first)!;
      for (const other of others) this.merge(record, this.devices.get(other)!);
      return record;
    }
    let id = part.id;
    for (let n = 2; this.devices.has(id); n++) id = `${part.id}-${n}`;
    const record = new DeviceRecord(id);
    this.devices.set(id, record);
    return record;
  }

  /** Two devices turned out to be one (an identity linked them): `from` joins `into`. */
  private merge(into: DeviceRecord, from: DeviceRecord): void {
    for (const [ref, state] of from.parts) {
      into.parts.set(ref, state);
      this.byPart.set(ref, into.id);
    }
    for (const [key, value] of from.values) if (!into.values.has(key)) into.values.set(key, value);
    for (const [identity, id] of this.identities) if (id === from.id) this.identities.set(identity, into.id);
    into.touch();
    this.devices.delete(from.id);
    this.descriptions.delete(from.id);
    this.events.emit('removed', { id: from.id });
  }

  private remove(source: DeviceSource, key: string): void {
    const ref = partRef(source, key);
    const id = this.byPart.get(ref);
    const record = id === undefined ? undefined : this.devices.get(id);
    this.byPart.delete(ref);
    if (!record || !record.parts.delete(ref)) return;
    record.touch();
    if (record.announced) {
      this.describe(record, 'updated');
      return;
    }
    this.devices.delete(record.id);
    this.descriptions.delete(record.id);
    for (const [identity, owner] of this.identities) if (owner === record.id) this.identities.delete(identity);
    this.opts.log.info({ device: record.id }, 'device removed');
    this.events.emit('removed', { id: record.id });
    this.changed();
  }

  private availability(source: DeviceSource, key: string, online: boolean): void {
    const ref = partRef(source, key);
    const record = this.recordOf(ref);
    const state = record?.parts.get(ref);
    if (!record || !state || state.online === online) return;
    state.online = online;
    this.describe(record, 'updated');
  }

  private state(source: DeviceSource, key: string, entries: StateEntry[]): void {
    const ref = partRef(source, key);
    const record = this.recordOf(ref);
    if (!record) return;
    const time = Date.now();
    for (const entry of entries) {
      const id = record.propertyId(ref, entry.entity, entry.key);
      if (id === undefined) continue; // not a known property, or an HA copy of a native device
      const spec = record.properties().get(id)!.spec;
      const value = readValue(spec, entry.value);
      const vkey = valueKey(entry.entity, entry.key);
      const stored = record.values.get(vkey);
      const changed = !stored || !sameValue(stored.value, value);
      if (changed) {
        record.values.set(vkey, { value, changedAt: time });
        this.changed();
      }
      this.events.emit('state', { device: record.id, entity: entry.entity, property: id, value, previous: stored?.value, changed, time });
    }
  }

  private recordOf(ref: string): DeviceRecord | undefined {
    const id = this.byPart.get(ref);
    return id === undefined ? undefined : this.devices.get(id);
  }

  /** Emits `kind` when the description (everything but the values) changed since last told. */
  private describe(record: DeviceRecord, kind: 'added' | 'updated'): void {
    const info = record.info();
    const { state: _state, entities, ...rest } = info;
    const description = JSON.stringify([rest, entities.map((e) => ({ ...e, properties: e.properties.map(({ value: _v, changedAt: _c, ...p }) => p) }))]);
    const known = this.descriptions.get(record.id);
    if (known === description) return;
    this.descriptions.set(record.id, description);
    this.events.emit(known === undefined ? 'added' : kind, info);
    this.changed();
  }

  private malformed(topic: string, problem: string): void {
    const key = `${topic}\u0000${problem}`;
    if (this.malformedSeen.has(key)) return;
    if (this.malformedSeen.size >= MALFORMED_MEMORY) this.malformedSeen.clear();
    this.malformedSeen.add(key);
    this.opts.log.warn({ topic, problem }, 'device message skipped: malformed payload (logged once)');
  }

  private restore(state: StoredState): void {
    for (const [identity, id] of Object.entries(state.identities)) this.identities.set(identity, id);
    for (const { info, values } of state.devices) {
      const record = new DeviceRecord(info.id);
      record.restored = info;
      for (const [entity, key, value, changedAt] of values) record.values.set(valueKey(entity, key), { value, changedAt });
      this.devices.set(info.id, record);
    }
  }

  private changed(): void {
    if (!this.opts.stateFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, this.opts.saveDelayMs ?? 2000);
    this.saveTimer.unref();
  }

  private save(): Promise<void> {
    const file = this.opts.stateFile;
    if (!file) return Promise.resolve();
    const snapshot: StoredState = {
      identities: Object.fromEntries(this.identities),
      devices: [...this.devices.values()].map((record) => ({
        info: record.info(),
        values: [...record.values].map(([k, v]) => {
          const [entity, key] = k.split('\u0000') as [string, string];
          return [entity, key, v.value, v.changedAt];
        }),
      })),
    };
    // One write at a time, in order: the last snapshot wins.
    this.saving = this.saving.then(() => writeState(file, snapshot)).then(
      () => { this.lastSaveError = ''; },
      (err: Error) => {
        if (err.message === this.lastSaveError) return;
        this.lastSaveError = err.message;
        const error = fail('DEVICE_STATE_NOT_SAVED', file, err.message);
        this.opts.log.warn({ code: error.code }, error.message);
      },
    );
    return this.saving;
  }
}

function settableList(properties: Map<string, PropertyRef>): string {
  const ids = [...properties.values()].filter((p) => p.spec.settable).map((p) => p.id);
  return ids.length ? `settable: ${ids.join(', ')}` : 'no settable properties';
}
