// The embedded MQTT broker: aedes behind a small handle. This is the only module in
// Patchbay that imports aedes (STYLE R7); everything else sees BrokerHandle.
import type { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { Aedes, type Client } from 'aedes';
import { createAedesHooks } from './aedes-hooks.ts';
import { followAccounts } from './account-changes.ts';
import { createAccessPolicy, type Principal } from './auth.ts';
import { failFrom } from '../errors.ts';
import { errorMessage } from '../node-api/errors.ts';
import { clientInfo, connectionSetup } from './connection-setup.ts';
import { createQos0Sequence, createSequence } from './qos0-sequence.ts';
import { createInProcessPath, type InProcessMessage, type PublishOptions } from './in-process.ts';
import { Connections } from './listeners/connections.ts';
import { listenTcp, listenTls, type Listener } from './listeners/tcp.ts';
import { attachWebSocket } from './listeners/ws.ts';
import { resolveBrokerOptions, type BrokerLog, type BrokerOptions } from './options.ts';
import { ackWhenStored, type HeldAcks } from './delivery/durable-acks.ts';
import { SqlitePersistence, type QueueLimit } from './persistence/sqlite-persistence.ts';
import { SHARED_DELIVERY, shareSubscriptions } from './shared-subscriptions.ts';
import { storeEachSubscribeOnce } from './persistence/subscribe-once.ts';
import { publishRateLimit } from './publish-rate.ts';
import { MessageCounters, startSysPublisher, type BrokerStats } from './stats.ts';
import { subscriptionsOf } from './client-internals.ts';
import { cacheTopicMatches } from './topic-match-cache.ts';
import type { ConnectionProtocol } from './v5/connection-protocol.ts';

export type { BrokerOptions, BrokerLog, BrokerTlsOptions } from './options.ts';
export type { AccountDirectory, AccountRole, AnonymousPolicy, BrokerAccount, BrokerUser, TopicAcl } from './auth.ts';
export type { BrokerStats, BrokerClientInfo } from './stats.ts';
export type { InProcessMessage, MessageProperties, PublishOptions, QoS } from './in-process.ts';
export { hashPassword } from './auth.ts';

/** File name of the broker store inside `dataDir`. */
export const STORE_FILE = 'broker.sqlite';

/** A running broker. */
export interface BrokerHandle {
  /** The bound ports (the real ones when 0 was asked for). */
  readonly ports: { tcp: number; tls?: number };
  /** Serves MQTT over WebSocket on `server` at `path` (default `/mqtt`), beside its other upgrades. */
  attachWebSocket(server: HttpServer, path?: string): void;
  /** Publishes in-process (no socket, no encoding); resolves once the broker accepted the message. */
  publish(topic: string, payload: Buffer | string, opts?: PublishOptions): Promise<void>;
  /**
   * Subscribes in-process; matching retained messages arrive first (with `retain: true`).
   * `$share/<group>/<filter>` joins a shared subscription. Resolves to the unsubscribe function.
   */
  subscribe(filter: string, handler: (message: InProcessMessage) => void): Promise<() => Promise<void>>;
  stats(): BrokerStats;
  /** Disconnects every client (MQTT 5 ones with DISCONNECT 0x8B), stops the listeners and closes the store. */
  close(): Promise<void>;
}

/**
 * Starts the broker: opens the store, listens on TCP (and TLS when configured).
 * Rejects with a coded {@link PatchbayError}: BROKER_PORT_IN_USE, BROKER_LISTEN_FAILED,
 * BROKER_OPTIONS_INVALID, BROKER_STORE_FAILED or BROKER_TLS_UNREADABLE; nothing is left
 * running then.
 *
 * @example
 * const broker = await startBroker({ tcpPort: 0, dataDir, log });
 * const stop = await broker.subscribe('sensors/#', (m) => log.info({ topic: m.topic }, 'reading'));
 * await broker.publish('sensors/hall', '21.5', { qos: 1, retain: true });
 */
export async function startBroker(options: BrokerOptions = {}): Promise<BrokerHandle> {
  const opts = resolveBrokerOptions(options);
  const { log } = opts;
  const policy = createAccessPolicy(opts);
  const persistence = openStore(opts.dataDir, { max: opts.maxQueuedMessages, onFull: queueFullWarning(log, opts.maxQueuedMessages) });
  const counters = new MessageCounters();
  const connections = new Connections();
  /** Registered clients, in the order they connected. */
  const clients = new Set<Client>();
  /** Every connection aedes handles, from before CONNECT until it closes. */
  const live = new Set<Client>();
  const protocols = new WeakMap<Client, ConnectionProtocol>();
  const heldAcks = new WeakMap<Client, HeldAcks>();
  const startedAt = Date.now();

  const principals = new WeakMap<Client, Principal>();
  const refused = new WeakSet<object>();
  storeEachSubscribeOnce(persistence, (sub) => refused.has(sub));
  const stampQos0 = createQos0Sequence();
  const hooks = createAedesHooks({
    policy,
    principals,
    publishGate: publishRateLimit({
      rate: opts.maxPublishRate, burst: opts.publishBurst || Math.ceil(opts.maxPublishRate * 10), log,
      // [MQTT-4.6.0-2] a refusal goes out behind the PUBACKs still waiting for their messages to be stored
      answer: (client, send) => (heldAcks.get(client)?.inOrder(send) ?? send()),
    }),
    log,
    stampQos0,
    resumes: persistence.resumes,
    maxKeepalive: opts.maxKeepalive,
    protocolOf: (client) => protocols.get(client),
    counters: { onAccepted: () => counters.received++, onForward: () => counters.sent++ },
    refused,
  });
  let aedes: Aedes;
  try {
    aedes = await Aedes.createBroker({
      persistence,
      ...hooks,
      // MQTT 5 limits, advertised in CONNACK ([MQTT-3.2.2-17], section 3.2.2.3.3 and 3.2.2.3.6)
      topicAliasMaximum: opts.topicAliasMaximum,
      receiveMaximum: opts.receiveMaximum,
      maximumPacketSize: opts.maxPacketSize,
      // packets pipelined behind CONNECT are bounded by bytes (intake-limits.ts), not by aedes' count of 42
      queueLimit: Number.MAX_SAFE_INTEGER,
    });
  } catch (err) {
    await persistence.destroy();
    throw failFrom(err, 'BROKER_STORE_FAILED', storeName(opts.dataDir), errorMessage(err));
  }
  watchClients(aedes, { log, persistence, clients });
  cacheTopicMatches(aedes);
  ackWhenStored(aedes, (client) => heldAcks.get(client));
  shareSubscriptions(aedes, {
    connections: () => live,
    enqueue: (clientId, packet) => persistence.outgoingEnqueue({ clientId }, packet),
    stamp: createSequence(SHARED_DELIVERY),
    onError: (err) => log.error({ err }, 'mqtt shared subscription delivery failed'),
  });

  const inProcess = createInProcessPath({
    aedes,
    retained: (filters) => persistence.createRetainedStreamCombi(filters),
    counters,
    log,
    stampQos0,
  });
  const handle = connectionSetup({ aedes, opts, persistence, live, protocols, heldAcks, onDropped: () => counters.dropped++, refused });

  const listeners: Listener[] = [];
  const detachers: Array<() => void> = [];
  if (opts.accounts) detachers.push(followAccounts({ directory: opts.accounts, policy, principals, connections: live, log }));
  let retainedAtClose: number | undefined; // the store is gone after close; stats() still answers
  const shutdown = async () => {
    for (const detach of detachers) detach();
    const closing = listeners.map((listener) => listener.close());
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    connections.destroyAll(); // sockets that never completed CONNECT are not aedes clients yet
    await Promise.all(closing);
    retainedAtClose = persistence.countRetained();
    await persistence.destroy();
  };

  try {
    listeners.push(await listenTcp({ host: opts.host, port: opts.tcpPort, connections, handle }));
    if (opts.tls) listeners.push(await listenTls({ host: opts.host, tls: opts.tls, connections, handle, log }));
  } catch (err) {
    await shutdown();
    throw err;
  }

  const stats = (): BrokerStats => {
    const bytes = connections.bytes();
    let subscriptions = inProcess.subscriptionCount();
    for (const client of clients) subscriptions += Object.keys(subscriptionsOf(client)).length;
    return {
      clientsConnected: aedes.connectedClients,
      messagesReceived: counters.received,
      messagesSent: counters.sent,
      messagesDropped: counters.dropped,
      bytesReceived: bytes.received,
      bytesSent: bytes.sent,
      retainedMessages: retainedAtClose ?? persistence.countRetained(),
      subscriptions,
      uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
      clients: [...clients].map(clientInfo),
    };
  };
  const stopSys = startSysPublisher(opts.sysInterval, stats, (topic, payload) => {
    aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false }, (err) => {
      if (err) log.warn({ topic, err: err.message }, 'mqtt $SYS publish failed');
    });
  });

  let closed: Promise<void> | undefined;
  log.info({ host: opts.host, tcp: listeners[0].port, tls: listeners[1]?.port, store: opts.dataDir }, 'mqtt broker listening');
  return {
    ports: { tcp: listeners[0].port, ...(listeners[1] ? { tls: listeners[1].port } : {}) },
    attachWebSocket(server, path = '/mqtt') {
      detachers.push(attachWebSocket({ server, path, connections, log, handle }));
    },
    publish: inProcess.publish,
    subscribe: inProcess.subscribe,
    stats,
    close() {
      stopSys();
      closed ??= shutdown();
      return closed;
    },
  };
}

