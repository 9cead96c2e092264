// Homie 5: homie/5/<device>/$description (one JSON document: nodes and their typed
// properties), homie/5/<device>/$state (init, ready, disconnected, sleeping, lost, alert),
// values on homie/5/<device>/<node>/<property>, commands on …/<property>/set. An empty
// retained $state or $description removes the device.
import type { DeviceSource, EntityKind } from '../../node-api/devices.ts';
import { isPlainObject } from '../../plain-object.ts';
import { humanise, parseJson, type AdapterHost, type DeviceAdapter, type EntitySpec, type PropertySpec, type Write } from '../model.ts';

const SOURCE: DeviceSource = 'homie';
const STATES = new Set(['init', 'ready', 'disconnected', 'sleeping', 'lost', 'alert']);
/** Ids are lower-case letters, digits and hyphens ([homie] topic ids). */
const ID = /^[a-z0-9-]+$/;

interface Device {
  /** node id → property id → datatype */
  datatypes: Map<string, Map<string, string>>;
}

export function homieAdapter(root = 'homie/5') {
  return (host: AdapterHost): DeviceAdapter => {
    const devices = new Map<string, Device>();

    const remove = (id: string) => {
      if (!devices.delete(id)) return;
      host.remove(SOURCE, id);
    };

    const onDescription = (topic: string, id: string, payload: Buffer) => {
      if (payload.length === 0) return remove(id);
      const doc = parseJson(payload);
      if (!isPlainObject(doc) || !isPlainObject(doc.nodes)) return host.malformed(topic, 'expected a JSON description with "nodes"');
      const entities: EntitySpec[] = [];
      const datatypes = new Map<string, Map<string, string>>();
      for (const [nodeId, node] of Object.entries(doc.nodes)) {
        if (!ID.test(nodeId) || !isPlainObject(node) || !isPlainObject(node.properties)) continue;
        const types = new Map<string, string>();
        const properties: PropertySpec[] = [];
        for (const [propId, prop] of Object.entries(node.properties)) {
          if (!ID.test(propId) || !isPlainObject(prop) || typeof prop.datatype !== 'string') continue;
          types.set(propId, prop.datatype);
          properties.push(homieProperty(propId, prop));
        }
        datatypes.set(nodeId, types);
        if (properties.length) entities.push({ id: nodeId, name: typeof node.name === 'string' ? node.name : humanise(nodeId), kind: kindOf(String(node.type ?? ''), properties), properties });
      }
      devices.set(id, { datatypes });
      host.announce({ source: SOURCE, key: id, id, identities: [`homie:${id}`], name: typeof doc.name === 'string' ? doc.name : id, entities });
    };

    const onState = (topic: string, id: string, payload: Buffer) => {
      const state = payload.toString();
      if (state === '') return remove(id);
      if (!STATES.has(state)) return host.malformed(topic, `$state must be one of ${[...STATES].join(', ')}`);
      if (state !== 'init') host.availability(SOURCE, id, state === 'ready' || state === 'alert');
    };

    const onValue = (id: string, node: string, prop: string, payload: Buffer) => {
      const datatype = devices.get(id)?.datatypes.get(node)?.get(prop);
      if (!datatype) return;
      const text = payload.toString();
      const value = datatype === 'boolean' ? (text === 'true' ? true : text === 'false' ? false : undefined)
        : datatype === 'integer' || datatype === 'float' ? (text.trim() === '' ? undefined : Number(text))
          : datatype === 'json' ? parseJson(text) : text;
      if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return host.malformed(`${root}/${id}/${node}/${prop}`, `not a ${datatype}: ${text.slice(0, 40)}`);
      host.state(SOURCE, id, [{ entity: node, key: prop, value }]);
    };

    return {
      source: SOURCE,
      async start() {
        const depth = root.split('/').length;
        await host.bus.subscribe(`${root}/+/$description`, ({ topic, payload }) => onDescription(topic, topic.split('/')[depth]!, payload));
        await host.bus.subscribe(`${root}/+/$state`, ({ topic, payload }) => onState(topic, topic.split('/')[depth]!, payload));
        await host.bus.subscribe(`${root}/+/+/+`, ({ topic, payload }) => {
          const [id, node, prop] = topic.split('/').slice(depth);
          if (!node!.startsWith('$') && !prop!.startsWith('$')) onValue(id!, node!, prop!, payload);
        });
      },
      async command(key, writes: Write[]) {
        for (const w of writes) {
          const value = typeof w.value === 'object' ? JSON.stringify(w.value) : String(w.value);
          await host.bus.publish(`${root}/${key}/${w.entity}/${w.property.key}/set`, value);
        }
      },
    };
  };
}

function homieProperty(id: string, prop: Record<string, unknown>): PropertySpec {
  const base = {
    key: id,
    name: typeof prop.name === 'string' ? prop.name : humanise(id),
    readable: true,
    settable: prop.settable === true,
    gettable: false,
    ...(typeof prop.unit === 'string' ? { unit: prop.unit } : {}),
  };
  const format = typeof prop.format === 'string' ? prop.format : '';
  switch (prop.datatype) {
    case 'integer':
    case 'float': {
      const [min, max, step] = format.split(':').map((s) => (s === '' ? undefined : Number(s)));
      return { ...base, type: 'number', ...(Number.isFinite(min) ? { min } : {}), ...(Number.isFinite(max) ? { max } : {}), ...(Number.isFinite(step) ? { step } : {}) };
    }
    case 'boolean': return { ...base, type: 'boolean' };
    case 'enum': return { ...base, type: 'enum', values: format.split(',').filter((v) => v !== '') };
    case 'json': return { ...base, type: 'json' };
    default: return { ...base, type: 'string' }; // string, color ("r,g,b"), datetime, duration
  }
}

/** The node's `type` when it names a kind of thing, else what its properties suggest. */
function kindOf(type: string, properties: PropertySpec[]): EntityKind {
  const named = (['light', 'climate', 'cover', 'fan', 'lock', 'switch'] as const).find((k) => type.toLowerCase().includes(k));
  if (named) return named;
  if (/thermostat|heating/i.test(type)) return 'climate';
  const settable = properties.filter((p) => p.settable);
  if (settable.some((p) => p.type === 'boolean')) return 'switch';
  if (settable.some((p) => p.type === 'number')) return 'number';
  if (settable.some((p) => p.type === 'enum')) return 'select';
  return properties.every((p) => p.type === 'boolean') ? 'binary_sensor' : 'sensor';
}
