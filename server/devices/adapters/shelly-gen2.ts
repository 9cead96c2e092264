// Shelly Gen2+ (Plus, Pro, Gen3, Gen4): JSON-RPC 2.0 over MQTT. A request goes to
// <prefix>/rpc with our `src`; the reply comes on <src>/rpc. Devices publish availability on
// <prefix>/online, component status on <prefix>/status/<component> and notifications on
// <prefix>/events/rpc. A prefix is asked Shelly.GetDeviceInfo and Shelly.GetStatus when it shows
// a component status or notification, or is online under a default prefix ("shelly…").
import { randomBytes } from 'node:crypto';
import { isPlainObject } from '../../plain-object.ts';
import { normaliseMac, parseJson, type AdapterHost, type EntitySpec, type Write } from '../model.ts';
import { componentEntity, componentOf, componentValues, setCall } from './shelly-components.ts';

const RPC_TIMEOUT_MS = 5000;
/** A prefix that didn't answer is asked again after this long, at its next message. */
const PROBE_AGAIN_MS = 60_000;

interface Pending {
  resolve(result: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

interface Device {
  prefix: string;
  entities: EntitySpec[];
  /** entity id → [component type, index] */
  components: Map<string, [string, number]>;
}

export function shellyGen2(host: AdapterHost) {
  const src = `patchbay-${randomBytes(4).toString('hex')}`;
  const pending = new Map<number, Pending>();
  const devices = new Map<string, Device>();
  const probedAt = new Map<string, number>();
  let nextId = 1;

  const call = (prefix: string, method: string, params?: Record<string, unknown>): Promise<unknown> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method}: no reply from ${prefix} within ${RPC_TIMEOUT_MS} ms`));
      }, RPC_TIMEOUT_MS);
      timer.unref();
      pending.set(id, { resolve, reject, timer });
      host.bus.publish(`${prefix}/rpc`, JSON.stringify({ id, src, method, ...(params ? { params } : {}) }), { qos: 1 }).catch((err: Error) => {
        clearTimeout(timer);
        pending.delete(id);
        reject(err);
      });
    });
  };

  const onReply = (topic: string, payload: Buffer) => {
    const frame = parseJson(payload);
    if (!isPlainObject(frame) || typeof frame.id !== 'number') return host.malformed(topic, 'expected a JSON-RPC reply with an id');
    const waiting = pending.get(frame.id);
    if (!waiting) return;
    pending.delete(frame.id);
    clearTimeout(waiting.timer);
    if (isPlainObject(frame.error)) waiting.reject(new Error(`${String(frame.error.message ?? 'RPC error')} (code ${String(frame.error.code)})`));
    else waiting.resolve(frame.result);
  };

  const probe = async (prefix: string) => {
    const last = probedAt.get(prefix);
    if (devices.has(prefix) || (last !== undefined && Date.now() - last < PROBE_AGAIN_MS)) return;
    probedAt.set(prefix, Date.now());
    try {
      const info = await call(prefix, 'Shelly.GetDeviceInfo');
      const status = await call(prefix, 'Shelly.GetStatus');
      if (!isPlainObject(info) || !isPlainObject(status)) return host.malformed(`${prefix}/rpc`, 'GetDeviceInfo/GetStatus did not return objects');
      announce(prefix, info, status);
    } catch (err) {
      host.log.debug({ prefix, err: (err as Error).message }, 'not a Shelly Gen2 device (or it did not answer)');
    }
  };

  const announce = (prefix: string, info: Record<string, unknown>, status: Record<string, unknown>) => {
    const components = new Map<string, [string, number]>();
    const entities: EntitySpec[] = [];
    for (const [key, value] of Object.entries(status)) {
      const component = componentOf(key);
      if (!component || !isPlainObject(value)) continue;
      const entity = componentEntity(component[0], component[1], value);
      components.set(entity.id, component);
      entities.push(entity);
    }
    const mac = normaliseMac(info.mac);
    const id = typeof info.id === 'string' ? info.id : prefix;
    devices.set(prefix, { prefix, entities, components });
    host.announce({
      source: 'shelly', key: prefix, id, identities: [`shelly:${id}`, ...(mac ? [`mac:${mac}`] : [])],
      name: typeof info.name === 'string' && info.name ? info.name : id,
      manufacturer: 'Shelly', ...(typeof info.model === 'string' ? { model: info.model } : {}), entities,
    });
    host.availability('shelly', prefix, true);
    applyStatus(prefix, status);
  };

  const applyStatus = (prefix: string, status: Record<string, unknown>) => {
    const entries = [];
    for (const [key, value] of Object.entries(status)) {
      const component = componentOf(key);
      if (component && isPlainObject(value)) entries.push(...componentValues(component[0], component[1], value));
    }
    if (entries.length) host.state('shelly', prefix, entries);
  };

  const onDeviceTopic = (topic: string, payload: Buffer) => {
    const levels = topic.split('/');
    const prefix = levels.slice(0, -2).join('/') || levels[0]!;
    if (levels.at(-1) === 'online' && levels.length >= 2) {
      const base = levels.slice(0, -1).join('/');
      const text = payload.toString();
      if (devices.has(base) && (text === 'true' || text === 'false')) host.availability('shelly', base, text === 'true');
      else if (!devices.has(base) && text === 'true' && /^shelly/i.test(levels[levels.length - 2]!)) void probe(base);
      return;
    }
    if (levels.at(-2) === 'status') {
      const component = componentOf(levels.at(-1)!);
      if (!component) return;
      if (!devices.has(prefix)) return void probe(prefix);
      const json = parseJson(payload);
      if (!isPlainObject(json)) return host.malformed(topic, 'expected a JSON component status');
      host.state('shelly', prefix, componentValues(component[0], component[1], json));
      return;
    }
    // <prefix>/events/rpc: NotifyStatus carries partial component statuses.
    const frame = parseJson(payload);
    if (!isPlainObject(frame) || typeof frame.method !== 'string') return host.malformed(topic, 'expected a JSON-RPC notification');
    if (!devices.has(prefix)) return void probe(prefix);
    if ((frame.method === 'NotifyStatus' || frame.method === 'NotifyFullStatus') && isPlainObject(frame.params)) applyStatus(prefix, frame.params);
  };

  return {
    async start() {
      await host.bus.subscribe(`${src}/rpc`, ({ topic, payload }) => onReply(topic, payload));
      const handle = ({ topic, payload }: { topic: string; payload: Buffer }) => onDeviceTopic(topic, payload);
      await host.bus.subscribe('+/online', handle);
      await host.bus.subscribe('+/status/+', handle);
      await host.bus.subscribe('+/events/rpc', handle);
    },
    async command(key: string, writes: Write[]) {
      const device = devices.get(key);
      if (!device) throw new Error('the device is not known');
      for (const w of writes) {
        const [type, index] = device.components.get(w.entity)!;
        const { method, params } = setCall(type, index, w.property.key, w.value);
        await call(device.prefix, method, params);
      }
    },
    stop() {
      for (const { timer, reject } of pending.values()) {
        clearTimeout(timer);
        reject(new Error('stopped'));
      }
      pending.clear();
    },
  };
}
