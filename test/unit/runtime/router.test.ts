import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Message } from '../../../server/node-api/types.ts';
import { Router, type Receiver } from '../../../server/runtime/router.ts';

/** A receiver that records what it got, and may route on (as a node's output would). */
function recorder(log: string[], name: string, onward?: (msg: Message) => void): Receiver {
  return {
    receive(msg) {
      log.push(`${name}:${String(msg.payload)}`);
      onward?.(msg);
      return false;
    },
  };
}

async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) await nextTurn();
}

test('router: deliveries arrive in order across many turns, bursts and deliveries routed while draining', async () => {
  const router = new Router();
  const log: string[] = [];
  const last = recorder(log, 'b');
  const first = recorder(log, 'a', (msg) => router.route([last], msg, false));
  const expected: string[] = [];
  // bursts larger than one turn's budget (2000) and than the ring's first size, and small ones
  for (const burst of [3, 5000, 1, 9000, 7]) {
    for (let i = 0; i < burst; i++) router.route([first], { _msgid: 'x', payload: `${burst}-${i}` }, false);
    await settled();
    for (let i = 0; i < burst; i++) expected.push(`a:${burst}-${i}`, `b:${burst}-${i}`);
  }
  // what a receiver routes on is queued behind what was already waiting: compare per receiver
  assert.deepEqual(log.filter((e) => e.startsWith('a:')), expected.filter((e) => e.startsWith('a:')));
  assert.deepEqual(log.filter((e) => e.startsWith('b:')), expected.filter((e) => e.startsWith('b:')));
  assert.equal(log.length, expected.length);
});

test('router: the first target gets the message itself, every other a copy its changes do not reach', async () => {
  const router = new Router();
  const got: Message[] = [];
  const mutating: Receiver = {
    receive(msg) {
      (msg.payload as { n: number }).n++;
      got.push(msg);
      return false;
    },
  };
  const msg: Message = { _msgid: 'x', payload: { n: 0 } };
  router.route([mutating, mutating, mutating], msg, false);
  await settled();
  assert.equal(got[0], msg);
  assert.deepEqual(got.map((m) => (m.payload as { n: number }).n), [1, 1, 1]);
});

test('router: a delivery still working ends the turn; the rest follow in order in the next ones', async () => {
  const router = new Router();
  const log: string[] = [];
  let turns = 0;
  const busy: Receiver = { receive: (msg) => (log.push(String(msg.payload)), true) };
  for (let i = 0; i < 5; i++) router.route([busy], { _msgid: 'x', payload: i }, false);
  while (log.length < 5 && turns < 50) {
    await nextTurn();
    turns++;
  }
  assert.deepEqual(log, ['0', '1', '2', '3', '4']);
  assert.ok(turns >= 5, `one delivery per turn (${turns} turns)`);
});
