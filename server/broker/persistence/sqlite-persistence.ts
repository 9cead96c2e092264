// An aedes persistence (the aedes-persistence 11 async interface) on SQLite, so
// retained messages, persistent sessions and their queued messages survive a restart.
// Why SQLite and not an existing package: see ../README.md. Semantics follow
// aedes-persistence's in-memory reference implementation, and its abstract test suite
// runs against this class (test/unit/broker/sqlite-persistence.test.ts).
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { deserialize, serialize } from 'node:v8';
import QlobberSub from 'qlobber/aedes/qlobber-sub.js';
import { QlobberTrue } from 'qlobber';
import { literalPrefix, startsWithWildcard } from '../topics.ts';
import { SqliteStore } from './sqlite-store.ts';
import { nextTurn } from '../event-loop-turns.ts';
import { SessionResumes } from './session-resume.ts';
import { setLongTimeout, type Timer } from '../../node-api/long-timer.ts';

/** MQTT 5 Session Expiry Interval meaning "never" (section 3.1.2.11.2). */
const NEVER_EXPIRES = 0xffff_ffff;

/** A packet as aedes hands it to the store: mqtt-packet fields plus aedes' bookkeeping. */
export interface StoredPacket {
  cmd?: string;
  topic?: string;
  payload?: Buffer | string;
  qos?: number;
  retain?: boolean;
  dup?: boolean;
  messageId?: number;
  brokerId?: string;
  brokerCounter?: number;
  clientId?: string;
}

/** The client fields the store reads. */
interface ClientRef {
  id: string;
}

/** One subscription as SUBSCRIBE carries it (mqtt-packet's shape). */
interface Subscription {
  topic: string;
  qos: number;
  rh?: number;
  rap?: boolean;
  nl?: boolean;
  subscriptionIdentifier?: number;
}

type SubscriptionRecord = Omit<Subscription, 'topic'>;

// aedes-packet's typings describe a namespace while the module exports the
// constructor itself, so it is loaded through require and typed here. Using it (not
// a copy of its field list) keeps queued packets shaped exactly as aedes expects.
const AedesPacket: new (original: StoredPacket) => StoredPacket = createRequire(import.meta.url)('aedes-packet');

/**
 * The filter of the placeholder subscription that stands for a persistent session without
 * subscriptions (see {@link SqlitePersistence.subscriptionsByClient}). Nothing can be
 * delivered on it: aedes-hooks.ts refuses every subscription to it.
 */
export const SESSION_MARKER_FILTER = '$patchbay/session';

/** At most `max` packets per persistent session (0 = no limit); `onFull` hears each one dropped. */
export interface QueueLimit {
  max: number;
  onFull(clientId: string, topic: string): void;
}

/** Queued packets read per query while a session resumes. */
const DRAIN_BATCH = 100;

/** Subscriptions stored in one transaction before other work gets a turn. */
const STORE_SLICE = 1000;

/** Filters whose retained messages are looked up before other work gets a turn. */
const RETAINED_LOOKUP_SLICE = 500;

const TRIE_OPTIONS = { separator: '/', wildcard_one: '+', wildcard_some: '#' };

/**
 * aedes persistence backed by one SQLite file (or `:memory:`). Subscriptions are also
 * kept in memory (a topic trie) because every QoS>0 publish looks them up by topic.
 *
 * @example
 * const broker = await Aedes.createBroker({ persistence: new SqlitePersistence('/data/broker.sqlite') });
 */
export class SqlitePersistence {
  readonly #store: SqliteStore;
  readonly #subscriptions = new Map<string, Map<string, SubscriptionRecord>>();
  readonly #trie = new QlobberSub(TRIE_OPTIONS);
  #broker: { id: string } | undefined;
  #destroyed = false;
  /** Persistent sessions reconnecting: their queues go out before live messages. */
  readonly resumes = new SessionResumes();

  readonly #queueLimit: QueueLimit;
  /** Timers ending disconnected MQTT 5 sessions (aedes keeps its own; these also cover a restart). */
  readonly #expiries = new Map<string, Timer>();

  /** Opens (creating if needed) the store at `file`; throws when SQLite cannot open it. */
  constructor(file: string, queueLimit: QueueLimit = { max: 0, onFull() {} }) {
    this.#store = new SqliteStore(file);
    this.#queueLimit = queueLimit;
  }

  /** The broker this store serves (aedes-persistence's abstract tests read it). */
  get broker(): { id: string } | undefined {
    return this.#broker;
  }

