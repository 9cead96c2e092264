// Starts device integrations on the broker Patchbay uses: every adapter, the registry that
// merges what they find, and its state file in the data dir.
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { externalBus, inProcessBus, type DeviceBus, type InProcessBroker } from './bus.ts';
import { DeviceRegistry } from './registry.ts';
import { homeAssistantAdapter } from './adapters/homeassistant.ts';
import { zigbee2mqttAdapter } from './adapters/zigbee2mqtt.ts';
import { tasmotaAdapter } from './adapters/tasmota.ts';
import { shellyAdapter } from './adapters/shelly.ts';
import { homieAdapter } from './adapters/homie.ts';

export { DeviceRegistry } from './registry.ts';
export { devicesCapability } from './capability.ts';

/** File name of the registry's state inside the data dir. */
export const DEVICES_FILE = 'devices.json';

export interface DevicesOptions {
  /** The built-in broker, listened to in-process. */
  builtin?: InProcessBroker;
  /** Otherwise an external broker (`--broker-url`). */
  brokerUrl?: string;
  dataDir: string;
  log: Logger;
}

export function startDevices(opts: DevicesOptions): Promise<DeviceRegistry> {
  const log = opts.log.child({ ns: 'devices' });
  return DeviceRegistry.start({
    bus: busFor(opts, log),
    log,
    stateFile: join(opts.dataDir, DEVICES_FILE),
    adapters: [homeAssistantAdapter(), zigbee2mqttAdapter(), tasmotaAdapter(), shellyAdapter(), homieAdapter()],
  });
}

function busFor(opts: DevicesOptions, log: Logger): DeviceBus {
  if (opts.builtin) return inProcessBus(opts.builtin);
  if (opts.brokerUrl) return externalBus(opts.brokerUrl, log);
  // No broker at all: the devices known from before stay listed (offline), nothing new comes.
  return { subscribe: async () => async () => {}, publish: async () => {}, close: async () => {} };
}
