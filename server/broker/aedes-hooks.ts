// Adapts the access policy (auth.ts) to aedes' handler callbacks, logs every denial
// with the client id, and adds the MQTT 3.1.1 rules aedes 1.x does not enforce itself.
import { Socket } from 'node:net';
import type { AedesOptions, AedesPublishPacket, AuthenticateError, Client } from 'aedes';
import type { AccessPolicy, Principal } from './auth.ts';
import type { BrokerLog } from './options.ts';
import { filterCovers } from './topics.ts';
import { SESSION_MARKER_FILTER } from './persistence/sqlite-persistence.ts';
import type { SessionResumes } from './persistence/session-resume.ts';
import type { Stampable } from './qos0-sequence.ts';

/** What the CONNECT packet told us that aedes' later callbacks do not receive. */
interface ConnectFacts {
  /** [MQTT-3.1.3-8] a zero-length client id with clean session false. */
  emptyIdWithSession: boolean;
  /** Clean session flag. */
  clean: boolean;
  willTopic?: string;
}

/** The aedes handlers this module provides. */
export type AedesHooks = Required<
  Pick<AedesOptions, 'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'>
>;

/** Statistics callbacks, called on the message path (keep them to a counter increment). */
export interface HookCounters {
  /** A client's PUBLISH was authorized. */
  onAccepted(): void;
  /** A message is about to be sent to a client. */
  onForward(): void;
}

/**
 * Builds the aedes handlers for `policy`.
 *
 * @example
 * const hooks = createAedesHooks({ policy, log, stampQos0, resumes: new SessionResumes(), counters: { onAccepted() {}, onForward() {} } });
 * const broker = await Aedes.createBroker({ ...hooks });
 */
export function createAedesHooks(opts: {
  policy: AccessPolicy;
  log: BrokerLog;
  counters: HookCounters;
  stampQos0: (packet: Stampable) => void;
  /** The store's resume state of persistent sessions (persistence/session-resume.ts). */
  resumes: SessionResumes;
}): AedesHooks {
  const { policy, log } = opts;
  // Keyed by the client object, so entries go away with the connection.
  const facts = new WeakMap<Client, ConnectFacts>();
  const principals = new WeakMap<Client, Principal>();

  return {
    preConnect(client, packet, callback) {
      facts.set(client, {
        clean: packet.clean !== false,
        emptyIdWithSession: packet.clientId === '' && packet.clean === false,
        willTopic: packet.will?.topic,
      });
      callback(null, true);
    },

    authenticate(client, username, password, callback) {
      const fact = facts.get(client);
      const remoteAddress = remoteAddressOf(client);
      const deny = (returnCode: 2 | 3 | 4 | 5, reason: string) => {
        log.warn({ clientId: client.id, username, remoteAddress, returnCode, reason }, 'mqtt connect denied');
        callback(connackError(returnCode, reason), false);
      };
      // [MQTT-3.1.3-8] a zero-length ClientId with CleanSession 0 gets CONNACK 0x02 and
      // the connection closed; aedes would invent an id and keep a session nobody can resume
      if (fact?.emptyIdWithSession) return deny(2, 'empty client id requires clean session');
      policy
        .authenticate({ clientId: client.id, username, password, remoteAddress, proxied: isProxied(client) })
        .then((verdict) => {
          if (!verdict.ok) return deny(verdict.returnCode, verdict.reason);
          // A will is published when the client is gone (after a restart, with no client at
          // all), so its topic is authorized now, like Mosquitto does.
          if (fact?.willTopic !== undefined && !policy.canPublish(verdict.principal, fact.willTopic)) {
            return deny(5, `will topic ${fact.willTopic} not allowed`);
          }
          principals.set(client, verdict.principal);
          // [MQTT-4.6.0-6] from here until its queue is sent, the session's live messages wait;
          // not for a connection that closed during the check (aedes drops it; see broker.ts)
          if (fact?.clean === false && !client.closed) opts.resumes.hold(client.id, client);
          callback(null, true);
        })
        .catch((err: unknown) => {
          log.error({ clientId: client.id, err }, 'mqtt authentication failed');
          callback(connackError(3, 'authentication failed'), false);
        });
    },

    authorizePublish(client, packet, callback) {
      // client is null only for a stored will of a client that is gone; its topic was
      // authorized at that client's CONNECT.
      if (client === null) return callback(null);
      const principal = principals.get(client);
      if (principal && policy.canPublish(principal, packet.topic)) {
        opts.counters.onAccepted();
        opts.stampQos0(packet as Stampable);
        return callback(null);
      }
      log.warn({ clientId: client.id, username: principal?.username, topic: packet.topic }, 'mqtt publish denied');
      // [MQTT-3.3.5-2] no way to tell the client in 3.1.1: aedes closes the connection
      callback(new Error(`not authorized to publish to ${packet.topic}`));
    },

    authorizeSubscribe(client, subscription, callback) {
      // the placeholder of a persistent session without subscriptions, restored at CONNECT
      if (subscription.topic === SESSION_MARKER_FILTER) return callback(null, null);
      const principal = principals.get(client);
      if (principal && policy.canSubscribe(principal, subscription.topic)) return callback(null, subscription);
      log.warn(
        { clientId: client.id, username: principal?.username, topic: subscription.topic },
        'mqtt subscribe denied',
      );
      callback(null, null); // SUBACK return code 0x80 for this filter ([MQTT-3.9.3-2])
    },

    authorizeForward(client, packet) {
      // Only a packet sent from the queue of a persistent session on reconnect has a packet
      // identifier here; aedes gives live ones theirs after this call.
      const fromQueue = packet.messageId !== undefined;
      // [MQTT-3.3.1-1] DUP is set when a queued message had been sent before (asked first,
      // as it also tells the resume that this packet is through)
      const redelivery = fromQueue && opts.resumes.forwarded(client.id, packet.messageId as number);
      // Checked per delivery too, so messages queued for a persistent session are not
      // delivered once the ACL no longer allows them (settings change, restart).
      const principal = principals.get(client);
      if (!principal || !policy.canSubscribe(principal, packet.topic)) return null;
      const granted = grantedQos(client, packet.topic);
      // [MQTT-4.6.0-6] while a persistent session resumes, its live QoS 1/2 messages wait in
      // its queue (aedes queued them already) and go out after the older ones
      if (!fromQueue && !client.clean && packet.qos > 0 && granted > 0 && !packet.retain &&
        !opts.resumes.mayDeliverLive(client.id, packet)) return null;
      opts.counters.onForward();
      // [MQTT-3.8.4-6] deliver at no more than the granted QoS; aedes looks the grant up by
      // topic, which misses wildcard subscriptions. Overlapping ones: the highest grant wins.
      const qos = granted > 0 && granted < packet.qos ? granted : packet.qos;
      if (!fromQueue) {
        // [MQTT-3.3.1-3] a live delivery: the DUP flag of the incoming PUBLISH is not passed on
        return qos === packet.qos && !packet.dup ? packet : { ...packet, qos, dup: false };
      }
      // aedes writes a queued packet object itself and uses our result only as a yes/no,
      // so it is changed in place
      packet.qos = qos;
      packet.dup = redelivery;
      return packet;
    },
  };
}

