// Zigbee2MQTT: the bridge's retained device list (bridge/devices, with exposes) and group list
// (bridge/groups), its availability (bridge/state) and each device's availability and state
// (<base>/<name>, <base>/<name>/availability). Commands are JSON on <base>/<name>/set.
import type { DeviceSource } from '../../node-api/devices.ts';
import { isPlainObject } from '../../plain-object.ts';
import { normaliseIeee, parseJson, type AdapterHost, type DeviceAdapter, type DevicePart, type EntitySpec, type Write } from '../model.ts';
import { decodeZ2m, encodeZ2m, exposesToEntities, type Expose } from './z2m-exposes.ts';

const SOURCE: DeviceSource = 'zigbee2mqtt';

interface Known {
  name: string;
  features: Map<string, Expose>;
  entities: EntitySpec[];
  /** What <name>/availability said last. */
  available?: boolean;
}

export function zigbee2mqttAdapter(baseTopic = 'zigbee2mqtt') {
  return (host: AdapterHost): DeviceAdapter => {
    const devices = new Map<string, Known>(); // key (IEEE address or group:<id>) → what we know
    const byName = new Map<string, string>(); // friendly name → key
    let bridgeOnline: boolean | undefined;
    /** Groups take their entities from their members: read again when the devices change. */
    let lastGroups: { topic: string; payload: Buffer } | undefined;
    const prefix = `${baseTopic}/`;

    const effective = (known: Known) => (bridgeOnline === false ? false : known.available ?? bridgeOnline);
    const report = (key: string) => {
      const known = devices.get(key);
      const online = known && effective(known);
      if (online !== undefined) host.availability(SOURCE, key, online);
    };

    /** Replaces the devices (or the groups) with a new list: missing ones are removed. */
    const replace = (keep: (key: string) => boolean, next: Array<{ key: string; part: DevicePart; known: Known }>) => {
      const fresh = new Set(next.map((n) => n.key));
      for (const key of [...devices.keys()]) {
        if (!keep(key) || fresh.has(key)) continue;
        byName.delete(devices.get(key)!.name);
        devices.delete(key);
        host.remove(SOURCE, key);
      }
      for (const { key, part, known } of next) {
        const before = devices.get(key);
        if (before && before.name !== known.name) byName.delete(before.name);
        known.available = before?.available;
        devices.set(key, known);
        byName.set(known.name, key);
        host.announce(part);
        report(key);
      }
    };

    const onDevices = (topic: string, payload: Buffer) => {
      const list = parseJson(payload);
      if (!Array.isArray(list)) return host.malformed(topic, 'expected a JSON array of devices');
      const next = [];
      for (const entry of list) {
        if (!isPlainObject(entry) || entry.type === 'Coordinator') continue;
        const ieee = normaliseIeee(entry.ieee_address);
        if (!ieee || typeof entry.friendly_name !== 'string') {
          host.malformed(topic, `a device without ieee_address or friendly_name: ${JSON.stringify(entry).slice(0, 80)}`);
          continue;
        }
        const definition = isPlainObject(entry.definition) ? entry.definition : {};
        const { entities, features } = exposesToEntities(definition.exposes);
        const part: DevicePart = {
          source: SOURCE, key: ieee, id: ieee, identities: [`ieee:${ieee}`], name: entry.friendly_name,
          ...(typeof definition.vendor === 'string' ? { manufacturer: definition.vendor } : {}),
          ...(typeof definition.model === 'string' ? { model: definition.model } : {}),
          ...(typeof entry.description === 'string' && entry.description ? { area: entry.description } : {}),
          via: `Zigbee2MQTT (${baseTopic})`,
          entities,
        };
        next.push({ key: ieee, part, known: { name: entry.friendly_name, features, entities } });
      }
      replace((key) => !key.startsWith('group:'), next);
      if (lastGroups) onGroups(lastGroups.topic, lastGroups.payload);
    };

    /** A group is commanded like a device; its entities are those its members share. */
    const onGroups = (topic: string, payload: Buffer) => {
      lastGroups = { topic, payload };
      const list = parseJson(payload);
      if (!Array.isArray(list)) return host.malformed(topic, 'expected a JSON array of groups');
      const next = [];
      for (const entry of list) {
        if (!isPlainObject(entry) || typeof entry.friendly_name !== 'string' || entry.id === undefined) continue;
        const members = Array.isArray(entry.members) ? entry.members : [];
        const member = members.map((m) => devices.get(normaliseIeee(isPlainObject(m) ? m.ieee_address : undefined) ?? '')).find((d) => d);
        const entities = (member?.entities ?? []).filter((e) => ['light', 'switch', 'cover', 'fan', 'lock'].includes(e.kind));
        const key = `group:${String(entry.id)}`;
        const part: DevicePart = {
          source: SOURCE, key, id: `zigbee2mqtt-group-${String(entry.id)}`, identities: [`z2m-group:${baseTopic}:${String(entry.id)}`],
          name: entry.friendly_name, model: 'Zigbee group', via: `Zigbee2MQTT (${baseTopic})`, entities,
        };
        next.push({ key, part, known: { name: entry.friendly_name, features: member?.features ?? new Map(), entities } });
      }
      replace((key) => key.startsWith('group:'), next);
    };

    const onBridgeState = (payload: Buffer) => {
      const text = payload.toString();
      const json = parseJson(text);
      const state = isPlainObject(json) ? json.state : text;
      bridgeOnline = state === 'online';
      for (const key of devices.keys()) report(key);
    };

    const onDeviceMessage = (topic: string, rest: string, payload: Buffer) => {
      if (rest.endsWith('/availability')) {
        const key = byName.get(rest.slice(0, -'/availability'.length));
        if (key === undefined) return;
        const text = payload.toString();
        const json = parseJson(text);
        const state = isPlainObject(json) ? json.state : text;
        if (state !== 'online' && state !== 'offline') return host.malformed(topic, `expected online/offline, got ${text.slice(0, 40)}`);
        devices.get(key)!.available = state === 'online';
        return report(key);
      }
      const key = byName.get(rest);
      if (key === undefined || payload.length === 0) return; // a /set or /get echo, or not a device we know
      const state = parseJson(payload);
      if (!isPlainObject(state)) return host.malformed(topic, 'expected a JSON object of state');
      const known = devices.get(key)!;
      const entries = [];
      for (const entity of known.entities) {
        for (const p of entity.properties) {
          if (p.key in state) entries.push({ entity: entity.id, key: p.key, value: decodeZ2m(known.features.get(p.key), state[p.key]) });
        }
      }
      host.state(SOURCE, key, entries);
    };

    return {
      source: SOURCE,
      async start() {
        await host.bus.subscribe(`${baseTopic}/#`, ({ topic, payload }) => {
          const rest = topic.slice(prefix.length);
          if (rest === 'bridge/devices') onDevices(topic, payload);
          else if (rest === 'bridge/groups') onGroups(topic, payload);
          else if (rest === 'bridge/state') onBridgeState(payload);
          else if (!rest.startsWith('bridge/')) onDeviceMessage(topic, rest, payload);
        });
      },
      async command(key, writes: Write[]) {
        const known = devices.get(key);
        if (!known) throw new Error('the device left the bridge');
        const body: Record<string, unknown> = {};
        for (const w of writes) body[w.property.key] = encodeZ2m(known.features.get(w.property.key), w.value);
        await host.bus.publish(`${baseTopic}/${known.name}/set`, JSON.stringify(body));
      },
    };
  };
}
