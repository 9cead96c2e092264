// The in-process MQTT path for Patchbay's own MQTT nodes: publish into and subscribe on
// the broker's message bus directly, with no socket, no client and no packet encoding.
import type { Readable } from 'node:stream';
import type { Aedes, AedesPublishPacket } from 'aedes';
import { fail } from '../errors.ts';
import type { BrokerLog } from './options.ts';
import type { MessageCounters } from './stats.ts';
import type { Stampable } from './qos0-sequence.ts';
import { mqttTopicProblem, plainFilterProblem } from '../node-api/mqtt-topics.ts';
import { startsWithWildcard, SYS_PREFIX } from './topics.ts';

/** QoS levels. */
export type QoS = 0 | 1 | 2;

/** A message as in-process subscribers receive it. `payload` is shared: treat it as read-only. */
export interface InProcessMessage {
  topic: string;
  payload: Buffer;
  qos: QoS;
  /** True only for a retained message sent because the subscription was just made. */
  retain: boolean;
}

/** Publishing options; both default to the MQTT defaults (QoS 0, not retained). */
export interface PublishOptions {
  qos?: QoS;
  retain?: boolean;
}

/** The in-process publish/subscribe pair, bound to one broker. */
export interface InProcessPath {
  publish(topic: string, payload: Buffer | string, opts?: PublishOptions): Promise<void>;
  subscribe(filter: string, handler: (message: InProcessMessage) => void): Promise<() => Promise<void>>;
  /** Active in-process subscriptions. */
  subscriptionCount(): number;
}

/** Builds the in-process path over `aedes`; `retained` reads stored retained messages. */
export function createInProcessPath(deps: {
  aedes: Aedes;
  retained: (filters: string[]) => Readable;
  counters: MessageCounters;
  log: BrokerLog;
  /** See qos0-sequence.ts. */
  stampQos0: (packet: Stampable) => void;
}): InProcessPath {
  const { aedes, counters, log } = deps;
  let active = 0;

  return {
    publish(topic, payload, opts = {}) {
      if (aedes.closed) return Promise.reject(fail('BROKER_CLOSED'));
      const problem = mqttTopicProblem(topic) ?? (topic.startsWith(SYS_PREFIX) ? 'is reserved for the broker' : undefined);
      if (problem) return Promise.reject(fail('BROKER_TOPIC_INVALID', 'name', topic, problem));
      counters.received++;
      const packet = {
        cmd: 'publish' as const,
        topic,
        payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
        qos: opts.qos ?? 0,
        retain: opts.retain ?? false,
        dup: false,
      };
      deps.stampQos0(packet);
      return new Promise((resolve, reject) => aedes.publish(packet, (err) => (err ? reject(err) : resolve())));
    },

    async subscribe(filter, handler) {
      if (aedes.closed) throw fail('BROKER_CLOSED');
      const problem = plainFilterProblem(filter);
      if (problem) throw fail('BROKER_TOPIC_INVALID', 'filter', filter, problem);
      // [MQTT-4.7.2-1] a filter starting with a wildcard does not match '$' topics
      const skipDollar = startsWithWildcard(filter);
      const deliver = (packet: AedesPublishPacket, retain: boolean) => {
        if (skipDollar && packet.topic.startsWith('$')) return;
        counters.sent++;
        const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
        try {
          handler({ topic: packet.topic, payload, qos: packet.qos, retain });
        } catch (err) {
          log.error({ filter, topic: packet.topic, err }, 'in-process subscriber failed');
        }
      };
      // [MQTT-3.3.1-9] live messages reach existing subscriptions with retain cleared
      const live = (packet: AedesPublishPacket, done: () => void) => {
        deliver(packet, false);
        done();
      };
      await new Promise<void>((resolve) => aedes.subscribe(filter, live, resolve));
      active++;
      // [MQTT-3.3.1-6] a new subscription receives the retained messages it matches
      for await (const packet of deps.retained([filter])) deliver(packet, true);

      let subscribed = true;
      return async () => {
        if (!subscribed) return;
        subscribed = false;
        active--;
        if (!aedes.closed) await new Promise<void>((resolve) => aedes.unsubscribe(filter, live, resolve));
      };
    },

    subscriptionCount: () => active,
  };
}
