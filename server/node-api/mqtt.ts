// The MQTT capability (`node.mqtt`): connections shared per broker config node.

/**
 * A message as MQTT delivers it. `properties` carries MQTT 5 properties when present.
 *
 * @example
 * ```ts
 * await conn.subscribe('sensors/#', { qos: 1 }, (m: MqttMessage) => node.send({ _msgid: node.newMessageId(), topic: m.topic, payload: m.payload.toString() }));
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
 * How to subscribe: the QoS, and MQTT 5's no-local (`nl`), retain-as-published (`rap`) and
 * retain handling (`rh`).
 *
 * @example
 * ```ts
 * await conn.subscribe('home/#', { qos: 1, rh: 1 }, handler); // retained messages only on a new subscription
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
 * How to publish: QoS, retain, and MQTT 5 properties (responseTopic, correlationData,
 * contentType, userProperties, messageExpiryInterval).
 *
 * @example
 * ```ts
 * await conn.publish('lamp/set', 'ON', { qos: 1, retain: false, properties: { contentType: 'text/plain' } });
 * ```
 */
export interface MqttPublishOptions {
  qos: 0 | 1 | 2;
  retain: boolean;
  /** MQTT 5 publish properties (responseTopic, correlationData, contentType, userProperties, messageExpiryInterval). */
  properties?: Record<string, unknown>;
}

/**
 * Where a connection stands; the built-in broker's is always `connected`.
 *
 * @example
 * ```ts
 * conn.onState((state: MqttConnectionState) => node.status({ text: state }));
 * ```
 */
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

/**
 * `node.mqtt`: connections shared per broker, opened on first use and closed with the last
 * node that uses them.
 *
 * @example
 * ```ts
 * const conn = node.mqtt.connect(node.config.broker || undefined);
 * ```
 */
export interface MqttCapability {
  /** The connection of an `mqtt-broker` config node, or of the built-in broker when `brokerId` is empty. */
  connect(brokerId?: string): MqttConnection;
}

