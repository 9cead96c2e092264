// MQTT 3.1.1 rules for incoming packets that mqtt-packet's parser and aedes 1.2 let
// through: checked on each parsed packet before aedes handles it. A violation closes the
// connection ([MQTT-4.8.0-1]); an unsupported protocol level gets CONNACK 0x01 first.
//
// aedes gives no hook between its parser and its handlers, so this sits on aedes 1.2's
// per-connection parser (`client._parser`, lib/client.js, an mqtt-packet Parser): it
// re-registers the parser's 'packet' and 'error' listeners behind its own and wraps the
// instance's `_parseString` to see the bytes of every UTF-8 string. The tests in
// test/integration/broker-conformance*.test.ts fail if those internals change.
import { isUtf8 } from 'node:buffer';
import type { EventEmitter } from 'node:events';
import type { Client } from 'aedes';
import { mqttTopicProblem, plainFilterProblem } from '../node-api/mqtt-topics.ts';

/** The mqtt-packet Parser fields used here. */
interface ParserInternals extends EventEmitter {
  _parseString(): string | null;
  _list: { slice(start: number, end: number): Buffer; get(index: number): number | undefined; length: number };
  _pos: number;
  packet: object;
}

/** A parsed packet, as far as the checks read it. */
interface IncomingPacket {
  cmd: string;
  messageId?: number;
  qos?: number;
  protocolId?: string;
  protocolVersion?: number;
  username?: string;
  password?: Buffer;
  will?: { topic: string; qos: number };
  subscriptions?: Array<{ topic: string; qos: number }>;
  unsubscriptions?: string[];
}

/** Why a packet breaks the protocol: the clause and a short reason. */
interface Violation {
  clause: string;
  reason: string;
  /** CONNACK return code to send before closing, when the spec asks for one. */
  connack?: 1;
}

type Listener = (this: ParserInternals, ...args: unknown[]) => void;

// CONNACK with return code 0x01, unacceptable protocol level ([MQTT-3.2.2-4]: session present 0)
const CONNACK_UNACCEPTABLE_LEVEL = Buffer.from([0x20, 0x02, 0x00, 0x01]);

/**
 * Puts the checks in front of aedes' handling of `client`'s packets. Call it with the
 * client `aedes.handle()` returned, before any data is read.
 *
 * @example
 * const handle = (stream, req) => {
 *   const client = aedes.handle(stream, req);
 *   guardPackets(client);
 *   return client;
 * };
 */
export function guardPackets(client: Client): void {
  const parser = parserOf(client);
  // packets whose strings are not well-formed UTF-8 or contain U+0000, with the clause
  const badStrings = new WeakMap<object, Violation>();
  let refusedLevel = false;
  let closing = false;

  const parseString = parser._parseString;
  parser._parseString = function guardedParseString(this: ParserInternals) {
    const start = this._pos;
    const value = parseString.call(this);
    if (value === null) return value;
    const problem = stringProblem(value, () => this._list.slice(start + 2, this._pos));
    if (problem) badStrings.set(this.packet, problem);
    // the protocol name is the first field of CONNECT, the protocol level the byte after it
    if (start === 0 && (this.packet as IncomingPacket).cmd === 'connect') {
      refusedLevel = !supportedProtocol(value, this._list.get(this._pos));
    }
    return value;
  };

  const refuse = (violation: Violation) => {
    closing = true;
    const err = new Error(`${violation.clause} ${violation.reason}`);
    if (violation.connack === undefined) return client.emit('error', err);
    // aedes closes the socket on 'error' at once, so the CONNACK goes out first
    client.conn.write(CONNACK_UNACCEPTABLE_LEVEL, () => client.emit('error', err));
  };

  const handlers = parser.listeners('packet') as Listener[];
  parser.removeAllListeners('packet');
  parser.on('packet', function guardedPacket(this: ParserInternals, packet: IncomingPacket) {
    if (closing) return; // the rest of a chunk that arrived with the offending packet
    const violation = badStrings.get(packet) ?? packetViolation(packet);
    if (violation) return refuse(violation);
    if (packet.cmd === 'subscribe') keepRepeatedFilters(packet);
    for (const handler of handlers) handler.call(this, packet);
  });

  const errorHandlers = parser.listeners('error') as Listener[];
  parser.removeAllListeners('error');
  parser.on('error', function guardedError(this: ParserInternals, err: Error) {
    // [MQTT-3.1.2-2] mqtt-packet rejects levels other than 3, 4 and 5 as malformed,
    // which would close the connection without the CONNACK 0x01 the spec asks for
    if (refusedLevel && !closing) return refuse({ clause: '[MQTT-3.1.2-2]', reason: err.message, connack: 1 });
    for (const handler of errorHandlers) handler.call(this, err);
  });
}

