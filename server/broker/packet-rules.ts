// The checks the packet guard makes on each parsed packet: MQTT 3.1.1 and MQTT 5 rules that
// mqtt-packet's parser and aedes 2.0.0-beta.1 let through. Pure functions of the packet, so
// each rule reads on its own; packet-guard.ts decides what happens to the connection.
// Clauses name the version when their numbers differ between 3.1.1 and 5.
import { isUtf8 } from 'node:buffer';
import type { IConnectPacket, IPublishPacket, ISubscribePacket, IUnsubscribePacket, Packet } from 'mqtt-packet';
import { mqttFilterProblem, mqttTopicProblem, parseSharedFilter } from '../node-api/mqtt-topics.ts';

/** Why a packet breaks the protocol, and how the broker answers it. */
export interface Violation {
  clause: string;
  reason: string;
  /** CONNACK return code (3.1.1) or reason code (5) to send before closing. */
  connack?: number;
  /** MQTT 5, once connected: the DISCONNECT reason code to close with (default 0x82, Protocol Error). */
  disconnect?: number;
  /** Answer the packet with this and drop it, keeping the connection (MQTT 5 PUBACK/PUBREC failures). */
  answer?: Packet;
}

/** MQTT 5 reason codes used here (section 2.4). */
const MALFORMED = 0x81;
const PROTOCOL_ERROR = 0x82;
const UNSUPPORTED_VERSION = 0x84;
const TOPIC_FILTER_INVALID = 0x8f;
const PAYLOAD_FORMAT_INVALID = 0x99;

/** The checks of a CONNECT. */
export function connectViolation(packet: IConnectPacket): Violation | undefined {
  const version = packet.protocolVersion;
  if (!supportedProtocol(packet.protocolId ?? '', version)) {
    // 3.1.1 [MQTT-3.1.2-2] CONNACK 0x01; 5 [MQTT-3.1.2-2] 0x84 (e.g. MQTT with level 3 or 6)
    return { clause: '[MQTT-3.1.2-2]', reason: `protocol ${packet.protocolId} level ${version}`, connack: version === 5 ? UNSUPPORTED_VERSION : 1 };
  }
  // 3.1.1 [MQTT-3.1.2-22]; MQTT 5 allows a password without a user name (section 3.1.2.9)
  if (version !== 5 && packet.password !== undefined && packet.username === undefined) {
    return { clause: '[MQTT-3.1.2-22]', reason: 'password flag set without user name flag' };
  }
  const will = packet.will;
  if (!will) return undefined;
  if ((will.qos ?? 0) > 2) return { clause: version === 5 ? '[MQTT-3.1.2-12]' : '[MQTT-3.1.2-14]', reason: 'will QoS 3' };
  // the will is published as a PUBLISH: its topic is a topic name ([MQTT-4.7.1-1], [MQTT-4.7.3-1])
  const problem = mqttTopicProblem(will.topic);
  if (problem) return { clause: '[MQTT-4.7.1-1]', reason: `will topic ${problem}` };
  // MQTT 5 section 3.1.3.2.3: a Will Message that is not the UTF-8 it says it is may be refused with 0x99
  if (version === 5 && will.properties?.payloadFormatIndicator && !isUtf8(payloadBytes(will.payload))) {
    return { clause: 'MQTT 5 3.1.3.2.3', reason: 'will payload is not UTF-8 though its Payload Format Indicator says so', connack: PAYLOAD_FORMAT_INVALID };
  }
  return undefined;
}

/** The checks of every other packet from a client speaking `version`. */
export function packetViolation(packet: Packet, version: number): Violation | undefined {
  switch (packet.cmd) {
    case 'publish':
      return publishViolation(packet, version);
    case 'subscribe':
      return subscribeViolation(packet, version);
    case 'unsubscribe':
      if (packet.messageId === 0) return { clause: '[MQTT-2.3.1-1]', reason: 'UNSUBSCRIBE with packet identifier 0', disconnect: MALFORMED };
      if (!packet.unsubscriptions?.length) return { clause: '[MQTT-3.10.3-2]', reason: 'UNSUBSCRIBE without a topic filter', disconnect: MALFORMED };
      return filtersViolation(packet.unsubscriptions);
    default:
      return undefined;
  }
}

