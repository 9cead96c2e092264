// The capabilities handed to a node's `create`: everything a node may do.
import type { DevicesCapability } from './devices.ts';
import type { HttpCapability } from './http.ts';
import type { MqttCapability } from './mqtt.ts';
import type { ExecCapability, FilesCapability, SharedCapability, WebSocketCapability } from './host.ts';
import type { NetCapability } from './net.ts';
import type { Message, NodeRef, NodeStatus, Outgoing, WatchedEvents, WatchScope } from './types.ts';

/**
 * Reads and writes one context scope. `store` names a store from settings ("memory",
 * "file"); names are property paths (`room.temp`).
 *
 * @example
 * ```ts
 * const flow = node.context().flow;
 * flow.set('lastSeen', Date.now(), 'file');
 * const seen = flow.get<number>('lastSeen', 'file');
 * ```
 */
export interface ContextScope {
  get<T = unknown>(key: string, store?: string): T | undefined;
  set(key: string, value: unknown, store?: string): void;
  keys(store?: string): string[];
}

/**
 * Everything a node may do, handed to `create`.
 *
 * @example
 * ```ts
 * create(node) {
 *   node.status({ fill: 'green', shape: 'dot', text: 'ready' });
 *   const count = node.context().node.get<number>('count') ?? 0;
 *   node.log(`started with count ${count}`);
 * }
 * ```
 */
export interface NodeContext<C = Record<string, unknown>, K = Record<string, unknown>> {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  /** The id of the flow (tab) the node is on; empty for config nodes. */
  readonly flow: string;
  /** The validated config, defaults filled in and `${ENV}` substituted. */
  readonly config: C;
  /** Decrypted credentials; keys that were never set are absent. */
  readonly credentials: Partial<K>;
  /** Aborted when the node stops, before `close` runs: pass it to timers and clients. */
  readonly signal: AbortSignal;
  /** Sends messages not triggered by an input (timers, subscriptions). */
  send(out: Outgoing): void;
  status(status: NodeStatus): void;
  /** Reports an error; with `msg` it reaches the catch nodes in scope. */
  error(err: unknown, msg?: Message): void;
  warn(message: string): void;
  log(message: string): void;
  context(): { node: ContextScope; flow: ContextScope; global: ContextScope };
  /** Environment variables (the process environment for now; flow-level variables later). */
  readonly env: { get(name: string): string | undefined };
  /**
   * Shows a value in the editor's debug sidebar. `property` names what it is ("" = whole
   * message); `topic`, the message's topic, is shown in the entry's header.
   */
  debug(value: unknown, property: string, topic?: string): void;
  /** Hears errors, status changes or completions of other nodes (catch, status, complete). */
  watch<E extends keyof WatchedEvents>(
    event: E, scope: WatchScope, listener: (event: WatchedEvents[E]) => void,
  ): void;
  /** Delivers a message straight to another node's input: a virtual wire (link nodes). */
  deliverTo(nodeId: string, msg: Message): boolean;
  /** Finds deployed nodes, across flows, by type, and optionally by id or name. */
  findNodes(query: { type: string; idOrName?: string }): NodeRef[];
  /**
   * The config and credentials of a config node (e.g. an MQTT broker connection), by id.
   * `undefined` when there is no such node.
   */
  configNode(id: string): ConfigNodeInfo | undefined;
  /** MQTT: connections shared per broker config node, or the built-in broker. */
  readonly mqtt: MqttCapability;
  /** HTTP endpoints on the server's port (http-in); see {@link HttpCapability}. */
  readonly http: HttpCapability;
  /** The devices found on the broker: state, presence, commands; see {@link DevicesCapability}. */
  readonly devices: DevicesCapability;
  /** Files inside the configured directory (file, file in, watch); see {@link FilesCapability}. */
  readonly files: FilesCapability;
  /** Whether commands may run (exec); see {@link ExecCapability}. */
  readonly exec: ExecCapability;
  /** Objects nodes share by key (tcp sessions); see {@link SharedCapability}. */
  readonly shared: SharedCapability;
  /** WebSocket endpoints and connections (websocket nodes); see {@link WebSocketCapability}. */
  readonly websocket: WebSocketCapability;
  /** TCP servers and connections, UDP sockets (tcp and udp nodes); see {@link NetCapability}. */
  readonly net: NetCapability;
  /** Resolves after `ms`, or rejects when the node stops. */
  sleep(ms: number): Promise<void>;
  /** A fresh message id. */
  newMessageId(): string;
}

/**
 * A config node as its users see it (an MQTT broker connection, say): its validated config
 * and decrypted credentials.
 *
 * @example
 * ```ts
 * const broker = node.configNode(node.config.broker);
 * if (!broker) throw new NodeConfigError('Choose a broker', '/broker');
 * ```
 */
export interface ConfigNodeInfo {
  id: string;
  type: string;
  config: Record<string, unknown>;
  credentials: Record<string, string>;
}

