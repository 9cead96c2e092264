// The subscriptions of one external connection, shared by the nodes that use it: one broker
// subscription per filter however many nodes ask for it. Messages go back to the nodes by
// MQTT 5 subscription identifier when the broker sends one, else by matching the topic
// (which is the real topic for shared subscriptions, too).
//
// Retained messages: a SUBSCRIBE for a filter the connection already has makes the broker
// resend the retained messages [MQTT-3.8.4-3]; they follow its SUBACK. They go only to the
// nodes that joined with that SUBACK, so a node that subscribes later doesn't replay the
// retained state into the nodes already running. Live messages never carry the retain flag
// [MQTT-3.3.1-9], unless MQTT 5 retain-as-published is on: then every node gets everything.
import type { IPublishPacket } from 'mqtt';
import type { MqttMessage, MqttSubscribeOptions } from '../node-api/index.ts';
import { parseSharedFilter } from '../node-api/mqtt-topics.ts';
import { filterCovers } from '../broker/topics.ts';
import { fail } from '../errors.ts';
import { errorMessage } from '../node-api/errors.ts';
import { effectiveQos, type QoS } from './shared-connection.ts';

export interface SubscribeRequest extends MqttSubscribeOptions {
  /** MQTT 5 subscription identifier. */
  id?: number;
}

/** How the table reaches the broker. */
export interface SubscriptionTransport {
  readonly connected: boolean;
  /** Whether to send MQTT 5 subscription identifiers. */
  readonly identifiers: boolean;
  /** Resolves on a successful SUBACK; rejects when refused or when the connection drops. */
  subscribe(filter: string, request: SubscribeRequest): Promise<void>;
  unsubscribe(filter: string): Promise<void>;
}

type Handler = (msg: MqttMessage) => void;

interface Member {
  qos: QoS;
  handler: Handler;
  /** waiting: for a connection; requested: SUBSCRIBE sent; active: acknowledged. */
  state: 'waiting' | 'requested' | 'active' | 'removed';
  /** Settles the node's subscribe() promise, once. */
  settle?: { resolve(): void; reject(err: Error): void };
}

interface Entry {
  filter: string;
  /** The filter delivered topics match (without `$share/<group>/`). */
  match: string;
  id: number;
  /** nl/rap/rh of the latest request: one broker subscription has one set. */
  options: MqttSubscribeOptions;
  members: Set<Member>;
  /** Who gets retained messages: the members that joined with the latest SUBACK. */
  retainedTo: Set<Member>;
  inflight: number;
}

/** Largest subscription identifier [MQTT-3.8.2.1.2]. */
const MAX_ID = 268_435_455;