function publishViolation(packet: IPublishPacket, version: number): Violation | undefined {
  // [MQTT-2.3.1-1] QoS 1 and 2 PUBLISH carry a non-zero packet identifier
  if (packet.qos > 0 && packet.messageId === 0) return { clause: '[MQTT-2.3.1-1]', reason: 'PUBLISH with packet identifier 0', disconnect: MALFORMED };
  if (version !== 5) return undefined;
  // MQTT 5 [MQTT-3.3.4-6] a client's PUBLISH carries no Subscription Identifier
  if (packet.properties?.subscriptionIdentifier !== undefined) {
    return { clause: '[MQTT-3.3.4-6]', reason: 'PUBLISH from a client with a Subscription Identifier' };
  }
  // MQTT 5 section 3.3.2.3.2: a payload that is not the UTF-8 its Payload Format Indicator
  // announces is answered with 0x99 (PUBACK/PUBREC, or DISCONNECT for QoS 0, which has no answer)
  if (packet.properties?.payloadFormatIndicator && !isUtf8(payloadBytes(packet.payload))) {
    const reason = 'payload is not UTF-8 though its Payload Format Indicator says so';
    if (packet.qos === 0) return { clause: 'MQTT 5 3.3.2.3.2', reason, disconnect: PAYLOAD_FORMAT_INVALID };
    const cmd = packet.qos === 1 ? 'puback' : 'pubrec';
    return { clause: 'MQTT 5 3.3.2.3.2', reason, answer: { cmd, messageId: packet.messageId, reasonCode: PAYLOAD_FORMAT_INVALID } };
  }
  return undefined;
}

function subscribeViolation(packet: ISubscribePacket, version: number): Violation | undefined {
  if (packet.messageId === 0) return { clause: '[MQTT-2.3.1-1]', reason: 'SUBSCRIBE with packet identifier 0', disconnect: MALFORMED };
  if (!packet.subscriptions?.length) return { clause: version === 5 ? '[MQTT-3.8.3-2]' : '[MQTT-3.8.3-3]', reason: 'SUBSCRIBE without a topic filter', disconnect: PROTOCOL_ERROR };
  const bad = filtersViolation(packet.subscriptions.map((s) => s.topic));
  if (bad) return bad;
  // MQTT 5 [MQTT-3.8.3-4] No Local on a shared subscription is a Protocol Error
  if (packet.subscriptions.some((s) => s.nl && parseSharedFilter(s.topic))) {
    return { clause: '[MQTT-3.8.3-4]', reason: 'No Local set on a shared subscription', disconnect: PROTOCOL_ERROR };
  }
  return undefined;
}

/**
 * [MQTT-4.7.1-2] '#' only as the whole last level, [MQTT-4.7.1-3] '+' only as a whole level;
 * MQTT 5 section 4.8.2: `$share/<name>/<filter>` with a share name free of wildcards.
 * aedes' own check lets 'a#', 'a+/b' and 'a/+b' through (lib/utils.js validateTopic).
 */
function filtersViolation(filters: string[]): Violation | undefined {
  for (const filter of filters) {
    const problem = mqttFilterProblem(filter);
    if (problem) return { clause: '[MQTT-4.7.1-2]', reason: `topic filter ${JSON.stringify(filter)} ${problem}`, disconnect: TOPIC_FILTER_INVALID };
  }
  return undefined;
}

/**
 * MQTT 5 (MQTT, level 5), 3.1.1 (MQTT, level 4) or 3.1 (MQIsdp, level 3); the bridge bit
 * (0x80) is allowed. An unknown protocol name is left to mqtt-packet, which closes.
 */
export function supportedProtocol(name: string, level: number | undefined): boolean {
  if (level === undefined) return true; // too short: mqtt-packet reports it as malformed
  if (name !== 'MQTT' && name !== 'MQIsdp') return true; // [MQTT-3.1.2-1] mqtt-packet closes
  const bare = level & 0x7f;
  return name === 'MQTT' ? bare === 4 || bare === 5 : bare === 3;
}

/** [MQTT-1.5.3-1] (5: [MQTT-1.5.4-1]) well-formed UTF-8; [MQTT-1.5.3-2] (5: [MQTT-1.5.4-2]) no U+0000. */
export function stringViolation(value: string, bytes: () => Buffer): Violation | undefined {
  if (value.includes('\u0000')) return { clause: '[MQTT-1.5.3-2]', reason: 'string contains U+0000', disconnect: MALFORMED };
  // ASCII (one byte per character) is always well-formed; only other strings need their bytes checked
  if (Buffer.byteLength(value) !== value.length && !isUtf8(bytes())) {
    return { clause: '[MQTT-1.5.3-1]', reason: 'string is not well-formed UTF-8', disconnect: MALFORMED };
  }
  return undefined;
}

function payloadBytes(payload: Buffer | string): Buffer {
  return typeof payload === 'string' ? Buffer.from(payload) : payload;
}
