// The in-process MQTT path for Patchbay's own MQTT nodes: publish into and subscribe on
// the broker's message bus directly, with no socket, no client and no packet encoding.
import type { Readable } from 'node:stream';
import type { Aedes, AedesPublishPacket, PublishPacket } from 'aedes';
import { fail } from '../errors.ts';
import { hasKeys } from '../plain-object.ts';
import type { BrokerLog } from './options.ts';
import type { MessageCounters } from './stats.ts';
import type { Stampable } from './qos0-sequence.ts';
import { mqttFilterProblem, mqttTopicProblem, parseSharedFilter } from '../node-api/mqtt-topics.ts';
import { internalName } from './shared-subscriptions.ts';
import { startsWithWildcard, SYS_PREFIX } from './topics.ts';

/** QoS levels. */
export type QoS = 0 | 1 | 2;

/**
 * MQTT 5 publish properties, with mqtt-packet's names (contentType, responseTopic,
 * correlationData, userProperties, messageExpiryInterval, payloadFormatIndicator).
 */
export type MessageProperties = NonNullable<AedesPublishPacket['properties']>;

/** A message as in-process subscribers receive it. `payload` is shared: treat it as read-only. */
export interface InProcessMessage {
  topic: string;
  payload: Buffer;
  qos: QoS;
  /** True only for a retained message sent because the subscription was just made. */
  retain: boolean;
  /** MQTT 5 properties the publisher set; `messageExpiryInterval` is what remains of it. */
  properties?: MessageProperties;
}

/** Publishing options; both default to the MQTT defaults (QoS 0, not retained). */
export interface PublishOptions {
  qos?: QoS;
  retain?: boolean;
  /** MQTT 5 properties, passed to subscribers unaltered ([MQTT-3.3.2-4], [MQTT-3.3.2-16..20]). */
  properties?: MessageProperties;
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
      // A string payload stays a string: the encoder writes it into the packet's buffer directly
      // (publish-encoder.ts), and in-process subscribers get it as a Buffer (see deliver).
      const packet: PublishPacket & Stampable = {
        cmd: 'publish',
        topic,
        payload,
        qos: opts.qos ?? 0,
        retain: opts.retain ?? false,
        dup: false,
      };
      if (opts.properties && hasKeys(opts.properties)) packet.properties = opts.properties;
      deps.stampQos0(packet);
      return new Promise((resolve, reject) => aedes.publish(packet, (err) => (err ? reject(err) : resolve())));
    },

    async subscribe(filter, handler) {
      if (aedes.closed) throw fail('BROKER_CLOSED');
      const problem = mqttFilterProblem(filter);
      if (problem) throw fail('BROKER_TOPIC_INVALID', 'filter', filter, problem);
      // a shared subscription joins its group (shared-subscriptions.ts) and gets no retained messages
      const shared = parseSharedFilter(filter);
      const name = internalName(filter) ?? filter;
      // [MQTT-4.7.2-1] a filter starting with a wildcard does not match '$' topics
      const skipDollar = startsWithWildcard(shared?.filter ?? filter);
      const deliver = (packet: AedesPublishPacket, retain: boolean) => {
        if (skipDollar && packet.topic.startsWith('$')) return;
        const properties = propertiesOf(packet);
        if (properties === null) return; // expired [MQTT-3.3.2-5]
        counters.sent++;
        const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
        const message: InProcessMessage = { topic: packet.topic, payload, qos: packet.qos, retain };
        if (properties) message.properties = properties;
        try {
          handler(message);
        } catch (err) {
          log.error({ filter, topic: packet.topic, err }, 'in-process subscriber failed');
        }
      };
      let subscribed = true;
      // [MQTT-3.3.1-9] live messages reach existing subscriptions with retain cleared. None
      // after unsubscribing: mqemitter removes a listener only in a later turn, and a message
      // read in between would still match.
      const live = (packet: AedesPublishPacket, done: () => void) => {
        if (subscribed) deliver(packet, false);
        done();
      };
      await new Promise<void>((resolve) => aedes.subscribe(name, live, resolve));
      active++;
      // [MQTT-3.3.1-6] a new subscription receives the retained messages it matches
      if (!shared) for await (const packet of deps.retained([filter])) deliver(packet, true);

      return async () => {
        if (!subscribed) return;
        subscribed = false;
        if (!aedes.closed) await new Promise<void>((resolve) => aedes.unsubscribe(name, live, resolve));
        active--;
      };
    },

    subscriptionCount: () => active,
  };
}

/**
 * The properties a subscriber sees: without the routing ones of a connection (topic alias,
 * subscription identifier), the message expiry interval counted down; null once expired.
 */
function propertiesOf(packet: AedesPublishPacket & { messageExpiry?: number }): MessageProperties | undefined | null {
  if (!packet.properties) return undefined;
  const { topicAlias: _alias, subscriptionIdentifier: _id, ...rest } = packet.properties;
  if (packet.messageExpiry !== undefined) {
    const left = Math.ceil((packet.messageExpiry - Date.now()) / 1000);
    if (left <= 0) return null;
    rest.messageExpiryInterval = left;
  }
  return hasKeys(rest) ? rest : undefined;
}
