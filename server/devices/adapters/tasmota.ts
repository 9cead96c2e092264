// Tasmota's native discovery: tasmota/discovery/<MAC>/config (relays, lights, topics) and
// /sensors (the readings), then the device's own topics built from its FullTopic: tele/STATE,
// tele/SENSOR, stat/RESULT, stat/POWER<n>, tele/LWT; commands on cmnd/<topic>/<Command>.
import type { DeviceSource } from '../../node-api/devices.ts';
import { isPlainObject } from '../../plain-object.ts';
import { normaliseMac, parseJson, type AdapterHost, type DeviceAdapter, type EntitySpec, type PropertySpec, type StateEntry, type Write } from '../model.ts';
import { TopicRouter } from '../topic-router.ts';

const SOURCE: DeviceSource = 'tasmota';
type Config = Record<string, unknown>;

/** Units of the readings Tasmota names the same way on every device. */
const UNITS: Record<string, string> = {
  Power: 'W', ApparentPower: 'VA', ReactivePower: 'var', Voltage: 'V', Current: 'A', Total: 'kWh',
  Today: 'kWh', Yesterday: 'kWh', Humidity: '%', Pressure: 'hPa', Illuminance: 'lx', DewPoint: '°C',
};
const NOT_READINGS = new Set(['Time', 'TotalStartTime', 'TempUnit', 'PressureUnit', 'SpeedUnit']);

interface Device {
  mac: string;
  config: Config;
  sensors?: Config;
  /** Reading key (`energy_power`) → path in SENSOR messages (["ENERGY", "Power"]). */
  readings: Map<string, string[]>;
  stops: Array<() => void>;
}

export function tasmotaAdapter(prefix = 'tasmota/discovery') {
  return (host: AdapterHost): DeviceAdapter => {
    const devices = new Map<string, Device>();
    const router = new TopicRouter(host.bus, host.log);

    const announce = (device: Device) => {
      const { config } = device;
      const entities = [...relayEntities(config), ...sensorEntities(device)];
      const name = typeof config.dn === 'string' && config.dn ? config.dn : firstName(config) ?? String(config.hn ?? device.mac);
      host.announce({
        source: SOURCE, key: device.mac, id: device.mac, identities: [`mac:${device.mac}`], name,
        manufacturer: 'Tasmota', ...(typeof config.md === 'string' ? { model: config.md } : {}), entities,
      });
    };

    const listen = (device: Device) => {
      for (const stop of device.stops.splice(0)) stop();
      const topic = (kind: 0 | 1 | 2, command: string) => topicOf(device.config, kind, command);
      const statePart = (payload: Buffer, from: string) => {
        const json = parseJson(payload);
        if (!isPlainObject(json)) return host.malformed(from, 'expected a JSON object');
        host.state(SOURCE, device.mac, [...relayValues(device.config, json), ...readingValues(device, json)]);
      };
      device.stops.push(
        router.add(topic(2, 'STATE'), ({ topic: t, payload }) => statePart(payload, t)),
        router.add(topic(2, 'SENSOR'), ({ topic: t, payload }) => statePart(payload, t)),
        router.add(topic(1, 'RESULT'), ({ topic: t, payload }) => statePart(payload, t)),
        router.add(topic(1, '+'), ({ topic: t, payload }) => {
          const command = t.slice(t.lastIndexOf('/') + 1);
          if (/^POWER\d*$/.test(command)) host.state(SOURCE, device.mac, relayValues(device.config, { [command]: payload.toString() }));
        }),
        router.add(topic(2, 'LWT'), ({ payload }) => {
          const text = payload.toString();
          if (text === availabilityText(device.config, 'on')) host.availability(SOURCE, device.mac, true);
          else if (text === availabilityText(device.config, 'off')) host.availability(SOURCE, device.mac, false);
        }),
      );
    };

    const onDiscovery = (topic: string, payload: Buffer) => {
      const [, , macText, kind] = topic.split('/');
      const mac = normaliseMac(macText);
      if (!mac) return host.malformed(topic, 'the topic does not name a MAC address');
      if (payload.length === 0) {
        if (kind !== 'config') return;
        for (const stop of devices.get(mac)?.stops ?? []) stop();
        devices.delete(mac);
        host.remove(SOURCE, mac);
        return;
      }
      const json = parseJson(payload);
      if (!isPlainObject(json)) return host.malformed(topic, 'expected a JSON object');
      if (kind === 'config') {
        if (typeof json.t !== 'string' || typeof json.ft !== 'string' || !Array.isArray(json.tp)) return host.malformed(topic, 'a config needs "t", "ft" and "tp"');
        const device = devices.get(mac) ?? { mac, config: json, readings: new Map(), stops: [] };
        device.config = json;
        devices.set(mac, device);
        announce(device);
        listen(device);
      } else {
        const device = devices.get(mac);
        if (!device) return; // the config comes first (both retained; a lone sensors message has no topics to listen on)
        device.sensors = isPlainObject(json.sn) ? json.sn : {};
        announce(device);
      }
    };

    return {
      source: SOURCE,
      async start() {
        await host.bus.subscribe(`${prefix}/+/config`, ({ topic, payload }) => onDiscovery(topic, payload));
        await host.bus.subscribe(`${prefix}/+/sensors`, ({ topic, payload }) => onDiscovery(topic, payload));
      },
      async command(key, writes: Write[]) {
        const device = devices.get(key);
        if (!device) throw new Error('its discovery config was removed');
        for (const w of writes) {
          const command = w.property.key.startsWith('power') ? w.property.key.toUpperCase() : commandName(w.property.key);
          const payload = typeof w.value === 'boolean' ? onOffText(device.config, w.value) : String(w.value);
          await host.bus.publish(topicOf(device.config, 0, command), payload);
        }
      },
    };
  };
}

