// A PUBLISH packet as one buffer, for the broker's hottest write. mqtt-packet's writeToStream
// makes five stream writes of one (header, length, topic length, topic, payload), with a cork
// and a nextTick per packet and its debug checks per field; the Writable bookkeeping of those
// writes was a good part of the broker's CPU per delivered message. Packets this does not
// cover (MQTT 5 properties, out-of-range sizes, malformed fields) are left to mqtt-packet,
// which encodes them or reports the error as before. A message going to several subscribers
// is encoded once (encodeDelivery).
import type { IPublishPacket } from 'mqtt-packet';
import { hasKeys } from '../plain-object.ts';

/** Largest Remaining Length a variable byte integer holds (section 2.1.4 / 1.5.5). */
const MAX_REMAINING_LENGTH = 268_435_455;
const MAX_UINT16 = 0xffff;

/**
 * The bytes of `packet` for a connection speaking `version` (3, 4 or 5), or undefined when
 * mqtt-packet's encoder must handle it (MQTT 5 properties, or something it would refuse).
 *
 * @example
 * encodePublish({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('hi'), qos: 0, retain: false, dup: false }, 4);
 * // <Buffer 30 07 00 03 61 2f 62 68 69>
 */
export function encodePublish(packet: IPublishPacket, version: number): Buffer | undefined {
  const remaining = remainingLength(packet, version);
  if (remaining === undefined) return undefined;
  const { topic, messageId } = packet;
  const payload = packet.payload ?? '';
  const qos = packet.qos || 0;
  const buffer = Buffer.allocUnsafe(1 + varByteIntLength(remaining) + remaining);
  buffer[0] = 0x30 | (packet.dup ? 0x08 : 0) | (qos << 1) | (packet.retain ? 0x01 : 0);
  let at = writeVarByteInt(buffer, 1, remaining);
  at = buffer.writeUInt16BE(Buffer.byteLength(topic), at);
  at += buffer.write(topic, at, 'utf8');
  if (qos > 0) at = buffer.writeUInt16BE(messageId!, at);
  if (version === 5) buffer[at++] = 0;
  if (typeof payload === 'string') buffer.write(payload, at, 'utf8');
  else payload.copy(buffer, at);
  return buffer;
}

/**
 * The size on the wire of what {@link encodePublish} makes of `packet`, without making it; undefined
 * when it would leave the packet to mqtt-packet.
 *
 * @example
 * publishSize({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('hi'), qos: 0, retain: false, dup: false }, 5); // 10
 */
export function publishSize(packet: IPublishPacket, version: number): number | undefined {
  const remaining = remainingLength(packet, version);
  return remaining === undefined ? undefined : 1 + varByteIntLength(remaining) + remaining;
}

/** The Remaining Length of `packet` (section 3.3.1.4), or undefined when mqtt-packet must encode it. */
function remainingLength(packet: IPublishPacket, version: number): number | undefined {
  const { topic, payload, messageId } = packet;
  const qos = packet.qos || 0;
  if (typeof topic !== 'string' || topic === '') return undefined;
  if (qos > 0 && !(Number.isInteger(messageId) && messageId! >= 0 && messageId! <= MAX_UINT16)) return undefined;
  // MQTT 5 properties are left to mqtt-packet; an empty set is written here, as length 0
  if (qos > 2 || (version === 5 && packet.properties != null && hasKeys(packet.properties))) return undefined;
  const body = payload ?? '';
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return undefined;
  const topicLength = Buffer.byteLength(topic);
  if (topicLength > MAX_UINT16) return undefined;
  const payloadLength = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  // topic, packet identifier, MQTT 5 property length 0, payload
  const remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + (version === 5 ? 1 : 0) + payloadLength;
  return remaining > MAX_REMAINING_LENGTH ? undefined : remaining;
}

/** A message as aedes hands it to each subscriber: its own copy, with the message's broker id and counter. */
type Delivered = IPublishPacket & { brokerId?: string; brokerCounter?: number };

/** The last packet encoded by {@link encodeDelivery}: what decides its bytes, and the bytes. */
const last = {
  brokerId: undefined as string | undefined,
  brokerCounter: undefined as number | undefined,
  topic: '' as IPublishPacket['topic'],
  payload: undefined as IPublishPacket['payload'] | undefined,
  properties: undefined as IPublishPacket['properties'],
  header: 0,
  messageId: undefined as number | undefined,
  v5: false,
  bytes: undefined as Buffer | undefined,
};

/**
 * {@link encodePublish}, once per message rather than once per subscriber: aedes delivers a
 * message to its subscribers one after the other, each with a copy of the packet that keeps the
 * message's `brokerId` and `brokerCounter`, so the same bytes go to all of them (unless their
 * QoS, flags or packet identifiers differ). Numbered per message, a payload changed in place
 * between two messages is not mistaken for the earlier one.
 */
export function encodeDelivery(packet: Delivered, version: number): Buffer | undefined {
  const header = (packet.dup ? 0x08 : 0) | ((packet.qos || 0) << 1) | (packet.retain ? 0x01 : 0);
  if (packet.brokerId !== undefined && last.bytes !== undefined && last.brokerId === packet.brokerId &&
    last.brokerCounter === packet.brokerCounter && last.topic === packet.topic && last.payload === packet.payload &&
    last.properties === packet.properties && last.header === header && last.messageId === packet.messageId && last.v5 === (version === 5)) {
    return last.bytes;
  }
  const bytes = encodePublish(packet, version);
  if (bytes === undefined || packet.brokerId === undefined) return bytes;
  last.brokerId = packet.brokerId;
  last.brokerCounter = packet.brokerCounter;
  last.topic = packet.topic;
  last.payload = packet.payload;
  last.properties = packet.properties;
  last.header = header;
  last.messageId = packet.messageId;
  last.v5 = version === 5;
  last.bytes = bytes;
  return bytes;
}

function varByteIntLength(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : 4;
}

/** Writes `value` as a variable byte integer at `offset`; returns the offset after it. */
function writeVarByteInt(buffer: Buffer, offset: number, value: number): number {
  let at = offset;
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    buffer[at++] = byte;
  } while (rest > 0);
  return at;
}
