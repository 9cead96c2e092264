// What every connection gets when aedes takes it on: its MQTT 5 protocol state, copy-free
// reads for its packet parser, the packet guard in front of aedes' handlers, the shaping of
// what aedes writes back, and the cleanup when it closes.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { Aedes, Client } from 'aedes';
import type { IPublishPacket } from 'mqtt-packet';
import { remoteAddressOf } from './aedes-hooks.ts';
import { boundOutgoing } from './delivery/backpressure.ts';
import { HeldAcks } from './delivery/durable-acks.ts';
import { limitBeforeConnack } from './intake-limits.ts';
import { guardPackets } from './packet-guard.ts';
import { readWithoutCopies } from './parser-reads.ts';
import type { ResolvedBrokerOptions } from './options.ts';
import type { SqlitePersistence } from './persistence/sqlite-persistence.ts';
import { protocolName, type BrokerClientInfo } from './stats.ts';
import { deliverAtHighestGrant } from './subscription-match.ts';
import { ConnectionProtocol } from './v5/connection-protocol.ts';
import { flushOutgoing, shapeOutgoing, writePacket } from './v5/outgoing-hook.ts';

/** Hands a stream to aedes; what the listeners call. */
export type Handle = (stream: Duplex, req?: IncomingMessage) => Client;

/**
 * The `handle` function for the listeners, and a DISCONNECT 0x8D for MQTT 5 clients whose
 * keep alive ran out.
 *
 * @example
 * const handle = connectionSetup({ aedes, opts, persistence, live, protocols, heldAcks, onDropped, refused });
 * net.createServer((socket) => handle(socket));
 */
export function connectionSetup(deps: {
  aedes: Aedes;
  opts: ResolvedBrokerOptions;
  persistence: SqlitePersistence;
  /** Filled with the connections while they are open. */
  live: Set<Client>;
  /** Filled with each connection's protocol state. */
  protocols: WeakMap<Client, ConnectionProtocol>;
  /** Filled with each connection's PUBACKs waiting for their message to be stored. */
  heldAcks: WeakMap<Client, HeldAcks>;
  /** Counts one message not written to a client that does not read. */
  onDropped(): void;
  /** Subscriptions refused (past the caps, or by the ACL), shared with aedes-hooks.ts. */
  refused: WeakSet<object>;
}): Handle {
  const { aedes, opts, persistence, live, protocols, heldAcks } = deps;
  // MQTT 5 section 4.13 / 3.14: tell the client why before aedes drops it (reason code 0x8D)
  aedes.on('keepaliveTimeout', (client) => {
    if (client.version !== 5) return;
    writePacket(client.conn, { cmd: 'disconnect', reasonCode: 0x8d }, 5);
    // aedes destroys the socket right after this event: flush the (corked) packet now
    flushOutgoing(client.conn);
  });

  return (stream, req) => {
    const client = aedes.handle(stream, req);
    const protocol = new ConnectionProtocol({
      receiveMaximum: opts.receiveMaximum,
      topicAliasMaximum: opts.topicAliasMaximum,
      maxWaiting: opts.maxQueuedMessages,
      discard: (packet, why) => discard(client, packet, why, deps),
    });
    protocols.set(client, protocol);
    live.add(client);
    const acks = new HeldAcks(protocol);
    heldAcks.set(client, acks);
    const release = shapeOutgoing(stream, acks);
    const caps = { perPacket: opts.maxSubscriptionsPerPacket, perClient: opts.maxSubscriptionsPerClient };
    readWithoutCopies(client);
    guardPackets(client, protocol, { caps, refused: deps.refused, log: opts.log });
    limitBeforeConnack(client, { maxBytes: opts.maxBytesBeforeConnack, log: opts.log });
    deliverAtHighestGrant(client);
    boundOutgoing(client, { maxBytes: opts.maxClientBuffer, stallTimeout: opts.stalledClientTimeout, log: opts.log, onDropped: deps.onDropped });
    stream.once('close', () => {
      live.delete(client);
      release();
      protocol.close();
      // a connection that closes while resuming its session must not leave its hold behind
      persistence.resumes.release(client.id, client);
    });
    return client;
  };
}

/**
 * A QoS 1/2 message the client will not get: too large for its Maximum Packet Size, which
 * counts as delivered (MQTT 5 [MQTT-3.1.2-25]: it leaves the session), or no room to wait for
 * its Receive Maximum (a persistent session keeps it for the next connection).
 */
function discard(client: Client, packet: IPublishPacket, why: 'too large' | 'window full', deps: { opts: ResolvedBrokerOptions; persistence: SqlitePersistence }): void {
  deps.opts.log.warn({ clientId: client.id, topic: packet.topic, reason: why }, 'mqtt message not sent to client');
  if (why === 'too large' && !client.clean) void deps.persistence.outgoingClearMessageId(client, packet);
}

/** A registered client as GET /api/broker lists it. */
export function clientInfo(client: Client): BrokerClientInfo {
  const version = client.version === 3 || client.version === 5 ? client.version : 4;
  const address = remoteAddressOf(client);
  const transport = client.req ? 'ws' : client.conn instanceof TLSSocket ? 'tls' : 'tcp';
  return { clientId: client.id, protocolVersion: version, protocol: protocolName(version), transport, ...(address ? { address } : {}) };
}