/**
 * [MQTT-3.3.5-1] overlapping subscriptions: a message goes out once, at the highest QoS
 * granted by any matching subscription. aedes delivers through the first matching
 * subscription and drops the copies of the others (its duplicate guard), so a QoS 0
 * subscription that matched first meant QoS 0. Its deliveries take the QoS path instead
 * when another subscription grants more; authorizeForward then picks the QoS.
 * `deliver0`/`deliverQoS` are per-client functions of aedes 1.2 (lib/client.js), missing from
 * its typings; aedes reads them when a subscription is made, so call this right after
 * `aedes.handle()`.
 */
export function deliverAtHighestGrant(client: Client): void {
  const internals = client as Client & { deliver0: Deliver; deliverQoS: Deliver };
  const { deliver0, deliverQoS } = internals;
  if (typeof deliver0 !== 'function' || typeof deliverQoS !== 'function') {
    throw new Error('aedes client has no deliver0/deliverQoS: aedes-hooks.ts needs updating for this aedes version');
  }
  internals.deliver0 = (packet, done) => {
    if (packet.qos > 0 && grantedQos(client, packet.topic) > 0) return deliverQoS(packet, done);
    deliver0(packet, done);
  };
}

type Deliver = (packet: AedesPublishPacket, done: () => void) => void;

/** The highest QoS granted to `client` by a subscription matching `topic`. */
function grantedQos(client: Client, topic: string): 0 | 1 | 2 {
  let max: 0 | 1 | 2 = 0;
  // `subscriptions` is aedes internal state, missing from its typings.
  const subscriptions = (client as Client & { subscriptions: Record<string, { qos: 0 | 1 | 2 }> }).subscriptions;
  for (const [filter, sub] of Object.entries(subscriptions)) {
    if (sub.qos > max && filterCovers(filter, topic)) max = sub.qos;
  }
  return max;
}

function connackError(returnCode: 2 | 3 | 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

/** The peer address: of the HTTP request for WebSocket clients, of the socket otherwise. */
function remoteAddressOf(client: Client): string | undefined {
  if (client.req) return client.req.socket.remoteAddress;
  return client.conn instanceof Socket ? client.conn.remoteAddress : undefined;
}

/** A request that passed through a proxy is not local, whatever the proxy's own address. */
function isProxied(client: Client): boolean {
  const headers = client.req?.headers;
  return headers !== undefined && (headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined);
}
