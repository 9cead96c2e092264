// One simulated device's MQTT connection: its own client id and last will, as a real device
// has, so a simulator that dies still leaves its devices marked offline.
import { connectAsync, type MqttClient } from 'mqtt';
import { topicMatches } from '../devices/bus.ts';

/** How long the goodbye messages may take before the connection is closed anyway (ms). */
const GOODBYE_MS = 2000;

export interface Will {
  topic: string;
  payload: string;
  retain: boolean;
}

export interface SimClient {
  publish(topic: string, payload: string | object, opts?: { retain?: boolean }): Promise<void>;
  /** Calls `handler` for each message on topics matching `filter`. */
  on(filter: string, handler: (topic: string, text: string) => void): Promise<void>;
  /** Publishes the goodbye messages, then disconnects (so the will is not needed). */
  end(goodbye?: Array<{ topic: string; payload: string | object; retain?: boolean }>): Promise<void>;
}

export async function simClient(url: string, clientId: string, will?: Will): Promise<SimClient> {
  // The first connection must succeed (or the simulator says why); later drops reconnect.
  const client: MqttClient = await connectAsync(url, {
    clientId, clean: true, reconnectPeriod: 1000, connectTimeout: 5000,
    ...(will ? { will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 1, retain: will.retain } } : {}),
  }, false);
  const handlers: Array<{ filter: string; handler: (topic: string, text: string) => void }> = [];
  client.on('message', (topic, payload) => {
    for (const { filter, handler } of handlers) if (topicMatches(filter, topic)) handler(topic, payload.toString());
  });
  const text = (payload: string | object) => (typeof payload === 'string' ? payload : JSON.stringify(payload));
  return {
    async publish(topic, payload, opts = {}) {
      await client.publishAsync(topic, text(payload), { qos: 1, retain: opts.retain ?? false });
    },
    async on(filter, handler) {
      handlers.push({ filter, handler });
      await client.subscribeAsync(filter, { qos: 1 });
    },
    async end(goodbye = []) {
      const polite = (async () => {
        for (const m of goodbye) await client.publishAsync(m.topic, text(m.payload), { qos: 1, retain: m.retain ?? false });
      })().then(() => true, () => false);
      // A broker that is gone never acknowledges (mqtt.js keeps the messages queued): give up
      // after a while and close anyway.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => { timer = setTimeout(resolve, GOODBYE_MS, false); });
      const said = await Promise.race([polite, late]);
      clearTimeout(timer);
      await client.endAsync(!said);
    },
  };
}

/** A value drifting randomly within bounds, rounded to `decimals`. */
export function drift(value: number, step: number, min: number, max: number, decimals = 1): number {
  const next = Math.min(max, Math.max(min, value + (Math.random() * 2 - 1) * step));
  const factor = 10 ** decimals;
  return Math.round(next * factor) / factor;
}

/** The device's timers, cleared together when it stops. */
export class Timers {
  private readonly handles = new Set<NodeJS.Timeout>();

  every(ms: number, fn: () => void): void {
    this.handles.add(setInterval(fn, ms));
  }

  after(ms: number, fn: () => void): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      fn();
    }, ms);
    this.handles.add(handle);
    return handle;
  }

  cancel(handle: NodeJS.Timeout | undefined): void {
    if (!handle) return;
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  clear(): void {
    for (const h of this.handles) clearInterval(h);
    this.handles.clear();
  }
}

/** A running simulated device. */
export interface SimDevice {
  readonly name: string;
  stop(): Promise<void>;
}
