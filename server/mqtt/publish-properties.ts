// MQTT 5 PUBLISH properties from what a node hands over (often straight from a message):
// known properties of the right type are kept, anything else is left out rather than
// failing the packet encoder.
import type { IPublishPacket } from 'mqtt';

type PublishProperties = NonNullable<IPublishPacket['properties']>;
type UserProperties = NonNullable<PublishProperties['userProperties']>;

/** Largest four-byte integer property (message expiry interval), [MQTT-2.2.2.2]. */
const MAX_UINT32 = 0xffff_ffff;

export function publishProperties(given: Record<string, unknown>): PublishProperties {
  const out: PublishProperties = {};
  const { contentType, responseTopic, correlationData, userProperties, messageExpiryInterval, payloadFormatIndicator } = given;
  if (typeof contentType === 'string' && contentType) out.contentType = contentType;
  if (typeof responseTopic === 'string' && responseTopic) out.responseTopic = responseTopic;
  if (Buffer.isBuffer(correlationData)) out.correlationData = correlationData;
  else if (typeof correlationData === 'string' && correlationData) out.correlationData = Buffer.from(correlationData);
  const users = userPropertiesOf(userProperties);
  if (users) out.userProperties = users;
  if (typeof messageExpiryInterval === 'number' && Number.isInteger(messageExpiryInterval) && messageExpiryInterval > 0 && messageExpiryInterval <= MAX_UINT32) {
    out.messageExpiryInterval = messageExpiryInterval;
  }
  if (typeof payloadFormatIndicator === 'boolean') out.payloadFormatIndicator = payloadFormatIndicator;
  return out;
}

/** Name/value pairs whose values are strings (or lists of strings: a name may repeat). */
function userPropertiesOf(value: unknown): UserProperties | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: UserProperties = {};
  for (const [name, v] of Object.entries(value)) {
    if (typeof v === 'string') out[name] = v;
    else if (Array.isArray(v) && v.every((s) => typeof s === 'string')) out[name] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
