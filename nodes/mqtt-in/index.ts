// mqtt-in: subscribes to a topic filter and sends one message per MQTT message received
// (Node-RED's "mqtt in"). With dynamic subscription on, input messages choose the topics.
import { defineNode, mqttFilterProblem, NodeConfigError, NodeRuntimeError, Type, type MqttSubscribeOptions } from '#node-api';
import { brokerConnection, brokerField } from '../mqtt-broker/connection.ts';
import { requestOf } from './dynamic.ts';
import { messageFrom } from './payload.ts';
import { NodeSubscriptions } from './subscriptions.ts';

const level = (dflt: 0 | 1 | 2, title: string, description: string) =>
  Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], { default: dflt, title, description });

export default defineNode({
  type: 'mqtt-in',
  version: 1,
  category: 'network',
  label: 'mqtt in',
  color: '#d8bfd8',
  icon: 'mqtt-in',
  // An input only in dynamic mode, as in Node-RED.
  inputs: { fromConfig: 'dynamic' },
  outputs: 1,
  config: Type.Object({
    broker: brokerField,
    topic: Type.String({ default: '', title: 'Topic', 'x-node-label': '{}', description: 'Topic filter: + matches one level, # all below; $share/<group>/<filter> shares the messages within a group' }),
    qos: level(2, 'QoS', 'The highest QoS to receive messages with'),
    parse: Type.Union([Type.Literal('auto'), Type.Literal('json'), Type.Literal('string'), Type.Literal('buffer'), Type.Literal('base64')], {
      default: 'auto', title: 'Output',
      description: 'auto: parsed JSON, else a string, else a buffer; json: parsed JSON (else an error); string; buffer; base64 string',
    }),
    dynamic: Type.Boolean({ default: false, title: 'Dynamic subscription', description: 'Subscribe and unsubscribe with input messages (msg.action)' }),
    nl: Type.Boolean({ default: false, title: 'No local (MQTT 5)', description: 'Skip messages published over the same connection' }),
    rap: Type.Boolean({ default: false, title: 'Retain as published (MQTT 5)', description: 'Keep the retain flag of live messages' }),
    rh: Type.Union([
      Type.Literal(0, { title: 'Send on subscribe' }), Type.Literal(1, { title: 'Send for a new subscription only' }), Type.Literal(2, { title: 'Never send' }),
    ], { default: 0, title: 'Retained messages (MQTT 5)', description: 'Whether the broker sends the retained messages of the topic when subscribing' }),
  }, {
    // For the editor, which marks the node before Deploy (create() makes the same check).
    if: { properties: { dynamic: { const: false } } },
    then: { properties: { topic: { minLength: 1 } } },
  }),
  create(node) {
    const { broker, topic, qos, parse, dynamic, nl, rap, rh } = node.config;
    if (!topic && !dynamic) throw new NodeConfigError('Set a topic to subscribe to, or turn on dynamic subscription', '/topic');
    const problem = topic ? mqttFilterProblem(topic) : undefined;
    if (problem) throw new NodeConfigError(`Topic filter "${topic}" ${problem}`, '/topic');
    const conn = brokerConnection(node, broker);

    // Node-RED adds msg._topic for a broker on the same machine (its broker field "localhost" or "127.0.0.1").
    const brokerUrl = broker ? String(node.configNode(broker)?.config.url ?? '') : '';
    const local = /^[a-z]+:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(brokerUrl);
    const subscriptions = new NodeSubscriptions(conn, (m) => {
      const { msg, error } = messageFrom(m, parse, node.newMessageId());
      if (local) msg._topic = m.topic;
      if (error === undefined) node.send(msg);
      else node.error(new NodeRuntimeError(error, 'MQTT_IN_PAYLOAD_INVALID'), msg);
    }, (err, cause) => {
      if (!node.signal.aborted) node.error(err, cause);
    });
    const defaults: MqttSubscribeOptions = { qos, nl, rap, rh };
    if (topic) subscriptions.add(topic, defaults);

    // Without dynamic subscription the node has no input (see `inputs`): no wire reaches it.
    if (!dynamic) return {};
    return {
      async input(msg, send) {
        const request = requestOf(msg, defaults);
        if (request.action === 'subscribe') for (const s of request.subscriptions) subscriptions.add(s.topic, s, msg);
        else if (request.action === 'unsubscribe') {
          if (request.topics === 'all') await subscriptions.removeAll();
          else await Promise.all(request.topics.map((t) => subscriptions.remove(t)));
        } else send({ ...msg, topic: 'subscriptions', payload: subscriptions.list() }); // Node-RED's topic for the list
      },
    };
  },
});
