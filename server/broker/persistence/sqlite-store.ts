// The SQL of the broker store: schema and prepared statements, nothing MQTT-specific.
import Database from 'better-sqlite3';

// 2: sessions.expires_at (MQTT 5 session expiry that outlives a restart)
const SCHEMA_VERSION = 2;

// Rowid tables where order matters: subscriptions come back in the order they were
// made (as aedes' in-memory store does) and queued messages in publish order ([MQTT-4.6.0-2]).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS retained (
  topic TEXT PRIMARY KEY,
  packet BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS subscriptions (
  client_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  sub TEXT NOT NULL,
  UNIQUE (client_id, topic)
);
CREATE TABLE IF NOT EXISTS outgoing (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id TEXT NOT NULL,
  message_id INTEGER,
  broker_id TEXT,
  broker_counter INTEGER,
  packet BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS outgoing_by_client ON outgoing (client_id, seq);
CREATE TABLE IF NOT EXISTS incoming (
  client_id TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  packet BLOB NOT NULL,
  PRIMARY KEY (client_id, message_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sessions (
  client_id TEXT PRIMARY KEY,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS wills (
  client_id TEXT PRIMARY KEY,
  broker_id TEXT NOT NULL,
  packet BLOB NOT NULL
) WITHOUT ROWID;
`;

/** A queued outgoing packet row. */
export interface OutgoingRow {
  seq: number;
  messageId: number | null;
  packet: Buffer;
}

/** A retained message row. */
export interface RetainedRow {
  topic: string;
  packet: Buffer;
}

/** A stored subscription row; `sub` is the JSON of its options. */
export interface SubscriptionRow {
  clientId: string;
  topic: string;
  sub: string;
}

/** The identity fields of a packet that locate it in the outgoing queue. */
interface PacketKey {
  messageId?: number;
  brokerId?: string;
  brokerCounter?: number;
}

/**
 * Thin typed wrapper over one SQLite database holding the broker's durable state.
 * better-sqlite3 is synchronous: each call is a few microseconds and gives
 * read-your-writes ordering without a queue of our own.
 */
export class SqliteStore {
  readonly #db: Database.Database;
  readonly #sql: ReturnType<typeof prepare>;
  /**
   * Every client that may have rows in `outgoing` (some may have none left): every PUBACK and
   * PUBCOMP asks for its packet, and most come from clients for which nothing was ever queued
   * (clean sessions), so those are answered without a query.
   */
  readonly #mayHaveOutgoing = new Set<string>();

  /** Opens `file` (created if missing; `:memory:` for a throwaway store) and migrates it. */
  constructor(file: string) {
    this.#db = new Database(file);
    try {
      // WAL: readers never block the writer; synchronous=NORMAL: a crash of the
      // process loses nothing, a power cut at most the last transactions, and the
      // file stays consistent either way (sqlite.org/wal.html).
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = NORMAL');
      const version = this.#db.pragma('user_version', { simple: true });
      if (typeof version === 'number' && version > SCHEMA_VERSION) {
        throw new Error(`it was written by a newer Patchbay (schema ${version}, this one knows ${SCHEMA_VERSION})`);
      }
      // schema 1 had sessions without expires_at: NULL (never) is what those sessions meant
      if (version === 1) this.#db.exec('ALTER TABLE sessions ADD COLUMN expires_at INTEGER');
      this.#db.exec(SCHEMA);
      this.#db.pragma(`user_version = ${SCHEMA_VERSION}`);
      this.#sql = prepare(this.#db);
      for (const { clientId } of this.#sql.outgoingClients.all()) this.#mayHaveOutgoing.add(clientId);
    } catch (err) {
      this.#db.close();
      throw err;
    }
  }

  /** Runs `fn` in one transaction (all or nothing, one fsync). */
  transaction(fn: () => void): void {
    this.#db.transaction(fn)();
  }

  putRetained(topic: string, packet: Buffer): void {
    this.#sql.putRetained.run(topic, packet);
  }

  deleteRetained(topic: string): void {
    this.#sql.deleteRetained.run(topic);
  }

  countRetained(): number {
    return this.#sql.countRetained.get()?.n ?? 0;
  }

  retainedExact(topic: string): RetainedRow[] {
    return this.#sql.retainedExact.all(topic);
  }

  /** Retained rows whose topic starts with `prefix` (all rows for ''); GLOB on the key uses the index. */
  retainedWithPrefix(prefix: string): RetainedRow[] {
    return this.#sql.retainedGlob.all(globEscape(prefix) + '*');
  }

  allSubscriptions(): SubscriptionRow[] {
    return this.#sql.allSubscriptions.all();
  }

  putSubscription(clientId: string, topic: string, sub: string): void {
    this.#sql.putSubscription.run(clientId, topic, sub);
  }

  deleteSubscription(clientId: string, topic: string): void {
    this.#sql.deleteSubscription.run(clientId, topic);
  }

  deleteSubscriptions(clientId: string): void {
    this.#sql.deleteSubscriptions.run(clientId);
  }

  /** How many packets are queued or in flight for `clientId`. */
  outgoingCount(clientId: string): number {
    return (this.#sql.outgoingCount.get(clientId) as { n: number }).n;
  }

  enqueue(clientId: string, key: PacketKey, packet: Buffer): void {
    this.#mayHaveOutgoing.add(clientId);
    this.#sql.enqueue.run(clientId, key.messageId ?? null, key.brokerId ?? null, key.brokerCounter ?? null, packet);
  }

  /**
   * The first queued packet that `packet` updates, in queue order: the same message
   * (same broker and counter), or another packet holding the same identifier.
   */
  findOutgoingForUpdate(clientId: string, packet: PacketKey): { seq: number; sameBroker: boolean } | undefined {
    const broker = packet.brokerId ?? null;
    const row = this.#sql.findForUpdate.get(
      broker, clientId, broker, packet.brokerCounter ?? null, broker, packet.messageId ?? null,
    );
    return row && { seq: row.seq, sameBroker: row.sameBroker === 1 };
  }

  setOutgoingMessageId(seq: number, messageId: number | undefined): void {
    this.#sql.setMessageId.run(messageId ?? null, seq);
  }

  replaceOutgoing(seq: number, key: PacketKey, packet: Buffer): void {
    this.#sql.replaceOutgoing.run(key.messageId ?? null, key.brokerId ?? null, key.brokerCounter ?? null, packet, seq);
  }

  /** Removes and returns the first queued packet of `clientId` with `messageId`. */
  takeOutgoing(clientId: string, messageId: number): OutgoingRow | undefined {
    if (!this.#mayHaveOutgoing.has(clientId)) return undefined;
    const row = this.#sql.findByMessageId.get(clientId, messageId);
    if (row) this.#sql.deleteOutgoing.run(row.seq);
    return row;
  }

  outgoingFor(clientId: string): OutgoingRow[] {
    return this.#sql.outgoingFor.all(clientId);
  }

  /** Up to `limit` queued packets of `clientId` queued after `seq`, in queue order. */
  outgoingAfter(clientId: string, seq: number, limit: number): OutgoingRow[] {
    return this.#sql.outgoingAfter.all(clientId, seq, limit);
  }

  putIncoming(clientId: string, messageId: number, packet: Buffer): void {
    this.#sql.putIncoming.run(clientId, messageId, packet);
  }

  getIncoming(clientId: string, messageId: number): Buffer | undefined {
    return this.#sql.getIncoming.get(clientId, messageId)?.packet;
  }

  deleteIncoming(clientId: string, messageId: number): boolean {
    return this.#sql.deleteIncoming.run(clientId, messageId).changes > 0;
  }

  deleteIncomingOf(clientId: string): void {
    this.#sql.deleteIncomingOf.run(clientId);
  }

  putWill(clientId: string, brokerId: string, packet: Buffer): void {
    this.#sql.putWill.run(clientId, brokerId, packet);
  }

  getWill(clientId: string): Buffer | undefined {
    return this.#sql.getWill.get(clientId)?.packet;
  }

  takeWill(clientId: string): Buffer | undefined {
    const packet = this.getWill(clientId);
    if (packet) this.#sql.deleteWill.run(clientId);
    return packet;
  }

  allWills(): Array<{ brokerId: string; packet: Buffer }> {
    return this.#sql.allWills.all();
  }

  /** `clientId` has a session; connected now, so it does not expire (expires_at NULL). */
  putSession(clientId: string): void {
    this.#sql.putSession.run(clientId);
  }

  /** The session of `clientId` ends at `expiresAt` (ms since the epoch), or never for null. */
  setSessionExpiry(clientId: string, expiresAt: number | null): void {
    this.#sql.setSessionExpiry.run(expiresAt, clientId);
  }

  /** Sessions with an end set, for the timers after a restart. */
  expiringSessions(): Array<{ clientId: string; expiresAt: number }> {
    return this.#sql.expiringSessions.all();
  }

  deleteOutgoingOf(clientId: string): void {
    this.#sql.deleteOutgoingOf.run(clientId);
    this.#mayHaveOutgoing.delete(clientId);
  }

  hasSession(clientId: string): boolean {
    return this.#sql.getSession.get(clientId) !== undefined;
  }

  deleteSession(clientId: string): void {
    this.#sql.deleteSession.run(clientId);
  }

  close(): void {
    this.#db.close();
  }
}

type Blob = Buffer;
type Id = string | null;
type Num = number | null;

function prepare(db: Database.Database) {
  return {
    putRetained: db.prepare<[string, Blob]>('INSERT OR REPLACE INTO retained (topic, packet) VALUES (?, ?)'),
    deleteRetained: db.prepare<[string]>('DELETE FROM retained WHERE topic = ?'),
    countRetained: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM retained'),
    retainedExact: db.prepare<[string], RetainedRow>('SELECT topic, packet FROM retained WHERE topic = ?'),
    retainedGlob: db.prepare<[string], RetainedRow>('SELECT topic, packet FROM retained WHERE topic GLOB ?'),
    allSubscriptions: db.prepare<[], SubscriptionRow>(
      'SELECT client_id AS clientId, topic, sub FROM subscriptions ORDER BY rowid',
    ),
    // upsert keeps the rowid, so a re-subscribe keeps its place in the order
    putSubscription: db.prepare<[string, string, string]>(
      'INSERT INTO subscriptions (client_id, topic, sub) VALUES (?, ?, ?) ' +
        'ON CONFLICT (client_id, topic) DO UPDATE SET sub = excluded.sub',
    ),
    deleteSubscription: db.prepare<[string, string]>('DELETE FROM subscriptions WHERE client_id = ? AND topic = ?'),
    deleteSubscriptions: db.prepare<[string]>('DELETE FROM subscriptions WHERE client_id = ?'),
    enqueue: db.prepare<[string, Num, Id, Num, Blob]>(
      'INSERT INTO outgoing (client_id, message_id, broker_id, broker_counter, packet) VALUES (?, ?, ?, ?, ?)',
    ),
    findForUpdate: db.prepare<[Id, string, Id, Num, Id, Num], { seq: number; sameBroker: number }>(
      'SELECT seq, (broker_id IS ?) AS sameBroker FROM outgoing WHERE client_id = ? AND ' +
        '((broker_id IS ? AND broker_counter IS ?) OR (broker_id IS NOT ? AND message_id IS ?)) ORDER BY seq LIMIT 1',
    ),
    setMessageId: db.prepare<[Num, number]>('UPDATE outgoing SET message_id = ? WHERE seq = ?'),
    replaceOutgoing: db.prepare<[Num, Id, Num, Blob, number]>(
      'UPDATE outgoing SET message_id = ?, broker_id = ?, broker_counter = ?, packet = ? WHERE seq = ?',
    ),
    findByMessageId: db.prepare<[string, number], OutgoingRow>(
      'SELECT seq, message_id AS messageId, packet FROM outgoing WHERE client_id = ? AND message_id = ? ' +
        'ORDER BY seq LIMIT 1',
    ),
    deleteOutgoing: db.prepare<[number]>('DELETE FROM outgoing WHERE seq = ?'),
    outgoingClients: db.prepare<[], { clientId: string }>('SELECT DISTINCT client_id AS clientId FROM outgoing'),
    outgoingCount: db.prepare<[string]>('SELECT COUNT(*) AS n FROM outgoing WHERE client_id = ?'),
    outgoingFor: db.prepare<[string], OutgoingRow>(
      'SELECT seq, message_id AS messageId, packet FROM outgoing WHERE client_id = ? ORDER BY seq',
    ),
    outgoingAfter: db.prepare<[string, number, number], OutgoingRow>(
      'SELECT seq, message_id AS messageId, packet FROM outgoing WHERE client_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    putSession: db.prepare<[string]>(
      'INSERT INTO sessions (client_id) VALUES (?) ON CONFLICT (client_id) DO UPDATE SET expires_at = NULL',
    ),
    setSessionExpiry: db.prepare<[Num, string]>('UPDATE sessions SET expires_at = ? WHERE client_id = ?'),
    expiringSessions: db.prepare<[], { clientId: string; expiresAt: number }>(
      'SELECT client_id AS clientId, expires_at AS expiresAt FROM sessions WHERE expires_at IS NOT NULL',
    ),
    deleteOutgoingOf: db.prepare<[string]>('DELETE FROM outgoing WHERE client_id = ?'),
    getSession: db.prepare<[string], { clientId: string }>('SELECT client_id AS clientId FROM sessions WHERE client_id = ?'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE client_id = ?'),
    putIncoming: db.prepare<[string, number, Blob]>(
      'INSERT OR REPLACE INTO incoming (client_id, message_id, packet) VALUES (?, ?, ?)',
    ),
    getIncoming: db.prepare<[string, number], { packet: Blob }>(
      'SELECT packet FROM incoming WHERE client_id = ? AND message_id = ?',
    ),
    deleteIncoming: db.prepare<[string, number]>('DELETE FROM incoming WHERE client_id = ? AND message_id = ?'),
    deleteIncomingOf: db.prepare<[string]>('DELETE FROM incoming WHERE client_id = ?'),
    putWill: db.prepare<[string, string, Blob]>('INSERT OR REPLACE INTO wills (client_id, broker_id, packet) VALUES (?, ?, ?)'),
    getWill: db.prepare<[string], { packet: Blob }>('SELECT packet FROM wills WHERE client_id = ?'),
    deleteWill: db.prepare<[string]>('DELETE FROM wills WHERE client_id = ?'),
    allWills: db.prepare<[], { brokerId: string; packet: Blob }>('SELECT broker_id AS brokerId, packet FROM wills'),
  };
}

/** Escapes GLOB's special characters so `prefix` matches literally. */
function globEscape(prefix: string): string {
  return prefix.replace(/[*?[]/g, (ch) => `[${ch}]`);
}
