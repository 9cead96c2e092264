// The MQTT capability (`node.mqtt`): connections shared per connection spec.

/**
 * A message as MQTT delivers it. `properties` carries the MQTT 5 properties when present
 * (`contentType`, `responseTopic`, `correlationData`, `userProperties`,
 * `messageExpiryInterval`, `payloadFormatIndicator`).
 *
 * @example
 * ```ts
 * await conn.subscribe('sensors/+/temp', { qos: 1 }, (m: MqttMessage) => {
 *   node.send({ topic: m.topic, payload: m.payload.toString(), contentType: m.properties?.contentType });
 * });
 * ```
 */
export interface MqttMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
  properties?: Record<string, unknown>;
}

/**
 * How to subscribe: the highest QoS to receive with and the MQTT 5 subscription options.
 *
 * @example
 * ```ts
 * const options: MqttSubscribeOptions = { qos: 1, nl: true, rh: 2 }; // skip own messages, no retained ones
 * ```
 */
export interface MqttSubscribeOptions {
  qos: 0 | 1 | 2;
  /** MQTT 5 no-local, retain-as-published, retain-handling. */
  nl?: boolean;
  rap?: boolean;
  rh?: 0 | 1 | 2;
}

/**
 * How to publish one message.
 *
 * @example
 * ```ts
 * await conn.publish('lights/hall/set', 'ON', { qos: 1, retain: false, properties: { responseTopic: 'lights/hall/ack' } });
 * ```
 */
export interface MqttPublishOptions {
  qos: 0 | 1 | 2;
  retain: boolean;
  /** MQTT 5 publish properties (responseTopic, correlationData, contentType, userProperties, messageExpiryInterval). */
  properties?: Record<string, unknown>;
}

/**
 * The state of a connection, as a node shows it in its status.
 *
 * @example
 * ```ts
 * conn.onState((state: MqttConnectionState) => node.status({ text: state }));
 * ```
 */
export type MqttConnectionState = 'connecting' | 'connected' | 'disconnected';

/**
 * A message a connection publishes on its own: the birth message once connected, the close
 * message before closing on purpose, or the will the broker publishes when the connection is lost.
 *
 * @example
 * ```ts
 * const birth: MqttAnnouncement = { topic: 'patchbay/status', payload: 'online', qos: 1, retain: true };
 * ```
 */
export interface MqttAnnouncement {
  topic: string;
  payload: string;
  qos: 0 | 1 | 2;
  retain: boolean;
}

/**
 * TLS settings for `mqtts://` and `wss://` URLs. `ca`, `cert` and `key` are PEM text or the
 * path of a PEM file; absent means none (the system CAs for `ca`).
 *
 * @example
 * ```ts
 * const tls: MqttTlsSpec = { rejectUnauthorized: true, ca: '/etc/ssl/my-ca.pem' };
 * ```
 */
export interface MqttTlsSpec {
  /** Verify the server's certificate (default true). */
  rejectUnauthorized?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * The server's own broker: the built-in one in-process, or the `--broker-url` broker when the
 * built-in one is off.
 *
 * @example
 * ```ts
 * const conn = node.mqtt.connect({ kind: 'builtin' }); // the same as node.mqtt.connect()
 * ```
 */
export interface MqttBuiltinSpec {
  kind: 'builtin';
}

/**
 * A connection to another broker. Absent fields take MQTT's usual defaults: a random client id
 * per connection, MQTT 3.1.1, keep alive 60 s, clean session, no session expiry, certificates
 * verified, no birth/close/will, no credentials.
 *
 * @example
 * ```ts
 * const spec: MqttExternalSpec = {
 *   kind: 'external', url: 'mqtts://broker.example:8883', clientId: 'patchbay-hall', protocolVersion: 5,
 *   clean: false, sessionExpiry: 3600, username: 'hall', password: node.credentials.password,
 *   will: { topic: 'patchbay/status', payload: 'offline', qos: 1, retain: true },
 * };
 * ```
 */
export interface MqttExternalSpec {
  kind: 'external';
  /** `mqtt://`, `mqtts://`, `ws://` or `wss://`. */
  url: string;
  /** Empty or absent: a random one for each connection (never resumes a session). */
  clientId?: string;
  /** 4 = MQTT 3.1.1, 5 = MQTT 5. */
  protocolVersion?: 4 | 5;
  /** Seconds. */
  keepalive?: number;
  /** Clean session (MQTT 3.1.1) / clean start (MQTT 5). */
  clean?: boolean;
  /** MQTT 5 session expiry interval, seconds (0 = the session ends with the connection). */
  sessionExpiry?: number;
  tls?: MqttTlsSpec;
  birth?: MqttAnnouncement;
  close?: MqttAnnouncement;
  will?: MqttAnnouncement;
  username?: string;
  password?: string;
}

/**
 * Where a connection goes and how. Connection specs are plain data, built by a broker config
 * node's family helper from its config and credentials; equal specs share one connection.
 *
 * @example
 * ```ts
 * const spec: MqttConnectionSpec = node.config.url ? { kind: 'external', url: node.config.url } : { kind: 'builtin' };
 * const conn = node.mqtt.connect(spec);
 * ```
 */
export type MqttConnectionSpec = MqttBuiltinSpec | MqttExternalSpec;

/**
 * One node's handle on a shared MQTT connection. Subscriptions made through it end when the
 * node stops.
 *
 * @example
 * ```ts
 * const conn = node.mqtt.connect();
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

/**
 * `node.mqtt`: connections shared by every node asking for an equal spec, opened by the first
 * and closed when the last one stops.
 *
 * @example
 * ```ts
 * const local = node.mqtt.connect();                                        // the server's broker
 * const remote = node.mqtt.connect({ kind: 'external', url: 'mqtt://nas:1883' });
 * ```
 */
export interface MqttCapability {
  /** The connection for `spec`; without one, the server's own broker (see {@link MqttBuiltinSpec}). */
  connect(spec?: MqttConnectionSpec): MqttConnection;
}