/** The checks per packet type; undefined when the packet is fine. */
function packetViolation(packet: IncomingPacket): Violation | undefined {
  switch (packet.cmd) {
    case 'connect':
      return connectViolation(packet);
    case 'publish':
      // [MQTT-2.3.1-1] QoS 1 and 2 PUBLISH carry a non-zero packet identifier
      if ((packet.qos ?? 0) > 0 && packet.messageId === 0) return { clause: '[MQTT-2.3.1-1]', reason: 'PUBLISH with packet identifier 0' };
      return undefined;
    case 'subscribe':
      if (packet.messageId === 0) return { clause: '[MQTT-2.3.1-1]', reason: 'SUBSCRIBE with packet identifier 0' };
      if (!packet.subscriptions?.length) return { clause: '[MQTT-3.8.3-3]', reason: 'SUBSCRIBE without a topic filter' };
      return filtersViolation(packet.subscriptions.map((s) => s.topic));
    case 'unsubscribe':
      if (packet.messageId === 0) return { clause: '[MQTT-2.3.1-1]', reason: 'UNSUBSCRIBE with packet identifier 0' };
      if (!packet.unsubscriptions?.length) return { clause: '[MQTT-3.10.3-2]', reason: 'UNSUBSCRIBE without a topic filter' };
      return filtersViolation(packet.unsubscriptions);
    default:
      return undefined;
  }
}

/**
 * [MQTT-4.7.1-2] '#' only as the whole last level, [MQTT-4.7.1-3] '+' only as a whole level.
 * aedes 1.2's own check lets 'a#', 'a+/b' and 'a/+b' through (lib/utils.js validateTopic).
 */
function filtersViolation(filters: string[]): Violation | undefined {
  for (const filter of filters) {
    const problem = plainFilterProblem(filter);
    if (problem) return { clause: '[MQTT-4.7.1-2]', reason: `topic filter ${JSON.stringify(filter)} ${problem}` };
  }
  return undefined;
}

function connectViolation(packet: IncomingPacket): Violation | undefined {
  // [MQTT-3.1.2-2] e.g. protocol name MQTT with level 3: not a protocol this server speaks
  if (!supportedProtocol(packet.protocolId ?? '', packet.protocolVersion)) {
    return { clause: '[MQTT-3.1.2-2]', reason: `protocol ${packet.protocolId} level ${packet.protocolVersion}`, connack: 1 };
  }
  if (packet.password !== undefined && packet.username === undefined) {
    return { clause: '[MQTT-3.1.2-22]', reason: 'password flag set without user name flag' };
  }
  if (packet.will) {
    if (packet.will.qos > 2) return { clause: '[MQTT-3.1.2-14]', reason: 'will QoS 3' };
    // the will is published as a PUBLISH: its topic is a topic name ([MQTT-4.7.1-1], [MQTT-4.7.3-1])
    const problem = mqttTopicProblem(packet.will.topic);
    if (problem) return { clause: '[MQTT-4.7.1-1]', reason: `will topic ${problem}` };
  }
  return undefined;
}

/** MQTT 3.1.1 (MQTT, level 4) or 3.1 (MQIsdp, level 3); the bridge bit (0x80) is allowed. */
function supportedProtocol(name: string, level: number | undefined): boolean {
  if (level === undefined) return true; // too short: mqtt-packet reports it as malformed
  if (name !== 'MQTT' && name !== 'MQIsdp') return true; // [MQTT-3.1.2-1] mqtt-packet closes
  return (level & 0x7f) === (name === 'MQTT' ? 4 : 3);
}

/** [MQTT-1.5.3-1] well-formed UTF-8 without surrogates; [MQTT-1.5.3-2] no U+0000. */
function stringProblem(value: string, bytes: () => Buffer): Violation | undefined {
  if (value.includes('\u0000')) return { clause: '[MQTT-1.5.3-2]', reason: 'string contains U+0000' };
  // ASCII (one byte per character) is always well-formed; only other strings need their bytes checked
  if (Buffer.byteLength(value) !== value.length && !isUtf8(bytes())) {
    return { clause: '[MQTT-1.5.3-1]', reason: 'string is not well-formed UTF-8' };
  }
  return undefined;
}

/**
 * [MQTT-3.8.4-4] [MQTT-3.8.4-5] a SUBSCRIBE is handled as a sequence of SUBSCRIBEs, one per
 * filter, and the SUBACK has one return code per filter. aedes 1.2 collapses repeated filters
 * (lib/handlers/subscribe.js `_dedupe`) and answers with fewer codes; this keeps the list as
 * sent, so a repeated filter replaces the earlier one in turn ([MQTT-3.8.4-3]).
 */
function keepRepeatedFilters(packet: IncomingPacket): void {
  const subscriptions = packet.subscriptions ?? [];
  if (new Set(subscriptions.map((s) => s.topic)).size === subscriptions.length) return;
  Object.defineProperty(packet, 'subscriptions', {
    enumerable: true,
    get: () => subscriptions,
    set: () => {
      // aedes' collapsed copy is dropped on purpose, see above
    },
  });
}

function parserOf(client: Client): ParserInternals {
  const parser: unknown = (client as Client & { _parser?: unknown })._parser;
  if (typeof parser !== 'object' || parser === null || typeof (parser as ParserInternals)._parseString !== 'function') {
    throw new Error('aedes client has no mqtt-packet parser (_parser): packet-guard.ts needs updating for this aedes version');
  }
  return parser as ParserInternals;
}
