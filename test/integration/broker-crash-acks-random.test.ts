// kill -9 at a random PUBACK of 40 in flight, 10 rounds (with broker-crash-acks-first: 20 kills).
import { test } from 'node:test';
import { killAtPubacks, PER_ROUND } from '../helpers/crash-acks.ts';

test('kill -9 at a random PUBACK (10 rounds): every acknowledged QoS 1 message and retained message survives', { timeout: 120_000 }, async (t) => {
  await killAtPubacks(t, 10, () => 1 + Math.floor(Math.random() * (PER_ROUND - 1)));
});
