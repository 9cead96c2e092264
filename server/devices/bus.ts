// The registry's view of "the broker Patchbay uses": subscribe and publish, nothing else.
// The built-in broker is reached in-process through its handle; an external one (--broker-url)
// through an mqtt.js client of the registry's own. Keeping this interface small and owned here
// means changes to the broker or to node.mqtt don't reach the adapters.
import type { MqttClient } from 'mqtt';
import { connect } from '../mqtt/lazy-mqtt.ts';
import type { Logger } from '../log.ts';

/** One message heard on a subscription. */
export interface BusMessage {
  topic: string;
  payload: Buffer;
  /** A retained message replayed on subscribing (discovery from before we started). */
  retain: boolean;
}

export interface BusPublishOptions {
  retain?: boolean;
  qos?: 0 | 1;
}

export interface DeviceBus {
  /**
   * Resolves once the subscription is active (retained matches arrive through `handler`),
   * with the function that ends it.
   */
  subscribe(filter: string, handler: (message: BusMessage) => void): Promise<() => Promise<void>>;
  publish(topic: string, payload: string | Buffer, opts?: BusPublishOptions): Promise<void>;
  close(): Promise<void>;
}

/** What the registry needs of the built-in broker (BrokerHandle has these). */
export interface InProcessBroker {
  publish(topic: string, payload: Buffer | string, opts?: { qos?: 0 | 1 | 2; retain?: boolean }): Promise<void>;
  subscribe(filter: string, handler: (message: BusMessage) => void): Promise<() => Promise<void>>;
}

/** The built-in broker, in-process: no socket, no client id, no ACLs (the server itself). */
export function inProcessBus(broker: InProcessBroker): DeviceBus {
  const stops = new Set<() => Promise<void>>();
  return {
    async subscribe(filter, handler) {
      const stop = await broker.subscribe(filter, handler);
      stops.add(stop);
      return async () => {
        stops.delete(stop);
        await stop();
      };
    },
    publish: (topic, payload, opts = {}) => broker.publish(topic, payload, { qos: opts.qos ?? 0, retain: opts.retain ?? false }),
    async close() {
      const all = [...stops];
      stops.clear();
      await Promise.all(all.map((stop) => stop()));
    },
  };
}

/**
 * An external broker through one mqtt.js client. It resubscribes after a reconnect (mqtt.js
 * does), so retained discovery is replayed and the registry catches up on what it missed.
 */
export function externalBus(url: string, log: Logger): DeviceBus {
  const client: MqttClient = connect(url, {
    clientId: `patchbay-devices-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
  });
  const handlers = new Set<{ filter: string; handler: (message: BusMessage) => void }>();
  let lastError = '';
  client.on('error', (err) => {
    // mqtt.js keeps retrying; one line per distinct problem is enough
    if (err.message !== lastError) log.warn({ broker: url, err: err.message }, 'device registry: broker connection failed');
    lastError = err.message;
  });
  client.on('connect', () => { lastError = ''; });
  client.on('message', (topic, payload, packet) => {
    for (const { filter, handler } of handlers) {
      if (topicMatches(filter, topic)) handler({ topic, payload, retain: packet.retain });
    }
  });
  return {
    async subscribe(filter, handler) {
      const entry = { filter, handler };
      handlers.add(entry);
      // While disconnected mqtt.js queues the SUBSCRIBE; don't hold the server's start for it.
      client.subscribe(filter, { qos: 1 }, (err) => {
        if (err) log.warn({ filter, err: err.message }, 'device registry: subscribe failed');
      });
      return async () => {
        handlers.delete(entry);
        if (![...handlers].some((h) => h.filter === filter)) client.unsubscribe(filter);
      };
    },
    async publish(topic, payload, opts = {}) {
      await client.publishAsync(topic, payload, { qos: opts.qos ?? 0, retain: opts.retain ?? false });
    },
    async close() {
      await client.endAsync();
    },
  };
}

/** MQTT filter matching ([MQTT-4.7.1]): `+` one level, `#` the rest; `$` topics only when named. */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && !filter.startsWith('$')) return false; // [MQTT-4.7.2-1]
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
