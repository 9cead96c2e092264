// The devices capability (`node.devices`): the devices Patchbay found on its broker, their
// live state, and commands in each device's own convention. Types only, plus the editor hint
// `devicePicker`; the server implements the capability (server/devices/).
import type { DevicePickerKind } from './types.ts';

/**
 * The convention a device was found through.
 *
 * @example
 * ```ts
 * if (node.devices.get(id)?.source === 'zigbee2mqtt') node.log('a Zigbee device');
 * ```
 */
export type DeviceSource = 'homeassistant' | 'zigbee2mqtt' | 'tasmota' | 'shelly' | 'homie';

/**
 * What an entity is, in Home Assistant's terms (the platform of the thing).
 *
 * @example
 * ```ts
 * const lights = info.entities.filter((e) => e.kind === ('light' satisfies EntityKind));
 * ```
 */
export type EntityKind =
  | 'switch' | 'light' | 'sensor' | 'binary_sensor' | 'cover' | 'climate' | 'fan' | 'lock'
  | 'button' | 'event' | 'number' | 'select';

/**
 * The type of a property's value. On/off values are booleans whatever the device sends
 * (`"ON"`, `"on"`, `true`, `1`); `enum` values are strings from `values`; `json` is an object
 * or list (a colour, a composite).
 *
 * @example
 * ```ts
 * const numeric = property.type === ('number' satisfies PropertyType);
 * ```
 */
export type PropertyType = 'boolean' | 'number' | 'enum' | 'string' | 'json';

/**
 * One value of a device: a reading, a setting, or both.
 *
 * @example
 * ```ts
 * const settable = info.entities.flatMap((e) => e.properties).filter((p: DeviceProperty) => p.settable);
 * ```
 */
export interface DeviceProperty {
  /** Unique within the device; what nodes and `msg.property` name. */
  id: string;
  name: string;
  type: PropertyType;
  unit?: string;
  min?: number;
  max?: number;
  step?: number;
  /** The allowed values of an `enum`. */
  values?: string[];
  /** The device reports it in its state messages. */
  readable: boolean;
  /** It can be commanded (device-out). */
  settable: boolean;
  /** It can be asked for (Zigbee2MQTT's `/get`). */
  gettable: boolean;
  /** The last value reported; absent until one is. */
  value?: unknown;
  /** When `value` last changed, in milliseconds since the epoch. */
  changedAt?: number;
}

/**
 * A thing a device does (a relay, a light, a temperature sensor) and its properties.
 *
 * @example
 * ```ts
 * const light: DeviceEntity | undefined = info.entities.find((e) => e.kind === 'light');
 * ```
 */
export interface DeviceEntity {
  id: string;
  name: string;
  kind: EntityKind;
  properties: DeviceProperty[];
}

/**
 * A device with its entities and current state, as `GET /api/devices` lists it.
 *
 * @example
 * ```ts
 * const info: DeviceInfo | undefined = node.devices.get(node.config.device);
 * if (info?.online) node.status({ fill: 'green', shape: 'dot', text: String(info.state.temperature) });
 * ```
 */
export interface DeviceInfo {
  /** Stable across renames and restarts: an IEEE or MAC address where the device has one. */
  id: string;
  name: string;
  /** The convention it is controlled through (the native one when it is also seen through HA discovery). */
  source: DeviceSource;
  /** Every convention it was seen through. */
  sources: DeviceSource[];
  manufacturer?: string;
  model?: string;
  area?: string;
  /** The bridge it is reached through (a Zigbee2MQTT bridge), when there is one. */
  via?: string;
  online: boolean;
  /** False for a device known only from before the last restart and not announced since. */
  announced: boolean;
  entities: DeviceEntity[];
  /** Property id → current value: the same values as in `entities`, for convenience. */
  state: Record<string, unknown>;
}

/**
 * A state report of one property, as device-in receives it.
 *
 * @example
 * ```ts
 * node.devices.onState(id, (c: DeviceStateChange) => { if (c.changed) node.log(`${c.property}: ${String(c.previous)} → ${String(c.value)}`); });
 * ```
 */
export interface DeviceStateChange {
  device: string;
  entity: string;
  property: string;
  value: unknown;
  /** The value before this report (undefined when there was none). */
  previous: unknown;
  /** False when the device repeated the value it had. */
  changed: boolean;
  time: number;
}

/**
 * A device appeared, was updated, went on- or offline, or was removed.
 *
 * @example
 * ```ts
 * node.devices.onPresence(id, ({ info }: DevicePresenceChange) => node.status(info ? {} : { fill: 'yellow', shape: 'ring', text: 'gone' }));
 * ```
 */
export interface DevicePresenceChange {
  device: string;
  /** Undefined once the device is removed. */
  info: DeviceInfo | undefined;
}

/**
 * The devices on the broker Patchbay uses. Listeners end when the node stops.
 *
 * @example
 * ```ts
 * create(node) {
 *   node.devices.onState(node.config.device, (change) => {
 *     if (change.property === 'occupancy' && change.value === true) {
 *       void node.devices.command(node.config.device, { state: true });
 *     }
 *   });
 * }
 * ```
 */
export interface DevicesCapability {
  list(): DeviceInfo[];
  get(deviceId: string): DeviceInfo | undefined;
  /** Every state report of the device's properties. Returns a function that stops listening. */
  onState(deviceId: string, listener: (change: DeviceStateChange) => void): () => void;
  /** The device appearing, changing its description or availability, or being removed. */
  onPresence(deviceId: string, listener: (change: DevicePresenceChange) => void): () => void;
  /**
   * Sends property values in the device's own convention, each checked against its
   * property's type and range first: a bad one rejects the whole command with a coded error
   * (`DEVICE_NOT_FOUND`, `DEVICE_PROPERTY_UNKNOWN`, `DEVICE_PROPERTY_READ_ONLY`,
   * `DEVICE_VALUE_INVALID`, `DEVICE_NOT_ANNOUNCED`). A boolean property also takes
   * `"on"`, `"off"` and `"toggle"`.
   */
  command(deviceId: string, values: Record<string, unknown>): Promise<void>;
  /**
   * A value typed by a person (a form's "to" value, a command's text) as the property's
   * type: `"on"` → true, `"21.5"` → 21.5. Throws `DEVICE_VALUE_INVALID` when it isn't one.
   */
  parseValue(deviceId: string, propertyId: string, text: string): unknown;
}

/**
 * An editor hint: the field becomes a picker fed by the device registry. `device` lists the
 * devices; `property` the properties of the device chosen in the sibling key `device`
 * (`settable` only those that can be set);
 * `value` the values the sibling `property` can take (for comparisons), `command` the values
 * it can be set to (on/off/toggle, an enum's values, a number within its range). The stored
 * value stays a string, so a node whose device disappeared keeps its config.
 *
 * @example
 * ```ts
 * config: Type.Object({
 *   device: Type.String({ default: '', title: 'Device', ...devicePicker('device') }),
 *   property: Type.String({ default: '', title: 'Property', ...devicePicker('property') }),
 * })
 * ```
 */
export function devicePicker(kind: DevicePickerKind): { 'x-device-picker': DevicePickerKind } {
  return { 'x-device-picker': kind };
}
