// kill -9 at one of the first PUBACKs of 40 in flight, where the most messages are still being
// stored, 10 rounds (with broker-crash-acks-random: 20 kills).
import { test } from 'node:test';
import { killAtPubacks } from '../helpers/crash-acks.ts';

test('kill -9 at one of the first PUBACKs (10 rounds): every acknowledged QoS 1 message and retained message survives', { timeout: 120_000 }, async (t) => {
  await killAtPubacks(t, 10, (round) => 1 + (round % 3));
});
