// MQTT 3.1.1 and 5 rules for incoming packets (packet-rules.ts), checked on each parsed packet
// before aedes handles it. A violation closes the connection ([MQTT-4.8.0-1]; MQTT 5 after
// CONNACK with a DISCONNECT naming the reason, section 4.13), is refused with a CONNACK code,
// or, for a failed MQTT 5 PUBLISH, answered with a failure PUBACK/PUBREC. Shared
// subscription filters are renamed here for aedes (shared-subscriptions.ts).
//
// aedes gives no hook between its parser and its handlers, so this sits on the per-connection
// mqtt-packet parser (`client._parser`, see client-internals.ts): it re-registers the parser's
// 'packet' and 'error' listeners behind its own and wraps the instance's `_parseString` to see
// the bytes of every UTF-8 string. The conformance tests fail if those internals change.
import type { EventEmitter } from 'node:events';
import type { Client } from 'aedes';
import { generate, type ISubscribePacket, type IUnsubscribePacket, type Packet } from 'mqtt-packet';
import { holdReading, parserOf } from './client-internals.ts';
import { afterIo } from './event-loop-turns.ts';
import { connectViolation, packetViolation, stringViolation, supportedProtocol, type Violation } from './packet-rules.ts';
import { internalName } from './shared-subscriptions.ts';
import { capSubscriptions, type SubscriptionCaps } from './subscription-caps.ts';
import type { BrokerLog } from './options.ts';
import type { ConnectionProtocol } from './v5/connection-protocol.ts';
import { writePacket } from './v5/outgoing-hook.ts';
import { reasonString } from './v5/reason-strings.ts';

/** The mqtt-packet Parser fields used here. */
interface ParserInternals extends EventEmitter {
  _parseString(): string | null;
  _list: { slice(start: number, end: number): Buffer; get(index: number): number | undefined; length: number };
  _pos: number;
  packet: { cmd?: string };
}

type Listener = (this: ParserInternals, ...args: unknown[]) => void;

// CONNACK with return code 0x01, unacceptable protocol level ([MQTT-3.2.2-4]: session present 0),
// in the 3.1.1 encoding: the client's version is not one this server speaks
const CONNACK_UNACCEPTABLE_LEVEL = Buffer.from([0x20, 0x02, 0x00, 0x01]);

/** What the guard applies to SUBSCRIBE packets besides the protocol rules. */
export interface SubscribeIntake {
  caps: SubscriptionCaps;
  /** Where the filters past the caps are marked (aedes-hooks.ts refuses them). */
  refused: WeakSet<object>;
  log: BrokerLog;
}

/**
 * Puts the checks in front of aedes' handling of `client`'s packets and tells `protocol` what
 * each accepted packet means for flow control. Call it with the client `aedes.handle()`
 * returned, before any data is read.
 *
 * @example
 * const client = aedes.handle(stream, req);
 * guardPackets(client, protocol, { caps: { perPacket: 10_000, perClient: 0 }, refused, log });
 */
export function guardPackets(client: Client, protocol: ConnectionProtocol, subscribe: SubscribeIntake): void {
  const parser = parserInternals(client);
  // packets whose strings are not well-formed UTF-8 or contain U+0000, with the clause
  const badStrings = new WeakMap<object, Violation>();
  let refusedLevel = false;
  let closing = false;

  const parseString = parser._parseString;
  parser._parseString = function guardedParseString(this: ParserInternals) {
    const start = this._pos;
    const value = parseString.call(this);
    if (value === null) return value;
    const problem = stringViolation(value, () => this._list.slice(start + 2, this._pos));
    if (problem) badStrings.set(this.packet, problem);
    // the protocol name is the first field of CONNECT, the protocol level the byte after it
    if (start === 0 && this.packet.cmd === 'connect') refusedLevel = !supportedProtocol(value, this._list.get(this._pos));
    return value;
  };

  const refuse = (violation: Violation) => {
    closing = true;
    const err = new Error(`${violation.clause} ${violation.reason}`);
    if (violation.connack !== undefined) {
      // aedes closes the socket on 'error' at once, so the CONNACK goes out first
      client.conn.write(connackBytes(violation.connack, protocol.version), () => client.emit('error', err));
    } else if (protocol.version === 5 && protocol.accepted) {
      // MQTT 5 section 4.13: tell the client why, then close ([MQTT-3.14.0-1]: CONNACK was sent)
      disconnectGracefully(client, protocol, violation.disconnect ?? 0x82, err);
    } else {
      client.emit('error', err);
    }
  };

  const handlers = parser.listeners('packet') as Listener[];
  parser.removeAllListeners('packet');
  /** The checks, then aedes' handlers; `later` queues the handing on of a large SUBSCRIBE for a turn of its own. */
  const inspect = (parserThis: ParserInternals, packet: Packet, later: boolean) => {
    if (closing) return; // the rest of a chunk that arrived with the offending packet
    if (packet.cmd === 'connect') protocol.connecting(packet);
    const violation = badStrings.get(packet) ?? check(packet, protocol.version);
    if (violation?.answer) return void writePacket(client.conn, violation.answer, protocol.version);
    if (violation) return refuse(violation);
    const refused = protocol.incoming(packet);
    if (refused !== undefined) return refuse({ clause: 'MQTT 5 section 4.13', reason: `refused with reason code ${refused}`, disconnect: refused });
    if (packet.cmd === 'subscribe') {
      adaptSubscribe(packet);
      protocol.overQuota(packet.messageId, capSubscriptions(client, packet, subscribe.caps, subscribe.refused, subscribe.log));
    }
    if (packet.cmd === 'unsubscribe') adaptUnsubscribe(packet);
    const handOn = () => {
      if (closing) return;
      release(packet); // aedes' own count takes over
      for (const handler of handlers) handler.call(parserThis, packet);
    };
    if (!later) return handOn();
    reserve(packet);
    waiting.unshift({ run: handOn, large: true });
  };

  // A large SUBSCRIBE is checked, then handled by aedes, each after the event loop polled for
  // I/O: for thousands of filters its parse, its checks and aedes' handling are tens of ms
  // each, and together they would hold the process (/api/health, other clients) for their
  // sum. Packets after it wait behind it, in order.
  const waiting: Array<{ run: () => void; large: boolean }> = [];
  /** Packets waiting here: aedes reads no further while they wait, as if it were handling them. */
  const waitedFor = new WeakSet<object>();
  const reserve = (packet: Packet) => {
    waitedFor.add(packet);
    holdReading(client, 1);
  };
  const release = (packet: Packet) => {
    if (waitedFor.delete(packet)) holdReading(client, -1);
  };
  const drain = () => {
    waiting.shift()!.run();
    while (waiting.length > 0 && !waiting[0]!.large) waiting.shift()!.run();
    if (waiting.length > 0) void afterIo().then(drain);
  };
  parser.on('packet', function guardedPacket(this: ParserInternals, packet: Packet) {
    const large = packet.cmd === 'subscribe' && packet.subscriptions.length >= LARGE_SUBSCRIBE;
    if (waiting.length === 0 && !large) return inspect(this, packet, false);
    reserve(packet);
    waiting.push({ run: () => { release(packet); inspect(this, packet, large); }, large });
    if (waiting.length === 1) void afterIo().then(drain);
  });

  const errorHandlers = parser.listeners('error') as Listener[];
  parser.removeAllListeners('error');
  parser.on('error', function guardedError(this: ParserInternals, err: Error) {
    // [MQTT-3.1.2-2] mqtt-packet rejects levels other than 3, 4 and 5 as malformed,
    // which would close the connection without the CONNACK the spec asks for
    if (refusedLevel && !closing) return refuse({ clause: '[MQTT-3.1.2-2]', reason: err.message, connack: 1 });
    if (!closing && protocol.version === 5 && protocol.accepted) return refuse({ clause: '[MQTT-3.14.1-1]', reason: err.message, disconnect: 0x81 });
    for (const handler of errorHandlers) handler.call(this, err);
  });
}

