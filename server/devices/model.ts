// What an adapter tells the registry about a device it found: one "part" per discovery
// source (a Zigbee2MQTT device entry, one HA discovery config, a Tasmota config). The
// registry merges parts that share an identity into one device and assigns property ids.
import type { DeviceProperty, DeviceSource, EntityKind } from '../node-api/devices.ts';
import type { Logger } from '../log.ts';
import type { DeviceBus } from './bus.ts';

/** A property as an adapter describes it: `key` is unique within its entity. */
export type PropertySpec = Omit<DeviceProperty, 'id' | 'value' | 'changedAt'> & { key: string };

export interface EntitySpec {
  id: string;
  name: string;
  kind: EntityKind;
  properties: PropertySpec[];
}

export interface DevicePart {
  source: DeviceSource;
  /** Unique among the parts of one adapter (a discovery topic, a friendly name, a MAC). */
  key: string;
  /** The id a new device gets: a normalised IEEE or MAC address where there is one. */
  id: string;
  /**
   * What identifies the physical device across conventions: `ieee:0x00158d…`, `mac:a4cf12…`.
   * Parts sharing one are the same device.
   */
  identities: string[];
  name: string;
  manufacturer?: string;
  model?: string;
  area?: string;
  via?: string;
  entities: EntitySpec[];
}

/** One property value in a state report: which entity's which property. */
export interface StateEntry {
  entity: string;
  key: string;
  value: unknown;
}

/** A validated value to send, with the property it is for. */
export interface Write {
  entity: string;
  property: PropertySpec;
  value: unknown;
}

/** What an adapter may do to the registry. */
export interface AdapterHost {
  readonly bus: DeviceBus;
  readonly log: Logger;
  /** Adds or replaces a part (the same source and key replaces). */
  announce(part: DevicePart): void;
  remove(source: DeviceSource, key: string): void;
  availability(source: DeviceSource, key: string, online: boolean): void;
  state(source: DeviceSource, key: string, entries: StateEntry[]): void;
  /** A payload that could not be used: logged once per topic and problem, then skipped. */
  malformed(topic: string, problem: string): void;
  /** The current value of a part's property (to toggle, or to merge a partial report). */
  current(source: DeviceSource, key: string, entity: string, property: string): unknown;
}

export interface DeviceAdapter {
  readonly source: DeviceSource;
  /** Subscribes to the convention's topics (and asks devices to announce themselves). */
  start(): Promise<void>;
  /** Sends values, already checked against their properties, to one part. */
  command(key: string, writes: Write[]): Promise<void>;
  /** Stops timers (the bus is closed by the registry). */
  stop?(): void;
}

/** Normalises a MAC address to 12 lower-case hex digits, or undefined when it isn't one. */
export function normaliseMac(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const hex = text.replace(/[:\-.]/g, '').toLowerCase();
  return /^[0-9a-f]{12}$/.test(hex) ? hex : undefined;
}

/** Normalises an IEEE (EUI-64) address to `0x` + 16 lower-case hex digits. */
export function normaliseIeee(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const hex = text.replace(/^0x/i, '').replace(/[:\-]/g, '').toLowerCase();
  return /^[0-9a-f]{16}$/.test(hex) ? `0x${hex}` : undefined;
}

/** Parses a payload as JSON, or undefined when it isn't JSON. */
export function parseJson(payload: Buffer | string): unknown {
  try {
    return JSON.parse(payload.toString());
  } catch {
    return undefined;
  }
}

/** Words for a key: `color_temp` → `Color temp`, `POWER1` → `Power1`. */
export function humanise(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
