// Device tests on real parts: the built-in broker on an ephemeral port, the device registry
// listening on it in-process, devices played by an mqtt.js client publishing their
// convention's real payloads, and flows whose nodes get `node.devices`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { devicesCapability, startDevices, type DeviceRegistry } from '../../server/devices/index.ts';
import type { DeviceInfo } from '../../server/node-api/devices.ts';
import { onTeardown, startBuiltin, waitUntil, type Teardown } from './mqtt.ts';
import { runFlows, type TestFlows, type TestNode } from './flows.ts';

export interface DeviceBench {
  url: string;
  registry: DeviceRegistry;
  dataDir: string;
  /** The "device": an mqtt.js client on the broker. */
  device: MqttClient;
  publish(topic: string, payload: string | object, retain?: boolean): Promise<void>;
  /** Resolves once the registry holds a device matching `check`. */
  waitForDevice(id: string, check?: (d: DeviceInfo) => boolean, what?: string): Promise<DeviceInfo>;
  /** Messages the device received on `filter` (subscribed now). */
  received(filter: string): Promise<Array<{ topic: string; text: string }>>;
  /** Runs nodes with `node.devices` on this registry. */
  flows(nodes: TestNode[]): Promise<TestFlows>;
  /** Warnings the registry logged. */
  warnings: Array<Record<string, unknown>>;
  /** Stops the registry (and its bus), as a server shutdown does. */
  stopRegistry(): Promise<void>;
  /** A fresh registry on the same broker and data dir: a restart. */
  restart(): Promise<DeviceRegistry>;
}

export async function startDeviceBench(t: Teardown): Promise<DeviceBench> {
  const broker = await startBuiltin(t);
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-devices-'));
  onTeardown(t, () => rm(dataDir, { recursive: true, force: true }));
  const warnings: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'warn', base: undefined }, { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) });
  const start = () => startDevices({ builtin: broker, dataDir, log });
  let registry = await start();
  let stopped = false;
  onTeardown(t, () => (stopped ? undefined : registry.close()));
  const device = await connectAsync(broker.url, { reconnectPeriod: 0 });
  onTeardown(t, () => device.endAsync(true));

  const bench: DeviceBench = {
    url: broker.url,
    get registry() { return registry; },
    dataDir,
    device,
    warnings,
    async publish(topic, payload, retain = false) {
      await device.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1, retain });
    },
    async waitForDevice(id, check = () => true, what = `device ${id}`) {
      let found: DeviceInfo | undefined;
      await waitUntil(() => {
        found = registry.get(id);
        return found !== undefined && check(found);
      }, 3000, what);
      return found!;
    },
    async received(filter) {
      const got: Array<{ topic: string; text: string }> = [];
      device.on('message', (topic, payload) => got.push({ topic, text: payload.toString() }));
      await device.subscribeAsync(filter, { qos: 1 });
      return got;
    },
    async flows(nodes) {
      const flows = await runFlows(nodes, { capabilities: { devices: (n) => devicesCapability(() => registry, n.signal) } });
      onTeardown(t, () => flows.stop());
      return flows;
    },
    async stopRegistry() {
      stopped = true;
      await registry.close();
    },
    async restart() {
      if (!stopped) await registry.close();
      registry = await start();
      stopped = false;
      return registry;
    },
  };
  return bench;
}

/** The simulator's Zigbee2MQTT bridge payloads: realistic fixtures for node tests. */
export { BRIDGE_DEVICES, BRIDGE_GROUPS, CLIMATE, LIGHT, MOTION } from '../../server/simulator/zigbee2mqtt-devices.ts';