/** Filters of a SUBSCRIBE from which aedes gets it in a later turn of the event loop. */
const LARGE_SUBSCRIBE = 1000;

/** How long a connection told to go may take to close its end before it is cut, ms. */
const CLOSE_GRACE_MS = 2000;

/**
 * Sends DISCONNECT and half-closes, then closes once the client has (or after a grace period).
 * Destroying the socket at once would answer whatever the client still sends with a TCP reset,
 * which discards the DISCONNECT on its side before it could read why.
 */
function disconnectGracefully(client: Client, protocol: ConnectionProtocol, reasonCode: number, err: Error): void {
  writePacket(client.conn, { cmd: 'disconnect', reasonCode }, 5);
  protocol.end();
  client.conn.end();
  const timer = setTimeout(() => client.emit('error', err), CLOSE_GRACE_MS);
  timer.unref();
  client.conn.once('close', () => clearTimeout(timer));
}

function check(packet: Packet, version: number): Violation | undefined {
  return packet.cmd === 'connect' ? connectViolation(packet) : packetViolation(packet, version);
}

/** A refusing CONNACK: in the 3.1.1 encoding unless the client speaks MQTT 5. */
function connackBytes(code: number, version: number): Buffer {
  if (version !== 5) return code === 1 ? CONNACK_UNACCEPTABLE_LEVEL : Buffer.from([0x20, 0x02, 0x00, code]);
  // MQTT 5 [MQTT-3.2.2-6] a refusing CONNACK has Session Present 0
  return generate({ cmd: 'connack', sessionPresent: false, reasonCode: code, properties: { reasonString: reasonString(code) } }, { protocolVersion: 5 });
}

/**
 * [MQTT-3.8.4-4] [MQTT-3.8.4-5] (5: [MQTT-3.8.4-5] [MQTT-3.8.4-6]) a SUBSCRIBE is handled as a
 * sequence of SUBSCRIBEs, one per filter, with one return code each. aedes collapses repeated
 * filters (lib/handlers/subscribe.js `_dedupe`) and answers with fewer codes; this keeps the
 * list as sent, so a repeated filter replaces the earlier one in turn ([MQTT-3.8.4-3]).
 * Shared filters get their internal names.
 */
function adaptSubscribe(packet: ISubscribePacket): void {
  for (const sub of packet.subscriptions) sub.topic = internalName(sub.topic) ?? sub.topic;
  const subscriptions = packet.subscriptions;
  if (new Set(subscriptions.map((s) => s.topic)).size === subscriptions.length) return;
  Object.defineProperty(packet, 'subscriptions', {
    enumerable: true,
    get: () => subscriptions,
    set: () => {
      // aedes' collapsed copy is dropped on purpose, see above
    },
  });
}

function adaptUnsubscribe(packet: IUnsubscribePacket): void {
  packet.unsubscriptions = packet.unsubscriptions.map((filter) => internalName(filter) ?? filter);
}

function parserInternals(client: Client): ParserInternals {
  const parser = parserOf(client);
  if (typeof parser !== 'object' || parser === null || typeof Reflect.get(parser, '_parseString') !== 'function') {
    throw new Error('aedes client has no mqtt-packet parser (_parser): packet-guard.ts needs updating for this aedes version');
  }
  return parser as ParserInternals;
}

