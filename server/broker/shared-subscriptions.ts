// Shared subscriptions, `$share/<group>/<filter>` (MQTT 5 section 4.8.2; Mosquitto offers them
// to MQTT 3.1.1 clients too, and so do we): each message matching the filter goes to one member
// of the group, in turn. aedes 2.0.0-beta.1 refuses them (SUBACK 0x9E) and advertises them as
// unavailable, so:
// - the packet guard renames each shared filter of a SUBSCRIBE/UNSUBSCRIBE to an internal name
//   aedes takes as an ordinary filter ({@link internalName}): it validates, authorizes,
//   persists and restores it like any other, and no topic can match it;
// - `aedes.subscribe`/`unsubscribe`, wrapped here, file the subscription's delivery function as
//   a member of its group instead of subscribing it; one real subscription per group delivers.
import type { Aedes, AedesPublishPacket, Client } from 'aedes';
import { parseSharedFilter, type SharedFilter } from '../node-api/mqtt-topics.ts';
import { subscriptionsOf, type Deliver } from './client-internals.ts';
import { startsWithWildcard } from './topics.ts';

const SHARE_PREFIX = '$share/';
/** The sender id (brokerId) deliveries to shared subscriptions are numbered under (see `ShareDeps.stamp`). */
export const SHARED_DELIVERY = 'shared-';
/** No topic can start with U+0000 [MQTT-4.7.3-2], so nothing published can match these names. */
const INTERNAL_PREFIX = '\u0000share/';

/** The internal name of a shared filter; undefined for any other filter. */
export function internalName(filter: string): string | undefined {
  return parseSharedFilter(filter) ? INTERNAL_PREFIX + filter.slice(SHARE_PREFIX.length) : undefined;
}

/** The group and filter behind an internal name; undefined for any other filter. */
export function sharedFilterOf(name: string): SharedFilter | undefined {
  return name.startsWith(INTERNAL_PREFIX) ? parseSharedFilter(SHARE_PREFIX + name.slice(INTERNAL_PREFIX.length)) : undefined;
}

/** The filter as a client wrote it (`$share/...` for an internal name). */
export function publicName(name: string): string {
  return name.startsWith(INTERNAL_PREFIX) ? SHARE_PREFIX + name.slice(INTERNAL_PREFIX.length) : name;
}

interface Member {
  deliver: Deliver;
  /** The network client, absent for an in-process subscriber. */
  client?: Client;
  qos: 0 | 1 | 2;
}

interface Group {
  members: Member[];
  next: number;
  subscribed: Promise<void>;
  listener: Deliver;
}

/** What sharing needs from the rest of the broker. */
export interface ShareDeps {
  /** The network clients now connected or connecting (to find who a delivery function belongs to). */
  connections(): Iterable<Client>;
  /** Queues `packet` in a persistent session before it is delivered, as aedes does for its own subscriptions. */
  enqueue(clientId: string, packet: AedesPublishPacket): Promise<void>;
  /** Gives a shared delivery its own place in aedes' per-sender ordering (see qos0-sequence.ts). */
  stamp(packet: AedesPublishPacket): void;
  onError(err: unknown): void;
}

/**
 * Makes `aedes` serve shared subscriptions. In-process subscribers (no client) join a group by
 * subscribing to its internal name with the QoS they ask for.
 *
 * @example
 * shareSubscriptions(aedes, { connections: () => clients, enqueue, stamp, onError });
 * aedes.subscribe(internalName('$share/workers/jobs/#')!, deliver, done);
 */
export function shareSubscriptions(aedes: Aedes, deps: ShareDeps): void {
  const subscribe = aedes.subscribe.bind(aedes);
  const unsubscribe = aedes.unsubscribe.bind(aedes);
  const groups = new Map<string, Group>();

  const createGroup = (name: string, shared: SharedFilter): Group => {
    // [MQTT-4.7.2-1] a filter starting with a wildcard does not match '$' topics
    const skipDollar = startsWithWildcard(shared.filter);
    const group: Group = {
      members: [],
      next: 0,
      subscribed: Promise.resolve(),
      listener: (packet, done) => (skipDollar && packet.topic.startsWith('$') ? done() : share(group, packet, done)),
    };
    group.subscribed = new Promise((resolve) => subscribe(shared.filter, group.listener, () => resolve()));
    groups.set(name, group);
    return group;
  };

  const share = (group: Group, packet: AedesPublishPacket, done: () => void) => {
    if (group.members.length === 0) return done();
    const member = group.members[group.next++ % group.members.length]!;
    // [MQTT-3.8.4-6] no higher than the member's granted QoS; a copy of its own, with its own
    // place in the sender's order (the other subscriptions of the client get theirs)
    const copy: AedesPublishPacket = { ...packet, qos: packet.qos < member.qos ? packet.qos : member.qos };
    deps.stamp(copy);
    if (copy.qos === 0 || !member.client || member.client.clean) return member.deliver(copy, done);
    deps.enqueue(member.client.id, copy).then(() => member.deliver(copy, done), (err: unknown) => {
      deps.onError(err);
      done();
    });
  };

  aedes.subscribe = (topic, deliver, done) => {
    const shared = sharedFilterOf(topic);
    if (!shared) return subscribe(topic, deliver, done);
    const group = groups.get(topic) ?? createGroup(topic, shared);
    group.members.push(memberOf(topic, deliver, deps.connections()));
    void group.subscribed.then(() => done());
  };

  aedes.unsubscribe = (topic, deliver, done) => {
    const group = groups.get(topic);
    if (!group) return unsubscribe(topic, deliver, done);
    group.members = group.members.filter((m) => m.deliver !== deliver);
    if (group.members.length > 0) return done();
    groups.delete(topic);
    unsubscribe(sharedFilterOf(topic)!.filter, group.listener, done);
  };
}

/** The member for `deliver`: aedes stores a client's subscription before it subscribes it. */
function memberOf(name: string, deliver: Deliver, connections: Iterable<Client>): Member {
  for (const client of connections) {
    const sub = subscriptionsOf(client)[name];
    if (sub?.func === deliver) return { deliver, client, qos: sub.qos };
  }
  // an in-process subscriber: it caps the QoS itself
  return { deliver, qos: 2 };
}
