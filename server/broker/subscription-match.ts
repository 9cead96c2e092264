// What a client's own subscriptions say about one message: the highest QoS they grant and the
// MQTT 5 subscription identifiers of those that match. aedes delivers a message through the
// first matching subscription and drops the copies of the others (its duplicate guard), so
// both are worked out here from all of them.
import type { AedesPublishPacket, Client } from 'aedes';
import { deliverersOf, subscriptionsOf, type Deliver } from './client-internals.ts';
import { sharedFilterOf } from './shared-subscriptions.ts';
import { filterCovers } from './topics.ts';

/** The highest QoS granted to `client` by an ordinary subscription matching `topic`. */
export function grantedQos(client: Client, topic: string): 0 | 1 | 2 {
  let max: 0 | 1 | 2 = 0;
  for (const [filter, sub] of Object.entries(subscriptionsOf(client))) {
    if (sub.qos > max && filterCovers(filter, topic)) max = sub.qos;
  }
  return max;
}

/**
 * MQTT 5 [MQTT-3.3.4-3] [MQTT-3.3.4-4]: the identifiers of every ordinary subscription of
 * `client` matching `topic` (the copy aedes sends stands for all of them); shared
 * subscriptions get copies of their own, each with its own identifier [MQTT-3.3.4-5].
 */
export function subscriptionIdentifiers(client: Client, topic: string): number[] {
  const ids: number[] = [];
  for (const [filter, sub] of Object.entries(subscriptionsOf(client))) {
    if (sub.si !== undefined && !sharedFilterOf(filter) && filterCovers(filter, topic)) ids.push(sub.si);
  }
  return ids;
}

/**
 * [MQTT-3.3.5-1] (5: [MQTT-3.3.4-2]) overlapping subscriptions: a message goes out once, at the
 * highest QoS granted by any matching subscription. A QoS 0 subscription that matched first
 * meant QoS 0 in aedes, so its deliveries take the QoS path instead when another subscription
 * grants more; authorizeForward then picks the QoS. aedes reads the per-client `deliver0` when
 * a subscription is made, so call this right after `aedes.handle()`.
 */
export function deliverAtHighestGrant(client: Client): void {
  const internals = deliverersOf(client);
  const { deliver0, deliverQoS } = internals;
  const upgraded: Deliver = (packet: AedesPublishPacket, done) => {
    if (packet.qos > 0 && grantedQos(client, packet.topic) > 0) return deliverQoS(packet, done);
    deliver0(packet, done);
  };
  internals.deliver0 = upgraded;
}
