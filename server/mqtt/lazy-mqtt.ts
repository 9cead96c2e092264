// mqtt.js's connect, loading mqtt.js at the first call: clients exist only for an external
// broker (--broker-url, a broker config node, the device registry's bus), so a server that
// uses just its built-in broker never loads it. Required, not imported: connect is synchronous.
import { createRequire } from 'node:module';
import type * as Mqtt from 'mqtt';

let mqtt: typeof Mqtt | undefined;

export const connect = ((...args: Parameters<typeof Mqtt.connect>) => {
  mqtt ??= createRequire(import.meta.url)('mqtt') as typeof Mqtt;
  return mqtt.connect(...args);
}) as typeof Mqtt.connect;
