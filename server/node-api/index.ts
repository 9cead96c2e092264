/**
 * The public node API. Every node type, core ones included, is written against this
 * module and nothing else from the server.
 */
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { HttpCapability } from './http.ts';
import type {
  InputCount, Message, NodeCategory, NodeRef, NodeStatus, Outgoing, OutputCount, WatchedEvents, WatchScope,
} from './types.ts';

import './formats.ts';

export { Type } from '@sinclair/typebox';
export { EDITOR_FORMATS, showWhen, type ShowWhenConditions, type ShowWhenValue } from './formats.ts';
export type { Static, TObject, TSchema } from '@sinclair/typebox';
export type * from './types.ts';
export { NodeConfigError, NodeRuntimeError } from './errors.ts';
export { HttpReply } from './http.ts';
export type { HttpCapability, HttpCookie, HttpMethod, HttpRequestInfo, HttpResponse, HttpRouteOptions } from './http.ts';

/**
 * The definition of a node type: data that describes it plus `create`, called once per
 * deploy for each node of the type.
 *
 * @example
 * ```ts
 * import { defineNode, Type } from '#node-api';
 * export default defineNode({
 *   type: 'upper-case', category: 'function', label: 'upper case', color: '#e2d96e',
 *   inputs: 1, outputs: 1,
 *   config: Type.Object({ property: Type.String({ default: 'payload' }) }),
 *   create(node) {
 *     return {
 *       input(msg, send) {
 *         msg[node.config.property] = String(msg[node.config.property]).toUpperCase();
 *         send(msg);
 *       },
 *     };
 *   },
 * });
 * ```
 */
export interface NodeType<C extends TObject = TObject, K extends TObject = TObject> {
  type: string;
  /** Version of the config shape; defaults to 1. */
  version?: number;
  category: NodeCategory;
  label: string;
  color: string;
  icon?: string;
  inputs: InputCount;
  outputs: OutputCount;
  /** Schema of `config`, written with `Type` so the config type is inferred. */
  config: C;
  /** Schema of the credentials, stored encrypted and never in the flow file. */
  credentials?: K;
  /** Markdown help; when absent the registry reads `help.md` beside the module. */
  help?: string;
  /** Show a button on the node in the editor that calls `trigger`. */
  button?: boolean;
  /** Path, relative to the module, of an ES module with a custom form element. */
  editor?: string;
  create(node: NodeContext<Static<C>, Static<K>>): NodeHandlers | void | Promise<NodeHandlers | void>;
}

/**
 * What `create` returns. All optional.
 *
 * @example
 * ```ts
 * create(node) {
 *   const timer = setInterval(() => node.send({ payload: Date.now() }), 1000);
 *   return { close: () => clearInterval(timer) };
 * }
 * ```
 */
export interface NodeHandlers {
  /**
   * Handles one incoming message. With fewer than three parameters the message is complete
   * when the returned value (or promise) settles; with three, when `done` is called. A throw,
   * a rejection or `done(err)` reports an error to the catch nodes in scope.
   */
  input?(msg: Message, send: (out: Outgoing) => void, done: (err?: unknown) => void): void | Promise<void>;
  /** The editor's button (inject). */
  trigger?(): void | Promise<void>;
  /** Stop timers, close connections. Raced against the runtime's close deadline. */
  close?(): void | Promise<void>;
}

/** Reads and writes one context scope. `store` names a store from settings ("memory", "file"). */
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
  /** Shows a value in the editor's debug sidebar. `property` names what it is ("" = whole message). */
  debug(value: unknown, property: string): void;
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
  /** Resolves after `ms`, or rejects when the node stops. */
  sleep(ms: number): Promise<void>;
  /** A fresh message id. */
  newMessageId(): string;
}

export interface ConfigNodeInfo {
  id: string;
  type: string;
  config: Record<string, unknown>;
  credentials: Record<string, string>;
}

/** A message as MQTT delivers it. `properties` carries MQTT 5 properties when present. */
export interface MqttMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
  properties?: Record<string, unknown>;
}

export interface MqttSubscribeOptions {
  qos: 0 | 1 | 2;
  /** MQTT 5 no-local, retain-as-published, retain-handling. */
  nl?: boolean;
  rap?: boolean;
  rh?: 0 | 1 | 2;
}

export interface MqttPublishOptions {
  qos: 0 | 1 | 2;
  retain: boolean;
  /** MQTT 5 publish properties (responseTopic, correlationData, contentType, userProperties, messageExpiryInterval). */
  properties?: Record<string, unknown>;
}

export type MqttConnectionState = 'connecting' | 'connected' | 'disconnected';

/**
 * One node's handle on a shared MQTT connection. Subscriptions made through it end when the
 * node stops.
 *
 * @example
 * ```ts
 * const conn = node.mqtt.connect(node.config.broker || undefined);
 * conn.onState((state) => node.status({ fill: state === 'connected' ? 'green' : 'red', shape: 'dot', text: state }));
 * await conn.subscribe('sensors/#', { qos: 1 }, (m) => node.send({ topic: m.topic, payload: m.payload.toString() }));
 * ```
 */
export interface MqttConnection {
  readonly state: MqttConnectionState;
  /** Calls `listener` now and on every change; returns a function that stops listening. */
  onState(listener: (state: MqttConnectionState) => void): () => void;
  /** Resolves once the broker acknowledged; the returned function unsubscribes. */
  subscribe(filter: string, opts: MqttSubscribeOptions, handler: (msg: MqttMessage) => void): Promise<() => Promise<void>>;
  publish(topic: string, payload: Buffer | string, opts: MqttPublishOptions): Promise<void>;
}

export interface MqttCapability {
  /** The connection of an `mqtt-broker` config node, or of the built-in broker when `brokerId` is empty. */
  connect(brokerId?: string): MqttConnection;
}

/**
 * Declares a node type. The identity function, there for type inference.
 *
 * @example
 * ```ts
 * export default defineNode({ type: 'noop', category: 'function', label: 'noop',
 *   color: '#ddd', inputs: 1, outputs: 1, config: Type.Object({}),
 *   create: () => ({ input: (msg, send) => send(msg) }) });
 * ```
 */
export function defineNode<C extends TObject, K extends TObject = TObject>(type: NodeType<C, K>): NodeType<C, K> {
  return type;
}
export { getProperty, setProperty, deleteProperty, parsePath } from './message-path.ts';
export { typedValue, compileTypedValue, compileJsonata, rethrowJsonata, TYPED_VALUE_TYPES } from './typed-value.ts';
export { SCOPES, isScope, checkPropertyPath, readScoped, writeScoped, deleteScoped, type Scope } from './scoped-property.ts';
export { cloneMessage } from './clone.ts';
export { setLongTimeout, setLongInterval, type Timer } from './long-timer.ts';
export { mqttTopicProblem, mqttFilterProblem, parseSharedFilter, type SharedFilter } from './mqtt-topics.ts';
export type { TypedValue, TypedValueType, TypedValueReader } from './typed-value.ts';
