// Shared by mqtt-in and mqtt-out: the `broker` setting, and the connection of the broker it
// names with its state shown as the node's status (Node-RED's connected / connecting /
// disconnected badges).
import { errorMessage, NodeConfigError, Type, type MqttConnection, type MqttConnectionState, type NodeContext, type NodeStatus } from '#node-api';
import { BROKER_TYPE, brokerSpec } from './spec.ts';

const STATUS: Record<MqttConnectionState, NodeStatus> = {
  connected: { fill: 'green', shape: 'dot', text: 'connected' },
  connecting: { fill: 'yellow', shape: 'ring', text: 'connecting' },
  disconnected: { fill: 'red', shape: 'ring', text: 'disconnected' },
};

/** The `broker` config key of both nodes: the editor offers the mqtt-broker config nodes. */
export const brokerField = Type.String({
  default: '', title: 'Broker', description: 'An mqtt-broker config node; empty = the built-in broker', 'x-config-node': BROKER_TYPE,
});

/**
 * The connection of the broker `broker` names (an mqtt-broker config node id, '' for the
 * built-in broker), its state shown as the node's status; a bad id is a deploy error on /broker.
 */
export function brokerConnection(node: Pick<NodeContext, 'mqtt' | 'status' | 'configNode'>, broker: string): MqttConnection {
  let conn: MqttConnection;
  try {
    conn = node.mqtt.connect(broker ? brokerSpec(node, broker) : undefined);
  } catch (err) {
    if (err instanceof NodeConfigError) throw err;
    throw new NodeConfigError(errorMessage(err), '/broker');
  }
  conn.onState((state) => node.status(STATUS[state]));
  return conn;
}

/** The `code` of an error from `node.mqtt` (e.g. MQTT_QUEUE_FULL), kept when a node wraps the error. */
export function codeOf(err: unknown): string | undefined {
  const code: unknown = err instanceof Error ? Reflect.get(err, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
}
