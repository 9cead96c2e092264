// `patchbay simulate`: virtual devices speaking the real conventions on a broker, each with
// its own MQTT connection and last will.
import { failFrom } from '../errors.ts';
import type { SimDevice } from './sim-client.ts';
import { startZigbee2mqttBridge } from './zigbee2mqtt-bridge.ts';
import { startTasmotaPlug } from './tasmota-plug.ts';
import { startShellyPlus } from './shelly-plus.ts';
import { startEsphomeThermostat } from './esphome-thermostat.ts';
import { startHomieWorkshop } from './homie-workshop.ts';

export { MOTION_TRIGGER_TOPIC } from './zigbee2mqtt-bridge.ts';

export interface Simulator {
  /** One line per device: what it is. */
  readonly devices: string[];
  /** Each device says goodbye (offline) and disconnects. */
  stop(): Promise<void>;
}

const DEVICES = [startZigbee2mqttBridge, startTasmotaPlug, startShellyPlus, startEsphomeThermostat, startHomieWorkshop];

/** Starts every simulated device on `brokerUrl`; rejects with SIMULATOR_BROKER_UNREACHABLE. */
export async function startSimulator(brokerUrl: string): Promise<Simulator> {
  const started: SimDevice[] = [];
  try {
    for (const start of DEVICES) started.push(await start(brokerUrl));
  } catch (err) {
    await Promise.allSettled(started.map((d) => d.stop()));
    throw failFrom(err, 'SIMULATOR_BROKER_UNREACHABLE', brokerUrl, (err as Error).message);
  }
  return {
    devices: started.map((d) => d.name),
    async stop() {
      await Promise.allSettled(started.map((d) => d.stop()));
    },
  };
}
