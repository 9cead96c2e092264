// mqtt-out: publishes each message it receives (Node-RED's "mqtt out").
import { defineNode, mqttTopicProblem, NodeConfigError } from '#node-api';
import { brokerConnection } from '../mqtt-broker/connection.ts';
import { publicationOf } from './publication.ts';
import { outConfig } from './schema.ts';

export default defineNode({
  type: 'mqtt-out',
  version: 1,
  category: 'network',
  label: 'mqtt out',
  color: '#d8bfd8',
  icon: 'mqtt-out',
  inputs: 1,
  outputs: 0,
  config: outConfig,
  create(node) {
    const { broker, topic } = node.config;
    const problem = topic ? mqttTopicProblem(topic) : undefined;
    if (problem) throw new NodeConfigError(`The topic "${topic}" ${problem}`, '/topic');
    const conn = brokerConnection(node, broker);
    let warned = false;
    return {
      // Complete once the broker has the message: written (QoS 0), PUBACK (1), PUBCOMP (2).
      // Not async: the publish's own promise is returned, one promise per message fewer.
      input(msg) {
        const publication = publicationOf(msg, node.config);
        if (!publication) {
          if (!warned) node.warn('A message without msg.payload was not published (set payload to "" or null to send an empty one)');
          warned = true;
          return;
        }
        return conn.publish(publication.topic, publication.payload, publication.options);
      },
    };
  },
});
