// `node.devices`: the registry as a node sees it. Listeners a node adds end when it stops, so
// a redeploy never leaves a stopped node hearing devices.
import type { DeviceInfo, DevicePresenceChange, DevicesCapability, DeviceStateChange } from '../node-api/devices.ts';
import { fail } from '../errors.ts';
import type { DeviceRegistry } from './registry.ts';

/** The capability of one node; without a registry (devices off) every device is unknown. */
export function devicesCapability(registry: () => DeviceRegistry | undefined, signal: AbortSignal): DevicesCapability {
  const listen = (subscribe: (registry: DeviceRegistry) => () => void): (() => void) => {
    const current = registry();
    if (!current || signal.aborted) return () => {};
    const stop = subscribe(current);
    signal.addEventListener('abort', stop, { once: true });
    return () => {
      signal.removeEventListener('abort', stop);
      stop();
    };
  };
  return {
    list: () => registry()?.list() ?? [],
    get: (id) => registry()?.get(id),
    onState: (deviceId, listener) => listen((r) => {
      const heard = (change: DeviceStateChange) => {
        if (change.device === deviceId) listener(change);
      };
      r.events.on('state', heard);
      return () => r.events.off('state', heard);
    }),
    onPresence: (deviceId, listener) => listen((r) => {
      const heard = (info: DeviceInfo) => {
        if (info.id === deviceId) listener({ device: deviceId, info });
      };
      const removed = ({ id }: { id: string }) => {
        if (id === deviceId) listener({ device: deviceId, info: undefined } satisfies DevicePresenceChange);
      };
      r.events.on('added', heard);
      r.events.on('updated', heard);
      r.events.on('removed', removed);
      return () => {
        r.events.off('added', heard);
        r.events.off('updated', heard);
        r.events.off('removed', removed);
      };
    }),
    async command(deviceId, values) {
      const current = registry();
      if (!current) throw fail('DEVICE_NOT_FOUND', deviceId); // before the server listens: no devices yet
      await current.command(deviceId, values);
    },
    parseValue(deviceId, propertyId, text) {
      const current = registry();
      if (!current) throw fail('DEVICE_NOT_FOUND', deviceId);
      return current.parseValue(deviceId, propertyId, text);
    },
  };
}
