// One mqtt.js client to an external broker, shared by every node that uses the same broker
// config node. Reconnects with growing delays, announces itself with the birth, close and
// will messages of the config, and keeps the nodes' subscriptions in a SubscriptionTable.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IClientPublishOptions, IConnackPacket, MqttClient } from 'mqtt';
import type { Logger } from '../log.ts';
import type { MqttAnnouncement, MqttConnectionState, MqttMessage, MqttPublishOptions, MqttSubscribeOptions } from '../node-api/index.ts';
import type { ExternalBrokerConfig } from './connection-spec.ts';
import { clientOptions, type Backoff } from './client-options.ts';
import { connectWithNoDelay } from './no-delay.ts';
import { fail, failFrom } from '../errors.ts';
import { errorMessage } from '../node-api/errors.ts';
import { publishProperties } from './publish-properties.ts';
import { StateCell, type SharedConnection } from './shared-connection.ts';
import { SubscriptionTable, type SubscribeRequest } from './subscription-table.ts';

export interface ExternalConnectionDeps {
  log: Logger;
  backoff: Backoff;
  /** Settles when an earlier connection with the same client id has closed (a broker keeps one session per id). */
  after?: Promise<void>;
}

/** How long closing waits for the close message and in-flight publishes (ms). */
const CLOSE_WAIT_MS = 2000;

/**
 * Publishes kept while the broker is unreachable, at most: mqtt.js queues offline messages
 * without a limit, so a long outage under a steady flow of messages would exhaust memory.
 */
export const OFFLINE_QUEUE_MAX = 1000;

export class ExternalConnection implements SharedConnection {
  private readonly cell = new StateCell('connecting');
  private readonly table: SubscriptionTable;
  private readonly started: Promise<MqttClient | undefined>;
  private client?: MqttClient;
  private startError?: Error;
  /** Between our 'connect' handler and the next 'close' (mqtt.js sets `connected` earlier, before its queue is flushed). */
  private up = false;
  private identifiers = false;
  private lastError = '';
  private ending = false;
  private ended?: Promise<void>;
  /** Publishes made while not connected and not yet settled. */
  private offline = 0;
  /** Rejects each publish not yet settled: mqtt.js forgets offline ones when it ends unconnected. */
  private readonly unsettled = new Set<(err: Error) => void>();

  constructor(private readonly config: ExternalBrokerConfig, private readonly deps: ExternalConnectionDeps) {
    const connection = this;
    this.table = new SubscriptionTable({
      get connected() { return connection.up; },
      get identifiers() { return connection.identifiers; },
      subscribe: (filter, request) => this.sendSubscribe(filter, request),
      unsubscribe: (filter) => this.sendUnsubscribe(filter),
    }, (fields, msg) => deps.log.warn(fields, msg));
    this.started = this.start();
  }

  get state(): MqttConnectionState {
    return this.cell.value;
  }

  onState(listener: (state: MqttConnectionState) => void): () => void {
    return this.cell.listen(listener);
  }

  subscribe(filter: string, opts: MqttSubscribeOptions, handler: (msg: MqttMessage) => void): Promise<() => Promise<void>> {
    if (this.startError) return Promise.reject(this.startError);
    return this.table.add(filter, opts, handler);
  }

  async publish(topic: string, payload: Buffer | string, opts: MqttPublishOptions): Promise<void> {
    const client = await this.started;
    if (!client || this.ending) throw this.startError ?? fail('MQTT_CONNECTION_CLOSED');
    const options: IClientPublishOptions = { qos: opts.qos, retain: opts.retain };
    if (this.config.protocolVersion === 5 && opts.properties) options.properties = publishProperties(opts.properties);
    // While offline, mqtt.js queues the message and sends it once reconnected, up to a limit.
    const offline = !this.up;
    if (offline && this.offline >= OFFLINE_QUEUE_MAX) {
      throw fail('MQTT_QUEUE_FULL', this.config.url, OFFLINE_QUEUE_MAX);
    }
    if (offline) this.offline++;
    try {
      await new Promise<void>((resolve, reject) => {
        this.unsettled.add(reject);
        client.publish(topic, payload, options, (err) => {
          this.unsettled.delete(reject);
          if (err) reject(failFrom(err, 'MQTT_PUBLISH_FAILED', topic, err.message));
          else resolve();
        });
      });
    } finally {
      if (offline) this.offline--;
    }
  }

  close(): Promise<void> {
    this.ended ??= this.end();
    return this.ended;
  }

