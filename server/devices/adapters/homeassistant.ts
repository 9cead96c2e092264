// Home Assistant MQTT discovery: per-entity configs on <prefix>/<component>/[<node_id>/]<object_id>/config
// and device-based ones on <prefix>/device/<object_id>/config; an empty payload removes. On start
// it publishes HA's birth message (<prefix>/status "online") so devices announce themselves again.
import type { DeviceSource } from '../../node-api/devices.ts';
import { isPlainObject } from '../../plain-object.ts';
import { normaliseIeee, normaliseMac, parseJson, type AdapterHost, type DeviceAdapter, type DevicePart, type Write } from '../model.ts';
import { TopicRouter } from '../topic-router.ts';
import { expandConfig } from './ha-abbreviations.ts';
import { haEntity, type HaEntity } from './ha-components.ts';
import { availabilityOf, type Availability } from './ha-availability.ts';
import { renderTemplate } from './ha-template.ts';

const SOURCE: DeviceSource = 'homeassistant';
type Config = Record<string, unknown>;

interface Known {
  entities: HaEntity[];
  stops: Array<() => void>;
}

export function homeAssistantAdapter(prefix = 'homeassistant') {
  return (host: AdapterHost): DeviceAdapter => {
    const known = new Map<string, Known>(); // discovery topic → its entities and subscriptions
    const router = new TopicRouter(host.bus, host.log);

    const forget = (key: string) => {
      for (const stop of known.get(key)?.stops ?? []) stop();
      known.delete(key);
    };

    const onConfig = (topic: string, payload: Buffer) => {
      const levels = topic.split('/');
      const component = levels[1]!;
      const objectId = levels[levels.length - 2]!;
      if (payload.length === 0) {
        forget(topic);
        host.remove(SOURCE, topic);
        return;
      }
      const raw = parseJson(payload);
      if (!isPlainObject(raw)) return host.malformed(topic, 'expected a JSON object');
      const config = expandConfig(raw);
      const built = component === 'device' ? deviceBased(topic, objectId, config) : perEntity(topic, component, objectId, config);
      if (typeof built === 'string') return host.malformed(topic, built);
      forget(topic);
      const { part, entities, availability } = built;
      const entry: Known = { entities, stops: [] };
      known.set(topic, entry);
      host.announce(part);
      listen(topic, entry, availability);
    };

    const perEntity = (topic: string, component: string, objectId: string, config: Config) => {
      const id = typeof config.object_id === 'string' ? config.object_id : objectId;
      const entity = haEntity(component, id, config);
      if (typeof entity === 'string') return entity;
      return { part: partOf(topic, config, [entity], id), entities: [entity], availability: availabilityOf(config) };
    };

    /** Device-based discovery: shared options at the top are inherited by each component. */
    const deviceBased = (topic: string, objectId: string, config: Config) => {
      if (!isPlainObject(config.components)) return 'a device discovery config needs "cmps" (components)';
      const { device: _d, origin: _o, components, ...shared } = config;
      const entities: HaEntity[] = [];
      for (const [id, component] of Object.entries(components as Config)) {
        if (!isPlainObject(component) || typeof component.platform !== 'string') continue;
        const entity = haEntity(component.platform, id, { ...shared, ...component });
        if (typeof entity !== 'string') entities.push(entity);
      }
      if (entities.length === 0) return 'no component it lists can be used';
      return { part: partOf(topic, config, entities, objectId), entities, availability: availabilityOf(config) };
    };

    const partOf = (topic: string, config: Config, entities: HaEntity[], fallbackId: string): DevicePart => {
      const device = isPlainObject(config.device) ? config.device : undefined;
      const ids = device ? identitiesOf(device) : { identities: [], id: undefined };
      const uniqueId = typeof config.unique_id === 'string' ? config.unique_id : fallbackId;
      const name = typeof device?.name === 'string' ? device.name : entities[0]!.spec.name;
      return {
        source: SOURCE, key: topic, id: ids.id ?? uniqueId,
        identities: ids.identities.length > 0 ? ids.identities : [`ha-entity:${uniqueId}`],
        name,
        ...(typeof device?.manufacturer === 'string' ? { manufacturer: device.manufacturer } : {}),
        ...(typeof device?.model === 'string' ? { model: device.model } : {}),
        ...(typeof device?.suggested_area === 'string' ? { area: device.suggested_area } : {}),
        ...(typeof device?.via_device === 'string' ? { via: device.via_device } : {}),
        entities: entities.map((e) => e.spec),
      };
    };

    /** Subscribes the entities' state topics and the availability topics of one config. */
    const listen = (key: string, entry: Known, availability: Availability | undefined) => {
      const readers = entry.entities.flatMap((e) => e.readers.map((r) => ({ entity: e.spec.id, reader: r })));
      for (const topic of new Set(readers.map((r) => r.reader.topic))) {
        const mine = readers.filter((r) => r.reader.topic === topic);
        entry.stops.push(router.add(topic, ({ payload }) => {
          const text = payload.toString();
          const json = parseJson(text);
          const entries = [];
          for (const { entity, reader } of mine) {
            try {
              const value = reader.read(text, json);
              if (value !== undefined) entries.push({ entity, key: reader.key, value });
            } catch (err) {
              host.malformed(topic, `template failed: ${(err as Error).message}`);
            }
          }
          if (entries.length) host.state(SOURCE, key, entries);
        }));
      }
      if (!availability) return;
      for (const source of availability.sources) {
        entry.stops.push(router.add(source.topic, ({ payload }) => {
          const text = source.template ? safeRender(source.template, payload.toString()) : payload.toString();
          if (text === source.available) availability.set(source.topic, true);
          else if (text === source.notAvailable) availability.set(source.topic, false);
          else return;
          const online = availability.online();
          if (online !== undefined) host.availability(SOURCE, key, online);
        }));
      }
    };

    return {
      source: SOURCE,
      async start() {
        const handle = ({ topic, payload }: { topic: string; payload: Buffer }) => onConfig(topic, payload);
        await host.bus.subscribe(`${prefix}/+/+/config`, handle);
        await host.bus.subscribe(`${prefix}/+/+/+/config`, handle);
        // HA's birth message: devices that follow the convention publish their discovery again.
        await host.bus.publish(`${prefix}/status`, 'online');
      },
      async command(key, writes: Write[]) {
        const entry = known.get(key);
        if (!entry) throw new Error('its discovery config was removed');
        for (const w of writes) {
          const writer = entry.entities.find((e) => e.spec.id === w.entity)?.writers.get(w.property.key);
          if (!writer) throw new Error(`no command topic for ${w.property.key}`);
          const { topic, payload } = writer(w.value);
          await host.bus.publish(topic, payload);
        }
      },
    };
  };
}

