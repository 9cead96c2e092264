import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { readWithoutCopies } from '../../../server/broker/parser-reads.ts';

const connect = (version: 4 | 5): Packet => ({
  cmd: 'connect', protocolId: 'MQTT', protocolVersion: version, clean: true, clientId: 'dévice-1', keepalive: 30, username: 'u', password: Buffer.from('p'),
});

const PACKETS: Array<{ packet: Packet; version: 4 | 5 }> = [
  { version: 4, packet: { cmd: 'publish', topic: 'bench/q0/in/1', payload: Buffer.from('{"s":1,"g":1}'), qos: 0, retain: false, dup: false } },
  { version: 4, packet: { cmd: 'publish', topic: 'a/ü/€', payload: Buffer.alloc(300, 7), qos: 1, messageId: 513, retain: true, dup: false } },
  { version: 4, packet: { cmd: 'publish', topic: 'empty', payload: Buffer.alloc(0), qos: 2, messageId: 65535, retain: false, dup: true } },
  { version: 4, packet: { cmd: 'subscribe', messageId: 7, subscriptions: [{ topic: 'a/+', qos: 1 }, { topic: '#', qos: 0 }] } },
  { version: 5, packet: {
    cmd: 'publish', topic: 'v5/t', payload: Buffer.from('x'), qos: 1, messageId: 9, retain: false, dup: false,
    properties: { contentType: 'application/json', userProperties: { a: 'b', c: ['d', 'e'] }, messageExpiryInterval: 70000, correlationData: Buffer.from([1, 2, 3]) },
  } },
  { version: 4, packet: { cmd: 'puback', messageId: 300 } },
  { version: 4, packet: { cmd: 'pingreq' } },
];

/** The packets a parser emits for `chunks`, with or without the copy-free reads. */
function parse(chunks: Buffer[], version: 4 | 5, copyFree: boolean): unknown[] {
  const parser = mqttPacket.parser({ protocolVersion: version });
  if (copyFree) readWithoutCopies({ _parser: parser } as unknown as Parameters<typeof readWithoutCopies>[0]);
  const out: unknown[] = [];
  parser.on('packet', (p) => out.push({ ...p }));
  parser.on('error', (err) => out.push(`error: ${err.message}`));
  for (const chunk of chunks) parser.parse(chunk);
  return out;
}

test('readWithoutCopies: the parser emits the same packets, however the bytes are split', () => {
  for (const version of [4, 5] as const) {
    const mine = [connect(version), ...PACKETS.filter((p) => p.version <= version).map((p) => p.packet)];
    const stream = Buffer.concat(mine.map((packet) => mqttPacket.generate(packet, { protocolVersion: version })));
    const expected = parse([stream], version, false);
    assert.equal(expected.length, mine.length);
    assert.deepEqual(parse([stream], version, true), expected);
    // one byte at a time: every number and string straddles the list's buffers
    assert.deepEqual(parse([...stream].map((b) => Buffer.from([b])), version, true), expected);
    for (let cut = 1; cut < stream.length; cut += 3) {
      assert.deepEqual(parse([stream.subarray(0, cut), stream.subarray(cut)], version, true), expected, `split at ${cut}`);
    }
  }
});

test('readWithoutCopies: a malformed packet is an error as before', () => {
  const bad = Buffer.from([0x30, 0x05, 0x00, 0x09, 0x61, 0x62, 0x63]); // topic length past the packet
  assert.deepEqual(parse([bad], 4, true), parse([bad], 4, false));
});
