// Shelly Gen1 (ESP8266 line): devices answer "announce" on shellies/command with
// shellies/announce `{ id, model, mac, ip, fw_ver }`; relays report on shellies/<id>/relay/<n>
// (on/off) and /power, rollers on roller/<n> and roller/<n>/pos, availability on
// shellies/<id>/online. Commands: relay/<n>/command on|off|toggle, roller/<n>/command
// open|close|stop and roller/<n>/command/pos <0-100>.
import { isPlainObject } from '../../plain-object.ts';
import { normaliseMac, parseJson, type AdapterHost, type EntitySpec, type PropertySpec, type Write } from '../model.ts';

interface Device {
  id: string;
  model?: string;
  mac?: string;
  relays: Set<number>;
  powerMeters: Set<number>;
  rollers: Set<number>;
}

/** Relay count by model, so relays show before they first report. */
const RELAYS: Record<string, number> = { 'SHSW-1': 1, 'SHSW-PM': 1, 'SHSW-25': 2, 'SHPLG-S': 1, 'SHPLG-1': 1, 'SHPLG2-1': 1, 'SHSW-21': 2, 'SHSW-44': 4, 'SHEM': 1, 'SHIX3-1': 0 };

export function shellyGen1(host: AdapterHost) {
  const devices = new Map<string, Device>();
  const keyOf = (id: string) => `gen1:${id}`;

  const announce = (device: Device) => {
    const entities: EntitySpec[] = [];
    const prop = (key: string, name: string, spec: Partial<PropertySpec> & Pick<PropertySpec, 'type'>): PropertySpec =>
      ({ key, name, readable: true, settable: false, gettable: false, ...spec });
    for (const n of [...device.relays].sort()) {
      const properties = [prop(`relay_${n}`, 'On', { type: 'boolean', settable: true })];
      if (device.powerMeters.has(n)) properties.push(prop(`power_${n}`, 'Power', { type: 'number', unit: 'W' }));
      entities.push({ id: `relay_${n}`, name: `Relay ${n}`, kind: 'switch', properties });
    }
    for (const n of [...device.rollers].sort()) {
      entities.push({ id: `roller_${n}`, name: `Roller ${n}`, kind: 'cover', properties: [
        prop(`roller_${n}_state`, 'State', { type: 'enum', values: ['open', 'close', 'stop'] }),
        prop(`roller_${n}_position`, 'Position', { type: 'number', min: 0, max: 100, unit: '%', settable: true }),
        prop(`roller_${n}_command`, 'Command', { type: 'enum', values: ['open', 'close', 'stop'], readable: false, settable: true }),
      ] });
    }
    host.announce({
      source: 'shelly', key: keyOf(device.id), id: device.mac ?? device.id,
      identities: [`shelly:${device.id}`, ...(device.mac ? [`mac:${device.mac}`] : [])],
      name: device.id, manufacturer: 'Shelly', ...(device.model ? { model: device.model } : {}), entities,
    });
  };

  const onAnnounce = (topic: string, payload: Buffer) => {
    const json = parseJson(payload);
    if (!isPlainObject(json) || typeof json.id !== 'string') return host.malformed(topic, 'expected { id, model, mac, ... }');
    const model = typeof json.model === 'string' ? json.model : undefined;
    const device = devices.get(json.id) ?? { id: json.id, relays: new Set<number>(), powerMeters: new Set<number>(), rollers: new Set<number>() };
    device.model = model;
    device.mac = normaliseMac(json.mac);
    for (let n = 0; n < (model ? RELAYS[model] ?? 0 : 0); n++) device.relays.add(n);
    devices.set(json.id, device);
    announce(device);
  };

  const onDeviceTopic = (topic: string, payload: Buffer) => {
    const [, id, kind, index, sub] = topic.split('/');
    const device = devices.get(id!);
    if (!device) return;
    const text = payload.toString();
    const n = Number(index);
    if (kind === 'online') return host.availability('shelly', keyOf(device.id), text === 'true');
    if (!Number.isInteger(n) || (kind !== 'relay' && kind !== 'roller') || sub === 'command') return;
    const set = kind === 'relay' ? (sub === 'power' ? device.powerMeters : device.relays) : device.rollers;
    if (!set.has(n)) {
      set.add(n);
      if (sub === 'power') device.relays.add(n);
      announce(device);
    }
    const entity = `${kind}_${n}`;
    if (kind === 'relay' && sub === undefined) host.state('shelly', keyOf(device.id), [{ entity, key: `relay_${n}`, value: text === 'on' ? true : text === 'off' ? false : text }]);
    else if (kind === 'relay' && sub === 'power') host.state('shelly', keyOf(device.id), [{ entity, key: `power_${n}`, value: text }]);
    else if (kind === 'roller' && sub === undefined) host.state('shelly', keyOf(device.id), [{ entity, key: `roller_${n}_state`, value: text }]);
    else if (kind === 'roller' && sub === 'pos') host.state('shelly', keyOf(device.id), [{ entity, key: `roller_${n}_position`, value: text }]);
  };

  return {
    async start() {
      await host.bus.subscribe('shellies/announce', ({ topic, payload }) => onAnnounce(topic, payload));
      await host.bus.subscribe('shellies/+/online', ({ topic, payload }) => onDeviceTopic(topic, payload));
      await host.bus.subscribe('shellies/+/relay/#', ({ topic, payload }) => onDeviceTopic(topic, payload));
      await host.bus.subscribe('shellies/+/roller/#', ({ topic, payload }) => onDeviceTopic(topic, payload));
      // Every Gen1 device on the broker answers with shellies/announce.
      await host.bus.publish('shellies/command', 'announce');
    },
    async command(key: string, writes: Write[]) {
      const id = key.slice(5);
      for (const w of writes) {
        const [kind, index, what] = w.property.key.split('_');
        const base = `shellies/${id}/${kind}/${index}/command`;
        if (kind === 'relay') await host.bus.publish(base, w.value ? 'on' : 'off');
        else if (what === 'position') await host.bus.publish(`${base}/pos`, String(w.value));
        else await host.bus.publish(base, String(w.value));
      }
    },
  };
}