function safeRender(template: string, text: string): string {
  try {
    return renderTemplate(template, text, parseJson(text));
  } catch {
    return text;
  }
}

/**
 * What identifies an HA device across conventions: IEEE addresses (Zigbee2MQTT publishes
 * `zigbee2mqtt_0x…` identifiers, connections `["zigbee", …]`) and MAC addresses (Tasmota,
 * ESPHome, Shelly), else the identifiers as they are.
 */
export function identitiesOf(device: Config): { identities: string[]; id: string | undefined } {
  const identifiers = (Array.isArray(device.identifiers) ? device.identifiers : [device.identifiers]).filter((i): i is string => typeof i === 'string' && i !== '');
  const connections = Array.isArray(device.connections) ? device.connections.filter((c): c is [string, string] => Array.isArray(c) && c.length === 2) : [];
  let ieee: string | undefined;
  let mac: string | undefined;
  const identities: string[] = [];
  for (const identifier of identifiers) {
    const zigbee = /^zigbee2mqtt_(0x[0-9a-f]{16})$/i.exec(identifier);
    const asIeee = zigbee ? normaliseIeee(zigbee[1]) : undefined;
    const asMac = normaliseMac(identifier);
    ieee ??= asIeee;
    mac ??= asMac;
    identities.push(asIeee ? `ieee:${asIeee}` : asMac ? `mac:${asMac}` : `ha:${identifier}`);
  }
  for (const [kind, value] of connections) {
    const asIeee = kind === 'zigbee' ? normaliseIeee(value) : undefined;
    const asMac = kind === 'mac' ? normaliseMac(value) : undefined;
    ieee ??= asIeee;
    mac ??= asMac;
    if (asIeee) identities.push(`ieee:${asIeee}`);
    if (asMac) identities.push(`mac:${asMac}`);
  }
  return { identities: [...new Set(identities)], id: ieee ?? mac ?? identifiers[0] };
}
