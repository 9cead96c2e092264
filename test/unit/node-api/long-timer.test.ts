import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLongTimeout, setLongInterval } from '../../../server/node-api/long-timer.ts';

const DAY = 86_400_000;
const MAX_TIMEOUT = 2 ** 31 - 1; // about 24.8 days
// Node's mock clock runs a timer due inside a tick at the tick's end, so the tests tick exactly
// to the end of each setTimeout leg.

test('setLongTimeout: waits longer than setTimeout\'s 24.8-day limit instead of firing at once', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let fired = 0;
  setLongTimeout(30 * DAY, () => fired++);
  t.mock.timers.tick(MAX_TIMEOUT);
  assert.equal(fired, 0);
  t.mock.timers.tick(30 * DAY - MAX_TIMEOUT - 1);
  assert.equal(fired, 0);
  t.mock.timers.tick(1);
  assert.equal(fired, 1);
});

test('setLongTimeout: cancel stops a long timer in its second leg', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let fired = 0;
  const timer = setLongTimeout(30 * DAY, () => fired++);
  t.mock.timers.tick(MAX_TIMEOUT);
  timer.cancel();
  t.mock.timers.tick(30 * DAY);
  assert.equal(fired, 0);
});

test('setLongInterval: repeats until cancelled, also with a period beyond the limit', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  let short = 0;
  const a = setLongInterval(10, () => short++);
  t.mock.timers.tick(35);
  assert.equal(short, 3);
  a.cancel();
  t.mock.timers.tick(100);
  assert.equal(short, 3);

  let long = 0;
  const b = setLongInterval(30 * DAY, () => long++);
  for (let round = 1; round <= 2; round++) {
    t.mock.timers.tick(MAX_TIMEOUT);
    assert.equal(long, round - 1);
    t.mock.timers.tick(30 * DAY - MAX_TIMEOUT);
    assert.equal(long, round);
  }
  b.cancel();
  t.mock.timers.tick(60 * DAY);
  assert.equal(long, 2);
});