  private async start(): Promise<MqttClient | undefined> {
    await this.deps.after;
    if (this.ending) return undefined;
    let client: MqttClient;
    try {
      client = connectWithNoDelay(this.config.url, clientOptions(this.config, this.deps.backoff));
    } catch (err) {
      this.startError = failFrom(err, 'MQTT_CONNECT_FAILED', this.config.url, errorMessage(err));
      this.deps.log.error({ err: this.startError.message }, 'mqtt connection not started');
      this.table.close(this.startError);
      this.cell.set('disconnected');
      return undefined;
    }
    this.client = client;
    client.on('connect', (connack) => this.connected(client, connack));
    client.on('reconnect', () => this.cell.set('connecting'));
    client.on('close', () => this.disconnected(client));
    client.on('error', (err) => this.failed(err));
    client.on('message', (topic, payload, packet) => this.table.dispatch(topic, payload, packet));
    return client;
  }

  private connected(client: MqttClient, connack: IConnackPacket): void {
    this.identifiers = this.config.protocolVersion === 5 && connack.properties?.subscriptionIdentifiersAvailable !== false;
    client.options.reconnectPeriod = this.deps.backoff.firstMs;
    this.lastError = '';
    this.up = true;
    this.deps.log.info({ url: this.config.url, clientId: client.options.clientId }, 'mqtt connected');
    this.cell.set('connected');
    this.table.connected(connack.sessionPresent);
    if (this.config.birth) void this.announce(client, this.config.birth);
  }

  private disconnected(client: MqttClient): void {
    this.up = false;
    if (this.ending) return;
    // mqtt.js has already scheduled the next attempt with the current period; the one after waits longer.
    const period = client.options.reconnectPeriod ?? this.deps.backoff.firstMs;
    client.options.reconnectPeriod = Math.min(period * 2, this.deps.backoff.maxMs);
    if (this.cell.value === 'connected') this.deps.log.info({ url: this.config.url }, 'mqtt disconnected');
    this.cell.set('disconnected');
  }

  private failed(err: Error): void {
    // Every reconnect attempt repeats the same error; log it once until something changes.
    if (err.message === this.lastError) return;
    this.lastError = err.message;
    this.deps.log.warn({ url: this.config.url, err: err.message }, 'mqtt connection error');
  }

  private async announce(client: MqttClient, m: MqttAnnouncement): Promise<void> {
    try {
      await client.publishAsync(m.topic, m.payload, { qos: m.qos, retain: m.retain });
    } catch (err) {
      this.deps.log.warn({ topic: m.topic, err: errorMessage(err) }, 'mqtt birth/close message not sent');
    }
  }

  private sendSubscribe(filter: string, request: SubscribeRequest): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(fail('MQTT_NOT_CONNECTED', this.config.url));
    const { qos, nl, rap, rh, id } = request;
    const options = this.config.protocolVersion === 5
      ? { qos, ...(nl !== undefined ? { nl } : {}), ...(rap !== undefined ? { rap } : {}), ...(rh !== undefined ? { rh } : {}), ...(id !== undefined ? { properties: { subscriptionIdentifier: id } } : {}) }
      : { qos };
    return new Promise((resolve, reject) => client.subscribe(filter, options, (err) => {
      if (!err) resolve();
      // a lost connection is told apart by the table (it asks again); anything else is a refusal
      else reject(failFrom(err, 'MQTT_SUBSCRIBE_REFUSED', this.config.url, err.message));
    }));
  }

  private async sendUnsubscribe(filter: string): Promise<void> {
    await this.client?.unsubscribeAsync(filter);
  }

  private async end(): Promise<void> {
    this.ending = true;
    this.table.close(fail('MQTT_CONNECTION_CLOSED'));
    const client = await this.started;
    this.cell.set('disconnected');
    if (!client) return;
    if (this.up) {
      if (this.config.close) await this.within(this.announce(client, this.config.close));
      await this.within(drained(client));
      // what is still unacknowledged now will not be: fail it rather than wait forever
      for (const id of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(id));
    }
    try {
      // DISCONNECT when connected (so the broker drops the will), else just stop reconnecting
      await client.endAsync(!this.up);
    } finally {
      const closed = fail('MQTT_NOT_SENT');
      for (const reject of this.unsettled) reject(closed);
      this.unsettled.clear();
    }
  }

  private async within(work: Promise<void>): Promise<void> {
    const deadline = new AbortController();
    await Promise.race([work, sleep(CLOSE_WAIT_MS, undefined, { signal: deadline.signal }).catch(() => undefined)]);
    deadline.abort();
  }
}

function drained(client: MqttClient): Promise<void> {
  if (Object.keys(client.outgoing).length === 0) return Promise.resolve();
  return new Promise((resolve) => client.once('outgoingEmpty', resolve));
}
