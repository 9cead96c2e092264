// Human-readable Reason Strings for the reason codes the broker sends (MQTT 5 section 2.4),
// so a client log says why without a table at hand. [MQTT-3.1.2-29] they go out on packets
// other than PUBLISH, CONNACK and DISCONNECT only when the client did not set Request Problem
// Information to 0.

const REASONS: Readonly<Record<number, string>> = {
  0x11: 'No subscription existed',
  0x80: 'Unspecified error',
  0x81: 'Malformed packet',
  0x82: 'Protocol error',
  0x84: 'Unsupported protocol version',
  0x85: 'Client identifier not valid',
  0x86: 'Bad user name or password',
  0x87: 'Not authorized',
  0x88: 'Server unavailable',
  0x8b: 'Server shutting down',
  0x8c: 'Bad authentication method',
  0x8d: 'Keep alive timeout',
  0x8e: 'Session taken over',
  0x8f: 'Topic filter invalid',
  0x93: 'Receive Maximum exceeded',
  0x94: 'Topic Alias invalid',
  0x95: 'Packet too large',
  0x97: 'Quota exceeded',
  0x99: 'Payload format invalid',
  0x9e: 'Shared subscriptions not supported',
  0x9f: 'Connection rate exceeded',
};

/** The Reason String for `code`, or undefined for success codes and codes it does not know. */
export function reasonString(code: number | undefined): string | undefined {
  return code === undefined ? undefined : REASONS[code];
}
