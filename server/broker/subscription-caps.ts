// How many filters one SUBSCRIBE, and one client, may have (mqtt.maxSubscriptionsPerPacket,
// mqtt.maxSubscriptionsPerClient). Each subscription is memory, a trie entry and a stored row,
// so a client cannot grow them without bound. Filters past a cap are refused one by one, as
// MQTT lets a SUBSCRIBE be answered per filter ([MQTT-3.8.4-5]): SUBACK 0x80 (3.1.1) or 0x97
// Quota exceeded (5); the others of the packet are granted as usual.
import type { Client } from 'aedes';
import type { ISubscribePacket } from 'mqtt-packet';
import { remoteAddressOf } from './aedes-hooks.ts';
import { subscriptionsOf } from './client-internals.ts';
import type { BrokerLog } from './options.ts';
import { publicName } from './shared-subscriptions.ts';

/** The caps; 0 = no cap. */
export interface SubscriptionCaps {
  perPacket: number;
  perClient: number;
}

/**
 * Marks the filters of `packet` past the caps in `refused` (aedes-hooks.ts denies them) and
 * returns their positions in the packet, for the MQTT 5 SUBACK's 0x97. A filter the client
 * already has is a replacement, not a new subscription, so it never counts against the
 * per-client cap. Counted against the subscriptions the client has when the SUBSCRIBE is read.
 *
 * @example
 * const positions = capSubscriptions(client, packet, { perPacket: 10_000, perClient: 50_000 }, refused, log);
 */
export function capSubscriptions(
  client: Client,
  packet: ISubscribePacket,
  caps: SubscriptionCaps,
  refused: WeakSet<object>,
  log: BrokerLog,
): number[] {
  const existing = subscriptionsOf(client);
  let room = caps.perClient > 0 ? caps.perClient - Object.keys(existing).length : Infinity;
  const positions: number[] = [];
  packet.subscriptions.forEach((sub, index) => {
    const isNew = !Object.hasOwn(existing, sub.topic);
    const fits = (caps.perPacket === 0 || index < caps.perPacket) && (!isNew || room > 0);
    if (!fits) {
      refused.add(sub);
      positions.push(index);
    } else if (isNew) {
      room--;
    }
  });
  if (positions.length > 0) {
    log.warn({
      clientId: client.id, address: remoteAddressOf(client), filters: packet.subscriptions.length, refused: positions.length,
      firstRefused: publicName(packet.subscriptions[positions[0]!]!.topic),
      maxSubscriptionsPerPacket: caps.perPacket, maxSubscriptionsPerClient: caps.perClient,
    }, 'mqtt subscribe past the subscription caps: those filters refused');
  }
  return positions;
}
