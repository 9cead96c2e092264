import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqttPacket, { type IPublishPacket } from 'mqtt-packet';
import { encodeDelivery, encodePublish, publishSize } from '../../../server/broker/publish-encoder.ts';

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
      assert.equal(publishSize(packet, version), expected.length);
    }
  }
});

test('encodePublish: leaves MQTT 5 properties and packets mqtt-packet would refuse to mqtt-packet', () => {
  assert.equal(encodePublish({ ...base, properties: { contentType: 'text/plain' } }, 5), undefined);
  assert.equal(publishSize({ ...base, properties: { contentType: 'text/plain' } }, 5), undefined);
  assert.equal(encodePublish({ ...base, properties: { topicAlias: 1 }, topic: '' }, 5), undefined);
  assert.equal(encodePublish({ ...base, qos: 1 }, 4), undefined); // no packet identifier
  assert.equal(encodePublish({ ...base, qos: 1, messageId: 70_000 }, 4), undefined);
  assert.equal(encodePublish({ ...base, topic: Buffer.from('a') as unknown as string }, 4), undefined);
  assert.equal(encodePublish({ ...base, topic: 'x'.repeat(70_000) }, 4), undefined);
  // properties mean nothing below MQTT 5: mqtt-packet leaves them out too
  const v4 = { ...base, properties: { contentType: 'text/plain' } };
  assert.deepEqual(encodePublish(v4, 4), mqttPacket.generate(v4, { protocolVersion: 4 }));
});

test('encodeDelivery: one encoding per message for all its subscribers, never one message\'s bytes for another', () => {
  const payload = Buffer.from('same buffer, changed in place later');
  const message = { ...base, payload, brokerId: 'b1', brokerCounter: 1 };
  const first = encodeDelivery({ ...message }, 4);
  assert.equal(encodeDelivery({ ...message }, 4), first, 'a second subscriber gets the same bytes');
  assert.equal(encodeDelivery({ ...message }, 3), first, '3.1 and 3.1.1 encode a PUBLISH alike');
  // what changes the bytes is not taken from the memory
  assert.deepEqual(encodeDelivery({ ...message }, 5), encodePublish(message, 5));
  assert.deepEqual(encodeDelivery({ ...message, retain: true }, 4), encodePublish({ ...message, retain: true }, 4));
  assert.deepEqual(encodeDelivery({ ...message, qos: 1, messageId: 5 }, 4), encodePublish({ ...message, qos: 1, messageId: 5 }, 4));
  assert.deepEqual(encodeDelivery({ ...message, qos: 1, messageId: 6 }, 4), encodePublish({ ...message, qos: 1, messageId: 6 }, 4));
  // the next message, in the same buffer changed in place, is encoded anew
  payload.write('SAME');
  assert.deepEqual(encodeDelivery({ ...message, brokerCounter: 2 }, 4), encodePublish(message, 4));
  // a packet without a broker id (a retained message sent on subscribe) is not remembered
  assert.deepEqual(encodeDelivery({ ...base, topic: 'r' }, 4), encodePublish({ ...base, topic: 'r' }, 4));
});
