// The token bucket behind mqtt.maxPublishRate, on an injected clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from '../../../server/broker/publish-rate.ts';

test('a full bucket lets a burst through, then refills at the rate, never beyond the burst', () => {
  const bucket = new TokenBucket(2, 5, 0);
  const takes = (now: number, count: number) => Array.from({ length: count }, () => bucket.take(now)).filter(Boolean).length;
  assert.equal(takes(0, 8), 5, 'the burst');
  assert.equal(takes(499, 1), 0, 'less than one token after 499 ms at 2/s');
  assert.equal(takes(500, 3), 1, 'one token after 500 ms');
  assert.equal(takes(100_500, 10), 5, 'a long pause refills only up to the burst');
});

test('fractional rates: one publish every ten seconds', () => {
  const bucket = new TokenBucket(0.1, 1, 0);
  assert.deepEqual([bucket.take(0), bucket.take(9_999), bucket.take(10_000)], [true, false, true]);
});