  /** Called by aedes on listen: loads stored subscriptions into the trie, ends expired sessions. */
  async setup(broker: { id: string }): Promise<void> {
    this.#broker = broker;
    for (const row of this.#store.allSubscriptions()) {
      this.#remember(row.clientId, { topic: row.topic, ...parseRecord(row.sub) });
    }
    // MQTT 5 [MQTT-3.1.2-23] a session outlives its connection for its expiry interval, also
    // across a restart: aedes' own timers did not survive it, so these are set again
    for (const { clientId, expiresAt } of this.#store.expiringSessions()) {
      // one that ended while the broker was down is gone before the first client connects
      if (expiresAt <= Date.now()) await this.#endSession(clientId);
      else this.#expireAt(clientId, expiresAt);
    }
  }

  async storeRetained(packet: StoredPacket): Promise<void> {
    const topic = packet.topic ?? '';
    // [MQTT-3.3.1-10] [MQTT-3.3.1-11] an empty retained payload removes the retained message
    if (payloadLength(packet) === 0) this.#store.deleteRetained(topic);
    else this.#store.putRetained(topic, serialize({ ...packet }));
  }

  createRetainedStream(pattern: string): Readable {
    return Readable.from(this.#retainedMatching([pattern]));
  }

  createRetainedStreamCombi(patterns: string[]): Readable {
    return Readable.from(this.#retainedMatching(patterns));
  }

  /** The number of retained messages (for broker statistics). */
  countRetained(): number {
    return this.#store.countRetained();
  }

  /**
   * Recorded (in memory and stored) {@link STORE_SLICE} at a time, each slice one transaction,
   * with turns of the event loop between: a SUBSCRIBE of thousands of filters does not hold the
   * process. aedes sends the SUBACK and makes the subscriptions live once this resolves.
   */
  async addSubscriptions(client: ClientRef, subs: Subscription[]): Promise<void> {
    for (let start = 0; start < subs.length; start += STORE_SLICE) {
      if (start > 0) await nextTurn();
      if (this.#destroyed) return; // the broker closed meanwhile
      this.#store.transaction(() => {
        for (const sub of subs.slice(start, start + STORE_SLICE)) {
          const record = this.#remember(client.id, sub);
          this.#store.putSubscription(client.id, sub.topic, JSON.stringify(record));
        }
      });
    }
  }

  async removeSubscriptions(client: ClientRef, topics: string[]): Promise<void> {
    const stored = this.#subscriptions.get(client.id);
    if (!stored) return;
    this.#store.transaction(() => {
      for (const topic of topics) {
        const record = stored.get(topic);
        if (record === undefined) continue;
        if (record.qos > 0) this.#trie.remove(topic, { clientId: client.id, topic });
        stored.delete(topic);
        this.#store.deleteSubscription(client.id, topic);
      }
    });
    if (stored.size === 0) this.#subscriptions.delete(client.id);
  }

  async subscriptionsByClient(client: ClientRef): Promise<Subscription[]> {
    const stored = this.#subscriptions.get(client.id);
    if (stored) return [...stored].map(([topic, record]) => ({ topic, ...record }));
    // [MQTT-3.2.2-2] a session exists even when it has no subscriptions, and CONNACK must say
    // so. aedes derives Session Present only from this list being non-empty, so such a
    // session is answered with a placeholder, which aedes-hooks.ts refuses when aedes restores it.
    return this.#store.hasSession(client.id) ? [{ topic: SESSION_MARKER_FILTER, qos: 0 }] : [];
  }

  /** Records that `clientId` has a persistent session (connected now), until a clean one replaces it. */
  markSession(clientId: string): void {
    this.#expiries.get(clientId)?.cancel();
    this.#expiries.delete(clientId);
    this.#store.putSession(clientId);
  }

  /**
   * The persistent session of `clientId` lost its connection: it ends `seconds` from now
   * (MQTT 5 Session Expiry Interval; 0xFFFFFFFF, and MQTT 3.1.1, never).
   */
  sessionDisconnected(clientId: string, seconds: number): void {
    const expiresAt = seconds >= NEVER_EXPIRES ? null : Date.now() + seconds * 1000;
    this.#store.setSessionExpiry(clientId, expiresAt);
    if (expiresAt !== null) this.#expireAt(clientId, expiresAt);
  }

  /** Ends the session of `clientId` at `expiresAt` unless it reconnects first (markSession). */
  #expireAt(clientId: string, expiresAt: number): void {
    this.#expiries.get(clientId)?.cancel();
    this.#expiries.set(clientId, setLongTimeout(expiresAt - Date.now(), () => {
      this.#expiries.delete(clientId);
      if (!this.#destroyed) void this.#endSession(clientId);
    }));
  }

  async #endSession(clientId: string): Promise<void> {
    await this.cleanSubscriptions({ id: clientId });
    this.#store.deleteOutgoingOf(clientId);
    this.#store.deleteIncomingOf(clientId);
  }

  async countOffline(): Promise<{ subsCount: number; clientsCount: number }> {
    return { subsCount: this.#trie.subscriptionsCount, clientsCount: this.#subscriptions.size };
  }

  async subscriptionsByTopic(topic: string): Promise<Array<{ clientId: string; topic: string; qos: number }>> {
    return this.#trie.match(topic);
  }

  async cleanSubscriptions(client: ClientRef): Promise<void> {
    this.#store.deleteSession(client.id); // [MQTT-3.1.2-6] a clean session ends the old one
    this.resumes.forget(client.id);
    const stored = this.#subscriptions.get(client.id);
    if (!stored) return;
    for (const [topic, record] of stored) {
      if (record.qos > 0) this.#trie.remove(topic, { clientId: client.id, topic });
    }
    this.#subscriptions.delete(client.id);
    this.#store.deleteSubscriptions(client.id);
  }

  async outgoingEnqueue(sub: { clientId: string }, packet: StoredPacket): Promise<void> {
    await this.outgoingEnqueueCombi([sub], packet);
  }

  async outgoingEnqueueCombi(subs: Array<{ clientId: string }>, packet: StoredPacket): Promise<void> {
    // aedes asks for every QoS 1/2 publish, also when no persistent session subscribes
    if (subs.length === 0) return;
    const { max, onFull } = this.#queueLimit;
    const accepted = max === 0 ? subs : subs.filter((sub) => {
      if (this.#store.outgoingCount(sub.clientId) < max) return true;
      onFull(sub.clientId, packet.topic ?? '');
      return false;
    });
    if (accepted.length === 0) return;
    // aedes-packet drops the inbound messageId of QoS>0 packets: a new one is
    // assigned per subscriber on delivery ([MQTT-2.3.1-1])
    const queued = new AedesPacket(packet);
    queued.dup = false; // [MQTT-3.3.1-3] the publisher's DUP flag is not passed on
    const blob = serialize({ ...queued });
    this.#store.transaction(() => {
      for (const sub of accepted) this.#store.enqueue(sub.clientId, queued, blob);
    });
  }

  async outgoingUpdate(client: ClientRef, packet: StoredPacket): Promise<void> {
    const row = this.#store.findOutgoingForUpdate(client.id, packet);
    if (!row) {
      // aedes skips such a packet; a resume must not wait for it (session-resume.ts)
      if (packet.cmd === 'publish') this.resumes.skipped(client.id);
      throw new Error('no such packet');
    }
    if (row.sameBroker) {
      // the same message getting its packet identifier for this delivery
      this.#store.setOutgoingMessageId(row.seq, packet.messageId);
    } else {
      // the packet with this identifier moves on, e.g. PUBLISH -> PUBREL ([MQTT-4.3.3-1])
      this.#store.replaceOutgoing(row.seq, packet, serialize({ ...packet }));
    }
  }

  async outgoingClearMessageId(client: ClientRef, packet: StoredPacket): Promise<StoredPacket | undefined> {
    // aedes may pass a bare number here (abstract test "unknown messageId")
    if (typeof packet?.messageId !== 'number') return undefined;
    const row = this.#store.takeOutgoing(client.id, packet.messageId);
    return row ? withMessageId(row.packet, row.messageId) : undefined;
  }

  outgoingStream(client: ClientRef): Readable {
    if (this.resumes.resuming(client.id)) {
      // a persistent session reconnecting: drained in order, live messages wait (session-resume.ts)
      const next = (after: number) => this.#store.outgoingAfter(client.id, after, DRAIN_BATCH)
        .map((row) => ({ seq: row.seq, packet: withMessageId(row.packet, row.messageId) }));
      return Readable.from(this.resumes.drain(client.id, next));
    }
    const rows = this.#store.outgoingFor(client.id);
    return Readable.from(rows.map((row) => withMessageId(row.packet, row.messageId)));
  }

  async incomingStorePacket(client: ClientRef, packet: StoredPacket): Promise<void> {
    const stored = new AedesPacket(packet);
    stored.messageId = packet.messageId;
    this.#store.putIncoming(client.id, packet.messageId ?? 0, serialize({ ...stored }));
  }

  async incomingGetPacket(client: ClientRef, packet: StoredPacket): Promise<StoredPacket> {
    const blob = this.#store.getIncoming(client.id, packet.messageId ?? 0);
    if (!blob) throw new Error('no such packet');
    return decode(blob);
  }

  async incomingDelPacket(client: ClientRef, packet: StoredPacket): Promise<void> {
    if (!this.#store.deleteIncoming(client.id, packet.messageId ?? 0)) throw new Error('no such packet');
  }

  /** [MQTT-3.1.2-6] a clean session also drops the QoS 2 receive state. */
  async cleanIncoming(client: ClientRef): Promise<void> {
    this.#store.deleteIncomingOf(client.id);
  }

  async putWill(client: ClientRef, packet: StoredPacket): Promise<void> {
    packet.brokerId = this.#broker?.id;
    packet.clientId = client.id;
    this.#store.putWill(client.id, packet.brokerId ?? '', serialize({ ...packet }));
  }

  async getWill(client: ClientRef): Promise<StoredPacket | undefined> {
    const blob = this.#store.getWill(client.id);
    return blob ? decode(blob) : undefined;
  }

  async delWill(client: ClientRef): Promise<StoredPacket | undefined> {
    const blob = this.#store.takeWill(client.id);
    return blob ? decode(blob) : undefined;
  }

  /** Wills of brokers not in `brokers` (aedes publishes those of brokers that died). */
  streamWill(brokers: Record<string, unknown> = {}): Readable {
    const wills = this.#store.allWills().filter((row) => !brokers[row.brokerId]);
    return Readable.from(wills.map((row) => decode(row.packet)));
  }

  getClientList(topic: string): Readable {
    const ids = [...this.#subscriptions].filter(([, subs]) => subs.has(topic)).map(([id]) => id);
    return Readable.from(ids);
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) throw new Error('destroyed called twice!');
    this.#destroyed = true;
    for (const timer of this.#expiries.values()) timer.cancel();
    this.#store.close();
  }

  /** Records `sub` in memory and the trie; QoS 0 subscriptions get no offline queue ([MQTT-3.1.2-5]). */
  #remember(clientId: string, sub: Subscription): SubscriptionRecord {
    let stored = this.#subscriptions.get(clientId);
    if (!stored) {
      stored = new Map();
      this.#subscriptions.set(clientId, stored);
    }
    const record: SubscriptionRecord = { qos: sub.qos, rh: sub.rh, rap: sub.rap, nl: sub.nl };
    if (sub.subscriptionIdentifier !== undefined) record.subscriptionIdentifier = sub.subscriptionIdentifier;
    if (sub.qos > 0) {
      this.#trie.add(sub.topic, { clientId, topic: sub.topic, qos: sub.qos, rh: sub.rh, rap: sub.rap, nl: sub.nl });
    } else if ((stored.get(sub.topic)?.qos ?? 0) > 0) {
      this.#trie.remove(sub.topic, { clientId, topic: sub.topic });
    }
    stored.set(sub.topic, record);
    return record;
  }

  async *#retainedMatching(patterns: string[]): AsyncGenerator<StoredPacket> {
    for (const [index, pattern] of patterns.entries()) {
      // a query per filter: a SUBSCRIBE of thousands lets other work in between
      if (index > 0 && index % RETAINED_LOOKUP_SLICE === 0) await nextTurn();
      if (this.#destroyed) return; // the broker closed meanwhile
      const trie = new QlobberTrue(TRIE_OPTIONS).add(pattern);
      // [MQTT-4.7.2-1] a filter starting with a wildcard must not match '$' topics
      const skipDollar = startsWithWildcard(pattern);
      const exact = !pattern.includes('+') && !pattern.includes('#');
      const rows = exact ? this.#store.retainedExact(pattern) : this.#store.retainedWithPrefix(literalPrefix(pattern));
      for (const row of rows) {
        if (skipDollar && row.topic.startsWith('$')) continue;
        if (trie.test(row.topic)) yield decode(row.packet);
      }
    }
  }
}

function parseRecord(json: string): SubscriptionRecord {
  const parsed: SubscriptionRecord = JSON.parse(json);
  // the in-memory reference keeps absent options as explicit undefined keys; match it
  const record: SubscriptionRecord = { qos: parsed.qos, rh: parsed.rh, rap: parsed.rap, nl: parsed.nl };
  if (parsed.subscriptionIdentifier !== undefined) record.subscriptionIdentifier = parsed.subscriptionIdentifier;
  return record;
}

function decode(blob: Buffer): StoredPacket {
  return deserialize(blob);
}

function withMessageId(blob: Buffer, messageId: number | null): StoredPacket {
  const packet = decode(blob);
  packet.messageId = messageId ?? undefined;
  return packet;
}

function payloadLength(packet: StoredPacket): number {
  return packet.payload === undefined ? 0 : packet.payload.length;
}
