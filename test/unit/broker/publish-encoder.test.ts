import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqttPacket, { type IPublishPacket } from 'mqtt-packet';
import { encodePublish } from '../../../server/broker/publish-encoder.ts';

const base: IPublishPacket = { cmd: 'publish', topic: 'bench/q0/out/1', payload: Buffer.from('{"s":1}'), qos: 0, retain: false, dup: false };

test('encodePublish: the bytes mqtt-packet generates, for every version, QoS and flag', () => {
  const bigPayload = Buffer.alloc(200_000, 7); // a 3-byte Remaining Length
  const variants: IPublishPacket[] = [
    base,
    { ...base, qos: 1, messageId: 1 },
    { ...base, qos: 2, messageId: 65535, dup: true, retain: true },
    { ...base, retain: true },
    { ...base, payload: 'a string payload, ünïcödé' },
    { ...base, payload: Buffer.alloc(0) },
    { ...base, payload: '' },
    { ...base, topic: 'tëst/ü/€' },
    { ...base, payload: Buffer.alloc(127 - 2 - 14, 1) }, // Remaining Length 127: one byte
    { ...base, payload: Buffer.alloc(128 - 2 - 14, 1) }, // 128: two bytes
    { ...base, payload: bigPayload },
    { ...base, properties: {} },
  ];
  for (const version of [3, 4, 5]) {
    for (const packet of variants) {
      const expected = mqttPacket.generate(packet, { protocolVersion: version });
      assert.deepEqual(encodePublish(packet, version), expected, `version ${version}, ${JSON.stringify({ ...packet, payload: packet.payload.length })}`);
    }
  }
});

test('encodePublish: leaves MQTT 5 properties and packets mqtt-packet would refuse to mqtt-packet', () => {
  assert.equal(encodePublish({ ...base, properties: { contentType: 'text/plain' } }, 5), undefined);
  assert.equal(encodePublish({ ...base, properties: { topicAlias: 1 }, topic: '' }, 5), undefined);
  assert.equal(encodePublish({ ...base, qos: 1 }, 4), undefined); // no packet identifier
  assert.equal(encodePublish({ ...base, topic: Buffer.from('a') as unknown as string }, 4), undefined);
  assert.equal(encodePublish({ ...base, topic: 'x'.repeat(70_000) }, 4), undefined);
  // properties mean nothing below MQTT 5: mqtt-packet leaves them out too
  const v4 = { ...base, properties: { contentType: 'text/plain' } };
  assert.deepEqual(encodePublish(v4, 4), mqttPacket.generate(v4, { protocolVersion: 4 }));
});