export class SubscriptionTable {
  private readonly entries = new Map<string, Entry>();
  private readonly byId = new Map<number, Entry>();
  /** Filters dropped while offline: a kept session still has them at the broker. */
  private readonly orphaned = new Set<string>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly transport: SubscriptionTransport, private readonly warn: (fields: Record<string, unknown>, msg: string) => void) {}

  async add(filter: string, options: MqttSubscribeOptions, handler: Handler): Promise<() => Promise<void>> {
    if (this.closed) throw fail('MQTT_CONNECTION_CLOSED');
    const entry = this.entries.get(filter) ?? this.create(filter);
    entry.options = options;
    const member: Member = { qos: options.qos, handler, state: 'waiting' };
    entry.members.add(member);
    const acknowledged = new Promise<void>((resolve, reject) => { member.settle = { resolve, reject }; });
    if (this.transport.connected) this.request(entry, [member]);
    await acknowledged;
    return () => this.remove(entry, member);
  }

  /** After (re)connecting: subscribe what waited, and everything when the session is new. */
  connected(sessionPresent: boolean): void {
    if (sessionPresent) for (const filter of this.orphaned) void this.unsubscribe(filter);
    this.orphaned.clear();
    for (const entry of this.entries.values()) {
      const joiners = [...entry.members].filter((m) => m.state === 'waiting' || (!sessionPresent && m.state === 'active'));
      if (joiners.length) this.request(entry, joiners);
    }
  }

  dispatch(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const ids = packet.properties?.subscriptionIdentifier;
    const entries = ids === undefined ? this.matching(topic) : this.identified(ids);
    const properties = userProperties(packet.properties);
    for (const entry of entries) {
      const recipients = packet.retain && !entry.options.rap ? entry.retainedTo : entry.members;
      for (const m of recipients) {
        if (m.state !== 'active') continue;
        this.deliver(m, { topic, payload, qos: effectiveQos(packet.qos, m.qos), retain: packet.retain, ...(properties ? { properties } : {}) });
      }
    }
  }

  /**
   * A handler that throws must not cost the other nodes their copy, nor reach mqtt.js: this
   * runs inside its 'message' event, and a throw there escapes as an uncaught exception.
   */
  private deliver(m: Member, msg: MqttMessage): void {
    try {
      m.handler(msg);
    } catch (err) {
      this.warn({ topic: msg.topic, err: errorMessage(err) }, 'mqtt subscriber failed');
    }
  }

  /** The connection is closing for good: pending subscribes fail, nothing is delivered any more. */
  close(reason: Error): void {
    this.closed = true;
    for (const entry of this.entries.values()) {
      for (const m of entry.members) {
        m.state = 'removed';
        settle(m, reason);
      }
    }
    this.entries.clear();
    this.byId.clear();
  }

  private create(filter: string): Entry {
    const id = this.nextId;
    this.nextId = this.nextId === MAX_ID ? 1 : this.nextId + 1;
    const entry: Entry = { filter, match: parseSharedFilter(filter)?.filter ?? filter, id, options: { qos: 0 }, members: new Set(), retainedTo: new Set(), inflight: 0 };
    this.entries.set(filter, entry);
    this.byId.set(id, entry);
    this.orphaned.delete(filter);
    return entry;
  }

  private request(entry: Entry, joiners: Member[]): void {
    for (const m of joiners) if (m.state === 'waiting') m.state = 'requested';
    entry.inflight++;
    let qos: QoS = 0;
    for (const m of entry.members) if (m.qos > qos) qos = m.qos;
    const { nl, rap, rh } = entry.options;
    const request: SubscribeRequest = { qos, nl, rap, rh, ...(this.transport.identifiers ? { id: entry.id } : {}) };
    this.transport.subscribe(entry.filter, request).then(() => {
      entry.inflight--;
      const joined = joiners.filter((m) => m.state !== 'removed');
      for (const m of joined) {
        m.state = 'active';
        settle(m);
      }
      entry.retainedTo = new Set(joined);
      void this.dropIfUnused(entry);
    }, (err: Error) => {
      entry.inflight--;
      const lost = !this.transport.connected && !this.closed;
      for (const m of joiners) {
        if (m.state === 'removed') continue;
        if (lost) {
          // asked again once reconnected
          if (m.state === 'requested') m.state = 'waiting';
        } else if (m.state === 'active') {
          this.warn({ filter: entry.filter, err: err.message }, 'mqtt resubscribe refused');
        } else {
          m.state = 'removed';
          entry.members.delete(m);
          settle(m, err);
        }
      }
      void this.dropIfUnused(entry);
    });
  }

  private async remove(entry: Entry, member: Member): Promise<void> {
    if (member.state === 'removed') return;
    member.state = 'removed';
    entry.members.delete(member);
    entry.retainedTo.delete(member);
    await this.dropIfUnused(entry);
  }

  /** Unsubscribes at the broker once no node uses the filter and no SUBSCRIBE is in flight. */
  private async dropIfUnused(entry: Entry): Promise<void> {
    if (entry.members.size > 0 || entry.inflight > 0 || this.entries.get(entry.filter) !== entry) return;
    this.entries.delete(entry.filter);
    this.byId.delete(entry.id);
    if (this.transport.connected) await this.unsubscribe(entry.filter);
    else this.orphaned.add(entry.filter);
  }

  private async unsubscribe(filter: string): Promise<void> {
    try {
      await this.transport.unsubscribe(filter);
    } catch (err) {
      this.warn({ filter, err: errorMessage(err) }, 'mqtt unsubscribe failed');
    }
  }

  private matching(topic: string): Entry[] {
    const found: Entry[] = [];
    for (const entry of this.entries.values()) if (filterCovers(entry.match, topic)) found.push(entry);
    return found;
  }

  private identified(ids: number | number[]): Entry[] {
    const found: Entry[] = [];
    for (const id of Array.isArray(ids) ? ids : [ids]) {
      const entry = this.byId.get(id);
      if (entry) found.push(entry);
    }
    return found;
  }
}

function settle(m: Member, err?: Error): void {
  const pending = m.settle;
  m.settle = undefined;
  if (err) pending?.reject(err);
  else pending?.resolve();
}

/** The MQTT 5 properties a node may care about; routing ones stay here. */
function userProperties(properties: IPublishPacket['properties']): Record<string, unknown> | undefined {
  if (!properties) return undefined;
  const { subscriptionIdentifier: _id, topicAlias: _alias, ...rest } = properties;
  // mqtt-packet builds user properties on a null prototype; messages carry plain objects
  if (rest.userProperties) rest.userProperties = { ...rest.userProperties };
  return Object.keys(rest).length ? rest : undefined;
}
