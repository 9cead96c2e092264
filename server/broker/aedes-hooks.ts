// Adapts the access policy (auth.ts) to aedes' handler callbacks, logs every denial
// with the client id, and adds the MQTT rules aedes 2.0.0-beta.1 does not apply itself.
import { Socket } from 'node:net';
import type { AedesOptions, AedesPublishPacket, AuthenticateError, Client } from 'aedes';
import type { AccessPolicy, Principal } from './auth.ts';
import type { PublishGate } from './publish-rate.ts';
import type { BrokerLog } from './options.ts';
import { setServerKeepAlive } from './client-internals.ts';
import { SESSION_MARKER_FILTER } from './persistence/sqlite-persistence.ts';
import type { SessionResumes } from './persistence/session-resume.ts';
import type { Stampable } from './qos0-sequence.ts';
import { publicName, SHARED_DELIVERY, sharedFilterOf } from './shared-subscriptions.ts';
import { grantedQos, subscriptionIdentifiers } from './subscription-match.ts';
import type { ConnectionProtocol } from './v5/connection-protocol.ts';

/** What the CONNECT packet told us that aedes' later callbacks do not receive. */
interface ConnectFacts {
  /** Clean session (3.1.1) / clean start (5). */
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

/** What the hooks need besides aedes' callbacks. */
export interface HookDeps {
  policy: AccessPolicy;
  /** Who each client acts as, once authenticated (shared with the account watch). */
  principals: WeakMap<Client, Principal>;
  /** The publish rate limit, if one is set. */
  publishGate?: PublishGate;
  log: BrokerLog;
  counters: HookCounters;
  stampQos0: (packet: Stampable) => void;
  /** The store's resume state of persistent sessions (persistence/session-resume.ts). */
  resumes: SessionResumes;
  /** MQTT 5 Server Keep Alive, s (0 = none imposed). */
  maxKeepalive: number;
  /** The connection's protocol state, for Reason Strings. */
  protocolOf(client: Client): ConnectionProtocol | undefined;
  /**
   * Subscriptions (objects of SUBSCRIBE packets) refused: past the caps (subscription-caps.ts)
   * before they get here, denied by the ACL here. persistence/subscribe-once.ts leaves them out.
   */
  refused: WeakSet<object>;
}

/**
 * Builds the aedes handlers for `policy`.
 *
 * @example
 * const hooks = createAedesHooks({ policy, log, stampQos0, resumes, maxKeepalive: 60, protocolOf, counters, refused });
 * const broker = await Aedes.createBroker({ ...hooks });
 */
export function createAedesHooks(deps: HookDeps): AedesHooks {
  const { policy, log } = deps;
  // Keyed by the client object, so entries go away with the connection.
  const facts = new WeakMap<Client, ConnectFacts>();
  const { principals } = deps;

  return {
    preConnect(client, packet, callback) {
      facts.set(client, { clean: packet.clean !== false, willTopic: packet.will?.topic });
      // MQTT 5 [MQTT-3.2.2-21] a Server Keep Alive replaces what the client asked for: an idle
      // connection is noticed within 1.5 × that [MQTT-3.1.2-22], not never (0) or hours later
      const keepalive = packet.keepalive ?? 0;
      if (packet.protocolVersion === 5 && deps.maxKeepalive > 0 && (keepalive === 0 || keepalive > deps.maxKeepalive)) {
        setServerKeepAlive(client, deps.maxKeepalive);
      }
      callback(null, true);
    },

    authenticate(client, username, password, callback) {
      const fact = facts.get(client);
      const remoteAddress = remoteAddressOf(client);
      const deny = (returnCode: 3 | 4 | 5, reason: string, refusal?: { code: string; reasonCode?: number }) => {
        log.warn({ code: refusal?.code, clientId: client.id, username, remoteAddress, returnCode, reason }, 'mqtt connect denied');
        deps.protocolOf(client)?.refused(reason, refusal?.reasonCode);
        callback(connackError(returnCode, reason), false);
      };
      policy
        .authenticate({ clientId: client.id, username, password, remoteAddress, proxied: isProxied(client), origin: originOf(client) })
        .then((verdict) => {
          if (!verdict.ok) return deny(verdict.returnCode, verdict.reason, verdict);
          // A will is published when the client is gone (after a restart, with no client at
          // all), so its topic is authorized now, like Mosquitto does.
          if (fact?.willTopic !== undefined && !policy.canPublish(verdict.principal, fact.willTopic)) {
            return deny(5, `will topic ${fact.willTopic} not allowed`);
          }
          principals.set(client, verdict.principal);
          // MQTT 5 [MQTT-3.1.2-5] Clean Start 0 resumes the session, queued messages included,
          // even when it ends with this connection (Session Expiry Interval 0). aedes 2.0.0-beta.1
          // equates "clean" with "expiry 0" and would discard that queue; it still ends the
          // session at disconnect, by the interval ([MQTT-3.1.2-23] applies only above 0).
          if (fact?.clean === false) Reflect.set(client, 'clean', false);
          // [MQTT-4.6.0-6] from here until its queue is sent, the session's live messages wait;
          // not for a connection that closed during the check (aedes drops it; see broker.ts)
          if (fact?.clean === false && !client.closed) deps.resumes.hold(client.id, client);
          callback(null, true);
        })
        .catch((err: unknown) => {
          log.error({ clientId: client.id, err }, 'mqtt authentication failed');
          callback(connackError(3, 'authentication failed'), false);
        });
    },

    authorizePublish(client, packet, callback) {
      withoutWillDelay(packet);
      // client is null only for a stored will of a client that is gone; its topic was
      // authorized at that client's CONNECT.
      if (client === null) return callback(null);
      const principal = principals.get(client);
      if (principal && policy.canPublish(principal, packet.topic)) {
        const admission = deps.publishGate?.(client, packet) ?? 'accepted';
        if (admission === 'dropped') return callback(null);
        if (admission === 'refused') return callback(new Error('Publish rate exceeded (mqtt.maxPublishRate)'));
        deps.counters.onAccepted();
        deps.stampQos0(packet as Stampable);
        return callback(null);
      }
      log.warn({ clientId: client.id, username: principal?.username, topic: packet.topic }, 'mqtt publish denied');
      // 3.1.1 [MQTT-3.3.5-2] cannot tell the client: aedes closes the connection. MQTT 5: aedes
      // answers PUBACK/PUBREC 0x87 with this text as the Reason String and keeps the connection.
      callback(new Error(`Not authorized to publish to ${packet.topic}`));
    },

    authorizeSubscribe(client, subscription, callback) {
      // the placeholder of a persistent session without subscriptions, restored at CONNECT
      if (subscription.topic === SESSION_MARKER_FILTER) return callback(null, null);
      if (deps.refused.has(subscription)) return callback(null, null); // past a cap, logged there
      const principal = principals.get(client);
      // a shared subscription is authorized by the filter it shares
      const filter = sharedFilterOf(subscription.topic)?.filter ?? subscription.topic;
      if (principal && policy.canSubscribe(principal, filter)) return callback(null, subscription);
      const topic = publicName(subscription.topic);
      log.warn({ clientId: client.id, username: principal?.username, topic }, 'mqtt subscribe denied');
      deps.protocolOf(client)?.deniedFilter(topic);
      deps.refused.add(subscription);
      callback(null, null); // SUBACK 0x80 for this filter ([MQTT-3.9.3-2]); MQTT 5: 0x87, Not authorized
    },

    authorizeForward(client, packet) {
      return forward(deps, principals.get(client), client, packet);
    },
  };
}

/**
 * The message to send to `client`, or null to send nothing: the ACL checked per delivery,
 * the QoS of its subscriptions, DUP, MQTT 5 subscription identifiers, and the order of a
 * resuming persistent session.
 */
function forward(deps: HookDeps, principal: Principal | undefined, client: Client, packet: AedesPublishPacket): AedesPublishPacket | null {
  // Only a packet sent from the queue of a persistent session on reconnect has a packet
  // identifier here; aedes gives live ones theirs after this call.
  const fromQueue = packet.messageId !== undefined;
  // [MQTT-3.3.1-1] DUP is set when a queued message had been sent before (asked first,
  // as it also tells the resume that this packet is through)
  const redelivery = fromQueue && deps.resumes.forwarded(client.id, packet.messageId as number);
  // Checked per delivery too, so messages queued for a persistent session are not
  // delivered once the ACL no longer allows them (settings change, restart).
  if (!principal || !deps.policy.canSubscribe(principal, packet.topic)) return null;
  // only a QoS 1/2 message needs the grant (to lower its QoS, or hold it for a resume)
  const granted = packet.qos > 0 ? grantedQos(client, packet.topic) : 0;
  // [MQTT-4.6.0-6] while a persistent session resumes, its live QoS 1/2 messages wait in
  // its queue (aedes queued them already) and go out after the older ones
  if (!fromQueue && !client.clean && packet.qos > 0 && granted > 0 && !packet.retain &&
    !deps.resumes.mayDeliverLive(client.id, packet)) return null;
  deps.counters.onForward();
  // [MQTT-3.8.4-6] (5: [MQTT-3.8.4-8]) deliver at no more than the granted QoS; aedes looks the
  // grant up by topic, which misses wildcard subscriptions. Overlapping ones: the highest wins.
  const qos = granted > 0 && granted < packet.qos ? granted : packet.qos;
  const properties = client.version === 5 ? withIdentifiers(client, packet) : packet.properties;
  if (!fromQueue) {
    // [MQTT-3.3.1-3] a live delivery: the DUP flag of the incoming PUBLISH is not passed on
    return qos === packet.qos && !packet.dup && properties === packet.properties ? packet : { ...packet, qos, dup: false, properties };
  }
  // aedes writes a queued packet object itself and uses our result only as a yes/no,
  // so it is changed in place
  packet.qos = qos;
  packet.dup = redelivery;
  packet.properties = properties;
  return packet;
}

/**
 * The properties with the identifiers of all the client's matching subscriptions
 * ([MQTT-3.3.4-4]). Left alone for retained messages sent because of a new subscription
 * (aedes clears their brokerId): they answer that one subscription, and aedes set its identifier.
 */
function withIdentifiers(client: Client, packet: AedesPublishPacket): AedesPublishPacket['properties'] {
  if (!packet.brokerId || packet.brokerId.startsWith(SHARED_DELIVERY)) return packet.properties;
  const ids = subscriptionIdentifiers(client, packet.topic);
  const current = packet.properties?.subscriptionIdentifier;
  if (ids.length === 0 && current === undefined) return packet.properties;
  // the properties object is shared by every subscriber's copy: never change it in place
  const { subscriptionIdentifier: _ignored, ...rest } = packet.properties ?? {};
  return ids.length === 0 ? rest : { ...rest, subscriptionIdentifier: ids.length === 1 ? ids[0] : ids };
}

/**
 * A will's Will Delay Interval is a will property, not one of a PUBLISH (MQTT 5 sections
 * 3.1.3.2.2 and 3.3.2.3): aedes 2.0.0-beta.1 publishes the will with it, which strict clients
 * refuse as a malformed PUBLISH.
 */
function withoutWillDelay(packet: { properties?: AedesPublishPacket['properties'] }): void {
  if (packet.properties && 'willDelayInterval' in packet.properties) {
    const { willDelayInterval: _delay, ...rest } = packet.properties as AedesPublishPacket['properties'] & { willDelayInterval?: number };
    packet.properties = rest;
  }
}

function connackError(returnCode: 3 | 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

/** The peer address: of the HTTP request for WebSocket clients, of the socket otherwise. */
export function remoteAddressOf(client: Client): string | undefined {
  if (client.req) return client.req.socket.remoteAddress;
  return client.conn instanceof Socket ? client.conn.remoteAddress : undefined;
}

/** The Origin header of a WebSocket client's upgrade request: browsers send one, other clients need not. */
function originOf(client: Client): string | undefined {
  const origin = client.req?.headers.origin;
  return typeof origin === 'string' ? origin : undefined;
}

/** A request that passed through a proxy is not local, whatever the proxy's own address. */
function isProxied(client: Client): boolean {
  const headers = client.req?.headers;
  return headers !== undefined && (headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined);
}
