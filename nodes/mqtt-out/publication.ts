// What mqtt-out publishes for one message: topic, QoS and retain from the node when set
// there, else from the message (Node-RED's rule), the payload serialised, and MQTT 5
// properties.
import { mqttTopicProblem, NodeRuntimeError, type Message, type MqttPublishOptions } from '#node-api';
import type { OutConfig } from './schema.ts';

export interface Publication {
  topic: string;
  payload: Buffer | string;
  options: MqttPublishOptions;
}

/**
 * The publication for `msg`, or undefined when it has no `payload` property (Node-RED doesn't
 * publish those; an empty payload with retain would delete the retained message by accident).
 * Throws an error naming what is wrong with it.
 */
export function publicationOf(msg: Message, config: OutConfig): Publication | undefined {
  // Node-RED flows send these to mqtt out to manage the connection; publishing them instead
  // would put a control message on the broker.
  if (msg.action === 'connect' || msg.action === 'disconnect') {
    throw new NodeRuntimeError(`msg.action "${msg.action}" is not supported: the connection is shared by every node using the broker`, 'MQTT_ACTION_UNSUPPORTED');
  }
  if (!Object.hasOwn(msg, 'payload')) return undefined;
  const topic = config.topic || msg.topic;
  if (typeof topic !== 'string' || topic === '') throw new NodeRuntimeError('No topic to publish to: set one on the node or in msg.topic', 'MQTT_OUT_NO_TOPIC');
  const problem = mqttTopicProblem(topic);
  if (problem) throw new NodeRuntimeError(`Cannot publish to "${topic}": the topic ${problem}`, 'MQTT_OUT_TOPIC_INVALID');
  const qos = config.qos !== '' ? config.qos : qosOf(msg.qos);
  const retain = config.retain !== '' ? config.retain : msg.retain === true || msg.retain === 'true';
  const options: MqttPublishOptions = { qos, retain };
  const properties = propertiesOf(msg, config.properties);
  if (properties) options.properties = properties;
  return { topic, payload: serialise(msg.payload), options };
}

/** Node-RED's serialisation: buffers and strings as they are, objects as JSON, null and undefined as nothing. */
export function serialise(payload: unknown): Buffer | string {
  if (payload === null || payload === undefined) return '';
  if (Buffer.isBuffer(payload) || typeof payload === 'string') return payload;
  if (typeof payload === 'object') return JSON.stringify(payload);
  return String(payload);
}

function qosOf(value: unknown): 0 | 1 | 2 {
  const n = Number(value);
  return n === 1 || n === 2 ? n : 0;
}

/** MQTT 5 properties: the node's when set, else the message's (same names as mqtt-in outputs). */
function propertiesOf(msg: Message, set: OutConfig['properties']): Record<string, unknown> | undefined {
  // Built only when there is something to send, without a closure: this runs for every message
  // (tsx's keepNames would wrap a per-call closure in a defineProperty call).
  let chosen = put(undefined, 'contentType', set.contentType || msg.contentType);
  chosen = put(chosen, 'responseTopic', set.responseTopic || msg.responseTopic);
  chosen = put(chosen, 'correlationData', msg.correlationData);
  chosen = put(chosen, 'userProperties', Object.keys(set.userProperties).length ? set.userProperties : msg.userProperties);
  return put(chosen, 'messageExpiryInterval', set.messageExpiryInterval || msg.messageExpiryInterval);
}

function put(chosen: Record<string, unknown> | undefined, name: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === '') return chosen;
  (chosen ??= {})[name] = value;
  return chosen;
}
