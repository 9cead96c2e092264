// The fields of aedes 2.0.0-beta.1's per-connection Client (lib/client.js) that Patchbay reads
// or replaces although aedes' typings leave them out. They are all gathered here, read
// defensively, so an aedes upgrade has one file to check (aedes is pinned exactly for this);
// the broker conformance tests fail when one of them changes.
import type { AedesPublishPacket, Client, PublishPacket } from 'aedes';

/** A delivery function: aedes calls it per matching subscription with a done callback. */
export type Deliver = (packet: AedesPublishPacket, done: () => void) => void;

/** One live subscription as aedes keeps it in `client.subscriptions[filter]`. */
export interface LiveSubscription {
  qos: 0 | 1 | 2;
  func?: Deliver;
  /** MQTT 5 subscription identifier. */
  si?: number;
}

/** `client.subscriptions`: the client's live subscriptions by filter. */
export function subscriptionsOf(client: Client): Record<string, LiveSubscription> {
  const subs: unknown = Reflect.get(client, 'subscriptions');
  return typeof subs === 'object' && subs !== null ? (subs as Record<string, LiveSubscription>) : {};
}

/** The per-client delivery functions aedes picks by a subscription's QoS when it is made. */
export interface Deliverers {
  deliver0: Deliver;
  deliverQoS: Deliver;
}

/** `client.deliver0` / `client.deliverQoS`, to wrap right after `aedes.handle()`. */
export function deliverersOf(client: Client): Client & Deliverers {
  const c = client as Client & Partial<Deliverers>;
  if (typeof c.deliver0 !== 'function' || typeof c.deliverQoS !== 'function') {
    throw new Error('aedes client has no deliver0/deliverQoS: client-internals.ts needs updating for this aedes version');
  }
  return c as Client & Deliverers;
}

/**
 * Sets the MQTT 5 Server Keep Alive aedes applies and announces in CONNACK
 * (`client._serverKeepAlive`, read by lib/handlers/connect.js after preConnect).
 */
export function setServerKeepAlive(client: Client, seconds: number): void {
  Reflect.set(client, '_serverKeepAlive', seconds);
}

/** The parser of `client` (`client._parser`, an mqtt-packet Parser), or undefined. */
export function parserOf(client: Client): unknown {
  return Reflect.get(client, '_parser');
}

/**
 * Counts one more (1) or one fewer (-1) packet as being handled for `client`: aedes reads a
 * connection's next bytes only once the packets it is handling are done (`client._parsingBatch`,
 * lib/client.js `enqueue` / `nextBatch`), so a held packet keeps aedes from reading on.
 */
export function holdReading(client: Client, change: 1 | -1): void {
  const batch: unknown = Reflect.get(client, '_parsingBatch');
  if (typeof batch !== 'number') throw new Error('aedes client has no _parsingBatch: client-internals.ts needs updating for this aedes version');
  Reflect.set(client, '_parsingBatch', batch + change);
}

/** `client.connackSent`: whether aedes wrote the CONNACK (it queues other packets until then). */
export function connackSent(client: Client): boolean {
  return Reflect.get(client, 'connackSent') === true;
}

/**
 * Makes aedes drop an incoming PUBLISH that its authorizePublish hook let through, without
 * routing or acknowledging it (lib/handlers/publish.js skips packets flagged `_notAuthorized`;
 * its MQTT 5 denial path sets the flag itself).
 */
export function dropIncoming(packet: PublishPacket): void {
  Reflect.set(packet, '_notAuthorized', true);
}
