// The connection spec of an mqtt-broker config node: what its settings and credentials mean
// for `node.mqtt.connect`. The deploy already validated the config against the node's schema;
// this reads it back from the loosely typed record the runtime hands over.
import { NodeConfigError, type ConfigNodeInfo, type MqttAnnouncement, type MqttConnectionSpec, type NodeContext } from '#node-api';

/** The config node type mqtt in/out connect through. */
export const BROKER_TYPE = 'mqtt-broker';

/**
 * The spec of the mqtt-broker config node `id`; "builtin" mode means the server's own broker.
 * A missing node, or one of another type, is a deploy error on `/broker`.
 */
export function brokerSpec(node: Pick<NodeContext, 'configNode'>, id: string): MqttConnectionSpec {
  const info = node.configNode(id);
  if (!info) throw new NodeConfigError(`No ${BROKER_TYPE} config node with id "${id}"`, '/broker');
  if (info.type !== BROKER_TYPE) throw new NodeConfigError(`Config node "${id}" is a ${info.type}, not an ${BROKER_TYPE}`, '/broker');
  return specOf(info);
}

function specOf({ config: c, credentials }: ConfigNodeInfo): MqttConnectionSpec {
  if (c.mode !== 'external') return { kind: 'builtin' };
  const tls = isRecord(c.tls) ? c.tls : {};
  return {
    kind: 'external',
    url: text(c.url),
    clientId: text(c.clientId),
    protocolVersion: c.protocolVersion === 5 ? 5 : 4,
    keepalive: count(c.keepalive, 60),
    clean: c.cleanSession !== false,
    sessionExpiry: count(c.sessionExpiry, 0),
    tls: { rejectUnauthorized: tls.rejectUnauthorized !== false, ca: text(tls.ca), cert: text(tls.cert), key: credentials.tlsKey ?? '' },
    birth: announcement(c.birth),
    close: announcement(c.close),
    will: announcement(c.will),
    username: credentials.username || undefined,
    password: credentials.password || undefined,
  };
}

/** A birth, close or will message; an empty topic means none. */
function announcement(value: unknown): MqttAnnouncement | undefined {
  if (!isRecord(value)) return undefined;
  const topic = text(value.topic);
  if (!topic) return undefined;
  const qos = value.qos === 1 || value.qos === 2 ? value.qos : 0;
  return { topic, payload: text(value.payload), qos, retain: value.retain === true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
