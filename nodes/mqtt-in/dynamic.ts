// Reads the input messages of a dynamic mqtt-in node (Node-RED's dynamic subscription):
// msg.action says what to do, msg.topic with which topics.
import { mqttFilterProblem, NodeRuntimeError, type Message, type MqttSubscribeOptions } from '#node-api';
import type { Subscription } from './subscriptions.ts';

export type Request =
  | { action: 'subscribe'; subscriptions: Subscription[] }
  | { action: 'unsubscribe'; topics: string[] | 'all' }
  | { action: 'getSubscriptions' };

/** The request `msg` makes; throws an error naming the problem when it makes none. */
export function requestOf(msg: Message, defaults: MqttSubscribeOptions): Request {
  // typed as a string on Message, but dynamic requests put lists, objects and `true` there
  const topic: unknown = msg.topic;
  switch (msg.action) {
    case 'subscribe':
      return { action: 'subscribe', subscriptions: entries(topic).map((entry) => subscriptionOf(entry, defaults)) };
    case 'unsubscribe':
      // Node-RED: msg.topic = true unsubscribes from everything
      return { action: 'unsubscribe', topics: topic === true ? 'all' : entries(topic).map((entry) => topicOf(entry)) };
    case 'getSubscriptions':
      return { action: 'getSubscriptions' };
    case 'connect':
    case 'disconnect':
      throw new NodeRuntimeError(`msg.action "${msg.action}" is not supported: the connection is shared by every node using the broker`, 'MQTT_ACTION_UNSUPPORTED');
    default:
      throw invalid(`msg.action must be "subscribe", "unsubscribe" or "getSubscriptions", got ${JSON.stringify(msg.action) ?? 'nothing'}`);
  }
}

function entries(topic: unknown): unknown[] {
  const list = Array.isArray(topic) ? topic : [topic];
  if (list.length === 0 || topic === undefined) throw invalid('msg.topic must name the topic(s): a string, an object with a topic, or a list of them');
  return list;
}

function subscriptionOf(entry: unknown, defaults: MqttSubscribeOptions): Subscription {
  const topic = topicOf(entry);
  const given: Record<string, unknown> = typeof entry === 'object' && entry !== null ? { ...entry } : {};
  const { qos = defaults.qos, nl = defaults.nl, rap = defaults.rap, rh = defaults.rh } = given;
  if (qos !== 0 && qos !== 1 && qos !== 2) throw invalid(`QoS for "${topic}" must be 0, 1 or 2, got ${JSON.stringify(qos)}`);
  if (rh !== undefined && rh !== 0 && rh !== 1 && rh !== 2) throw invalid(`rh for "${topic}" must be 0, 1 or 2, got ${JSON.stringify(rh)}`);
  return { topic, qos, nl: nl === true, rap: rap === true, rh };
}

/** The topic filter of a string entry or of an object's `topic`, checked. */
function topicOf(entry: unknown): string {
  const topic: unknown = typeof entry === 'object' && entry !== null ? Reflect.get(entry, 'topic') : entry;
  if (typeof topic !== 'string') throw invalid(`Each topic must be a string or an object with a topic string, got ${JSON.stringify(entry)}`);
  const problem = mqttFilterProblem(topic);
  if (problem) throw invalid(`Topic filter "${topic}" ${problem}`);
  return topic;
}

function invalid(message: string): NodeRuntimeError {
  return new NodeRuntimeError(message, 'MQTT_IN_REQUEST_INVALID');
}