/** Session bookkeeping and logs on aedes' client events. */
function watchClients(aedes: Aedes, deps: { log: BrokerLog; persistence: SqlitePersistence; clients: Set<Client> }): void {
  const { log, persistence, clients } = deps;
  aedes.on('client', (client) => {
    clients.add(client);
    // after aedes looked the session up for CONNACK, so the first connect is not "present"
    if (!client.clean) persistence.markSession(client.id);
  });
  aedes.on('clientDisconnect', (client) => {
    clients.delete(client);
    // MQTT 5: the session ends its expiry interval from now (3.1.1 persistent ones: never)
    if (!client.clean) persistence.sessionDisconnected(client.id, client.sessionExpiryInterval);
  });
  aedes.on('clientError', (client, err) => log.info({ clientId: client.id, err: err.message }, 'mqtt client error'));
  aedes.on('connectionError', (_client, err) => {
    // a CONNECT aedes refuses itself, e.g. [MQTT-3.1.3-8] an empty client id with clean session 0
    const returnCode: unknown = Reflect.get(err, 'errorCode');
    if (typeof returnCode === 'number') log.warn({ returnCode, reason: err.message }, 'mqtt connect denied');
    else log.info({ err: err.message }, 'mqtt connection error');
  });
  // aedes reports store failures as 'error' (absent from its typings, hence the
  // EventEmitter view); without a listener they would end the process
  const emitter: EventEmitter = aedes;
  emitter.on('error', (err: Error) => log.error({ err }, 'mqtt broker error'));
}

/** A warning when a client's queue is full, at most once a minute per client: it may drop thousands. */
function queueFullWarning(log: BrokerLog, max: number): QueueLimit['onFull'] {
  const warnedAt = new Map<string, number>();
  return (clientId, topic) => {
    const now = Date.now();
    if (now - (warnedAt.get(clientId) ?? 0) < 60_000) return;
    warnedAt.set(clientId, now);
    log.warn({ clientId, topic, maxQueuedMessages: max }, 'persistent session queue full: QoS 1/2 messages for this client are dropped');
  };
}

/** Opens the SQLite store in `dataDir`, or an in-memory one when there is none. */
function openStore(dataDir: string | undefined, queueLimit: QueueLimit): SqlitePersistence {
  try {
    if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
    return new SqlitePersistence(storeName(dataDir), queueLimit);
  } catch (err) {
    throw failFrom(err, 'BROKER_STORE_FAILED', storeName(dataDir), errorMessage(err));
  }
}

function storeName(dataDir: string | undefined): string {
  return dataDir === undefined ? ':memory:' : join(dataDir, STORE_FILE);
}
