// Turns a received MQTT message into a flow message, decoding the payload as the node's
// "output" option says (Node-RED's mqtt-in datatype).
import { isUtf8 } from 'node:buffer';
import { errorMessage, type Message, type MqttMessage } from '#node-api';

export type ParseMode = 'auto' | 'json' | 'string' | 'buffer' | 'base64';

/** The MQTT 5 properties copied onto the message when present (Node-RED's names). */
const SURFACED = ['responseTopic', 'correlationData', 'contentType', 'userProperties', 'messageExpiryInterval'] as const;

/** The flow message for `m`; `error` says why the payload could not be decoded (the message then carries it raw). */
export function messageFrom(m: MqttMessage, mode: ParseMode, id: string): { msg: Message; error?: string } {
  const decoded = decode(m, mode);
  const msg: Message = { _msgid: id, topic: m.topic, payload: decoded.payload, qos: m.qos, retain: m.retain };
  if (m.properties) for (const key of SURFACED) if (m.properties[key] !== undefined) msg[key] = m.properties[key];
  return decoded.error === undefined ? { msg } : { msg, error: decoded.error };
}

type Decoded = { payload: unknown; error?: string };

export function decode(m: MqttMessage, mode: ParseMode): Decoded {
  switch (mode) {
    // A copy: the built-in broker hands the same buffer to every subscriber.
    case 'buffer': return { payload: Buffer.from(m.payload) };
    case 'base64': return { payload: m.payload.toString('base64') };
    case 'string': return { payload: m.payload.toString('utf8') };
    case 'json': return strictJson(m);
    case 'auto': return auto(m);
  }
}

/** Node-RED's auto-detect: MQTT 5 content type first; else UTF-8 text, parsed when it is JSON; else a buffer. */
function auto(m: MqttMessage): Decoded {
  const type = mediaType(m.properties?.contentType);
  if (type === 'application/json' || type.endsWith('+json')) return strictJson(m);
  if (type === 'application/octet-stream') return { payload: Buffer.from(m.payload) };
  if (type.startsWith('text/')) return { payload: m.payload.toString('utf8') };
  if (m.properties?.payloadFormatIndicator !== true && !isUtf8(m.payload)) return { payload: Buffer.from(m.payload) };
  const text = m.payload.toString('utf8');
  try {
    return { payload: JSON.parse(text) };
  } catch {
    return { payload: text }; // not JSON: the text itself
  }
}

function strictJson(m: MqttMessage): Decoded {
  if (!isUtf8(m.payload)) return { payload: Buffer.from(m.payload), error: `Payload on "${m.topic}" is not UTF-8 text, so not JSON` };
  const text = m.payload.toString('utf8');
  try {
    return { payload: JSON.parse(text) };
  } catch (err) {
    return { payload: text, error: `Payload on "${m.topic}" is not valid JSON: ${errorMessage(err)}` };
  }
}

function mediaType(contentType: unknown): string {
  return typeof contentType === 'string' ? contentType.split(';')[0]!.trim().toLowerCase() : '';
}
