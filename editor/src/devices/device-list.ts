// The Devices panel's model, pure (no React): the device list kept up to date by events,
// grouped by area (or the bridge, or the convention, when a device has no area), filtered.
import type { DeviceInfo, DeviceProperty, DeviceStateEvent } from '../../../server/api/contract.ts';

export type DeviceMap = ReadonlyMap<string, DeviceInfo>;

export function fromList(list: readonly DeviceInfo[]): DeviceMap {
  return new Map(list.map((d) => [d.id, d]));
}

export function withDevice(devices: DeviceMap, device: DeviceInfo): DeviceMap {
  return new Map(devices).set(device.id, device);
}

export function withoutDevice(devices: DeviceMap, id: string): DeviceMap {
  const next = new Map(devices);
  next.delete(id);
  return next;
}

/** A state value applied to its property (and to `state`); unknown devices are left alone. */
export function withState(devices: DeviceMap, e: DeviceStateEvent): DeviceMap {
  const device = devices.get(e.device);
  if (!device) return devices;
  const entities = device.entities.map((entity) => (entity.id !== e.entity && !entity.properties.some((p) => p.id === e.property) ? entity : {
    ...entity,
    properties: entity.properties.map((p) => (p.id === e.property ? { ...p, value: e.value, changedAt: e.time } : p)),
  }));
  return new Map(devices).set(device.id, { ...device, entities, state: { ...device.state, [e.property]: e.value } });
}

/** What a device is grouped under: its area, else its bridge, else its convention. */
export function groupOf(device: DeviceInfo): string {
  return device.area ?? device.via ?? SOURCE_LABELS[device.source];
}

export const SOURCE_LABELS: Record<DeviceInfo['source'], string> = {
  homeassistant: 'Home Assistant discovery', zigbee2mqtt: 'Zigbee2MQTT', tasmota: 'Tasmota', shelly: 'Shelly', homie: 'Homie',
};

/**
 * Devices whose name, id, model, area, source or a property's name or id contains `query`
 * (any case), grouped and sorted by group then name.
 */
export function groupDevices(devices: DeviceMap, query: string): Array<[string, DeviceInfo[]]> {
  const q = query.trim().toLowerCase();
  const groups = new Map<string, DeviceInfo[]>();
  for (const device of devices.values()) {
    if (q && !matches(device, q)) continue;
    const group = groupOf(device);
    groups.set(group, [...(groups.get(group) ?? []), device]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([group, list]) => [group, list.sort((a, b) => a.name.localeCompare(b.name))]);
}

function matches(device: DeviceInfo, q: string): boolean {
  const words = [device.name, device.id, device.model, device.manufacturer, device.area, device.source,
    ...device.entities.flatMap((e) => [e.name, ...e.properties.flatMap((p) => [p.id, p.name])])];
  return words.some((w) => w?.toLowerCase().includes(q));
}

/** A value for a person: on/off, a number with its unit, JSON for objects, — when unknown. */
export function formatValue(property: Pick<DeviceProperty, 'type' | 'unit' | 'value'>): string {
  const { value } = property;
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return property.unit ? `${text} ${property.unit}` : text;
}

/** The values a command picker offers for a property: on/off/toggle, an enum's values, or none (type a number or text). */
export function commandChoices(property: Pick<DeviceProperty, 'type' | 'values'>): string[] {
  if (property.type === 'boolean') return ['on', 'off', 'toggle'];
  if (property.type === 'enum') return property.values ?? [];
  return [];
}