/** <FullTopic> with %prefix% (cmnd, stat, tele as the device calls them) and %topic% filled in. */
function topicOf(config: Config, kind: 0 | 1 | 2, command: string): string {
  const prefixes = config.tp as unknown[];
  const full = String(config.ft)
    .replace('%prefix%', String(prefixes[kind] ?? ['cmnd', 'stat', 'tele'][kind]))
    .replace('%topic%', String(config.t))
    .replace('%hostname%', String(config.hn ?? ''))
    .replace('%id%', String(config.mac ?? '').slice(-6));
  return `${full.endsWith('/') ? full : `${full}/`}${command}`;
}

function relays(config: Config): number[] {
  return Array.isArray(config.rl) ? config.rl.map((r) => (typeof r === 'number' ? r : 0)) : [];
}

/** Tasmota says POWER with one relay (unless SetOption26), POWER1..n with several. */
function powerKey(config: Config, index: number): string {
  const used = relays(config).filter((r) => r > 0).length;
  const option26 = isPlainObject(config.so) && config.so['26'] === 1;
  return used === 1 && !option26 ? 'power' : `power${index + 1}`;
}

function relayEntities(config: Config): EntitySpec[] {
  const names = Array.isArray(config.fn) ? config.fn : [];
  const entities: EntitySpec[] = [];
  relays(config).forEach((kind, i) => {
    if (kind !== 1 && kind !== 2) return;
    const name = typeof names[i] === 'string' && names[i] ? names[i] : `Relay ${i + 1}`;
    const power: PropertySpec = { key: powerKey(config, i), name: 'Power', type: 'boolean', readable: true, settable: true, gettable: false };
    if (kind === 1) {
      entities.push({ id: `relay${i + 1}`, name, kind: 'switch', properties: [power] });
      return;
    }
    const subtype = typeof config.lt_st === 'number' ? config.lt_st : 0;
    const properties = [power];
    if (subtype >= 1) properties.push({ key: 'dimmer', name: 'Brightness', type: 'number', min: 0, max: 100, unit: '%', readable: true, settable: true, gettable: false });
    if (subtype === 2 || subtype === 5) properties.push({ key: 'ct', name: 'Colour temperature', type: 'number', min: 153, max: 500, unit: 'mired', readable: true, settable: true, gettable: false });
    entities.push({ id: `light${i + 1}`, name, kind: 'light', properties });
  });
  return entities;
}

function sensorEntities(device: Device): EntitySpec[] {
  device.readings.clear();
  const entities: EntitySpec[] = [];
  const tempUnit = device.sensors?.TempUnit === 'F' ? '°F' : '°C';
  for (const [group, values] of Object.entries(device.sensors ?? {})) {
    if (NOT_READINGS.has(group)) continue;
    const fields = isPlainObject(values) ? Object.entries(values) : [[group, values] as [string, unknown]];
    const properties: PropertySpec[] = [];
    for (const [field, sample] of fields) {
      if (NOT_READINGS.has(field) || (typeof sample !== 'number' && !Array.isArray(sample))) continue;
      const key = (isPlainObject(values) ? `${group}_${field}` : group).toLowerCase();
      device.readings.set(key, isPlainObject(values) ? [group, field] : [group]);
      const unit = field === 'Temperature' ? tempUnit : UNITS[field];
      properties.push({ key, name: field, type: typeof sample === 'number' ? 'number' : 'json', ...(unit ? { unit } : {}), readable: true, settable: false, gettable: false });
    }
    if (properties.length) entities.push({ id: group.toLowerCase(), name: group, kind: 'sensor', properties });
  }
  return entities;
}

function relayValues(config: Config, json: Config): StateEntry[] {
  const entries: StateEntry[] = [];
  relays(config).forEach((kind, i) => {
    if (kind !== 1 && kind !== 2) return;
    const key = powerKey(config, i);
    const entity = kind === 1 ? `relay${i + 1}` : `light${i + 1}`;
    const raw = json[key.toUpperCase()];
    if (typeof raw === 'string') entries.push({ entity, key, value: raw === onOffText(config, true) ? true : raw === onOffText(config, false) ? false : raw });
    if (kind === 2 && typeof json.Dimmer === 'number') entries.push({ entity, key: 'dimmer', value: json.Dimmer });
    if (kind === 2 && typeof json.CT === 'number') entries.push({ entity, key: 'ct', value: json.CT });
  });
  return entries;
}

function readingValues(device: Device, json: Config): StateEntry[] {
  const entries: StateEntry[] = [];
  for (const [key, path] of device.readings) {
    let value: unknown = json;
    for (const step of path) value = isPlainObject(value) ? value[step] : undefined;
    if (value !== undefined) entries.push({ entity: path[0]!.toLowerCase(), key, value });
  }
  return entries;
}

/** The device's words for off and on (`state`: ["OFF","ON","TOGGLE","HOLD"]). */
function onOffText(config: Config, on: boolean): string {
  const words = Array.isArray(config.state) ? config.state : [];
  return String(words[on ? 1 : 0] ?? (on ? 'ON' : 'OFF'));
}

/** The LWT payloads: `onln`/`ofln` (older firmware wrote `on`/`of`). */
function availabilityText(config: Config, which: 'on' | 'off'): string {
  const value = which === 'on' ? config.onln ?? config.on : config.ofln ?? config.of;
  return typeof value === 'string' ? value : which === 'on' ? 'Online' : 'Offline';
}

function commandName(key: string): string {
  return key === 'ct' ? 'CT' : key.charAt(0).toUpperCase() + key.slice(1);
}

function firstName(config: Config): string | undefined {
  const names = Array.isArray(config.fn) ? config.fn : [];
  return names.find((n): n is string => typeof n === 'string' && n !== '');
}
