// Hand-built MQTT 3.1.1 packets for the conformance tests: mqtt-packet refuses to generate
// most of the malformed packets these tests need, so they are written byte by byte.
import assert from 'node:assert/strict';
import type { Packet } from 'mqtt-packet';
import type { RawConnection } from './broker.ts';
import { within } from './broker.ts';

/** A two-byte big-endian integer (section 1.5.2). */
export function u16(n: number): Buffer {
  return Buffer.from([n >> 8, n & 0xff]);
}

/** A length-prefixed string (section 1.5.3); a Buffer is written as given, even if not UTF-8. */
export function str(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([u16(bytes.length), bytes]);
}

/** A packet: the first header byte, the remaining length (section 2.2.3), then `body`. */
export function packet(firstByte: number, ...body: Buffer[]): Buffer {
  const rest = Buffer.concat(body);
  const length: number[] = [];
  let n = rest.length;
  do {
    let digit = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) digit |= 0x80;
    length.push(digit);
  } while (n > 0);
  return Buffer.concat([Buffer.from([firstByte, ...length]), rest]);
}

/** CONNECT flag bits (section 3.1.2.2 - 3.1.2.9). */
export const FLAGS = { clean: 0x02, will: 0x04, willQos1: 0x08, willQos2: 0x10, willRetain: 0x20, password: 0x40, username: 0x80 };

/** A CONNECT packet; `payload` follows the client id (will topic and message, user name, password). */
export function connectBytes(opts: {
  flags?: number;
  clientId?: string | Buffer;
  protocol?: string;
  level?: number;
  payload?: Buffer[];
}): Buffer {
  return packet(
    0x10,
    str(opts.protocol ?? 'MQTT'),
    Buffer.from([opts.level ?? 4, opts.flags ?? FLAGS.clean]),
    u16(0), // keep alive off
    str(opts.clientId ?? 'raw'),
    ...(opts.payload ?? []),
  );
}

/** Asserts the broker closes the connection without answering anything. */
export async function assertClosedSilently(raw: RawConnection): Promise<void> {
  await raw.closed();
  // every byte that arrived was parsed before 'close'; anything sent would be waiting here
  await assert.rejects(raw.next(20), /timed out/, 'the broker answered before closing');
}

/** The next packet on `raw`, asserted to be a `cmd` packet. */
export async function nextOf<C extends Packet['cmd']>(raw: RawConnection, cmd: C): Promise<Extract<Packet, { cmd: C }>> {
  const got = await raw.next();
  assert.equal(got.cmd, cmd);
  return got as Extract<Packet, { cmd: C }>;
}
