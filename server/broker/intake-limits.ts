// What a client can make the broker buffer before it is even accepted. mqtt-packet's parser
// buffers whatever length a packet announces, and aedes queues the packets a client sends
// behind its CONNECT until the CONNACK is out: without a bound, a client that never
// authenticates could make the broker hold 256 MiB per connection. The bytes of every packet
// read before the CONNACK, the one being read included (its announced length, known from its
// fixed header, before its body arrives), must stay within `maxBytesBeforeConnack`; past it the
// connection is closed with a warning that says so. After the CONNACK, aedes applies
// `maximumPacketSize` the same way, while reading (lib/client.js `nextBatch`).
import type { Client } from 'aedes';
import type { Packet } from 'mqtt-packet';
import { remoteAddressOf } from './aedes-hooks.ts';
import { connackSent, parserOf } from './client-internals.ts';
import type { BrokerLog } from './options.ts';

/** The mqtt-packet Parser fields read here: the packet being parsed, with its announced length (-1 before). */
interface ParserView {
  packet?: { length?: number };
  on(event: 'packet', listener: (packet: Packet) => void): void;
  off(event: 'packet', listener: (packet: Packet) => void): void;
}

/** The whole size of a packet whose Remaining Length is `length`: header byte, length bytes, body (section 2.1.4). */
export function wireSize(length: number): number {
  return 1 + (length < 128 ? 1 : length < 16_384 ? 2 : length < 2_097_152 ? 3 : 4) + length;
}

/**
 * Closes `client`'s connection once what it sent before its CONNACK exceeds `maxBytes`.
 * Call right after `aedes.handle()` (the 'readable' listener must run after aedes' own).
 *
 * @example
 * limitBeforeConnack(client, { maxBytes: 1 << 20, log });
 */
export function limitBeforeConnack(client: Client, opts: { maxBytes: number; log: BrokerLog }): void {
  const parser: ParserView | undefined = viewOf(parserOf(client));
  if (!parser) throw new Error('aedes client has no mqtt-packet parser (_parser): intake-limits.ts needs updating for this aedes version');
  let received = 0;
  const count = (packet: Packet) => {
    // once the CONNACK is out the count is done: off the parser, whose every packet it saw
    if (connackSent(client)) parser.off('packet', count);
    else received += wireSize(packet.length ?? 0);
  };
  parser.on('packet', count);
  const check = () => {
    if (connackSent(client)) return void client.conn.off('readable', check);
    const announced = parser.packet?.length ?? -1;
    const bytes = received + (announced >= 0 ? wireSize(announced) : 0);
    if (bytes <= opts.maxBytes) return;
    client.conn.off('readable', check);
    opts.log.warn(
      { address: remoteAddressOf(client), clientId: client.id ?? undefined, bytes, maxBytesBeforeConnack: opts.maxBytes },
      'mqtt client sent more than allowed before its CONNACK: connection closed',
    );
    client.conn.destroy();
  };
  client.conn.on('readable', check);
}

function viewOf(parser: unknown): ParserView | undefined {
  return typeof parser === 'object' && parser !== null && typeof Reflect.get(parser, 'on') === 'function' && typeof Reflect.get(parser, 'off') === 'function' ? (parser as ParserView) : undefined;
}
