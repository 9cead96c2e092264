import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type TestFlows } from '../../test/helpers/flows.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const start = async (t: { after(fn: () => Promise<void>): void }, config: Record<string, unknown>) => {
  const flows = await runFlows([
    { id: 'd', type: 'delay', config, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  return flows;
};

// Gaps are checked against 60 ms for a 100 ms interval: polling under a loaded test run adds jitter.
/** Milliseconds after `since` at which each of the first `count` messages reached the sink. */
async function arrivals(flows: TestFlows, count: number, since: number, timeoutMs = 2000): Promise<number[]> {
  const times: number[] = [];
  const deadline = Date.now() + timeoutMs;
  while (times.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${times.length} of ${count} messages arrived`);
    const got = flows.received('out').length;
    while (times.length < got) times.push(Date.now() - since);
    await pause(2);
  }
  return times;
}

test('rate: queues messages and releases one per interval, the first at once', async (t) => {
  const flows = await start(t, { pauseType: 'rate', rate: 10, nbRateUnits: 1, rateUnits: 'second' }); // 100 ms apart
  const since = Date.now();
  for (const payload of [1, 2, 3, 4]) flows.send('d', { payload });
  const times = await arrivals(flows, 4, since);
  assert.ok(times[0]! < 60, `first after ${times[0]} ms`);
  for (let i = 1; i < 4; i++) assert.ok(times[i]! - times[i - 1]! >= 60, `gap ${i}: ${times[i]! - times[i - 1]!} ms`);
  assert.deepEqual(flows.received('out').map((m) => m.payload), [1, 2, 3, 4]);
});

test('rate: nbRateUnits stretches the period (2 per 0.2 s = 100 ms apart)', async (t) => {
  const flows = await start(t, { pauseType: 'rate', rate: 2, nbRateUnits: 0.2, rateUnits: 'second' });
  const since = Date.now();
  for (const payload of [1, 2]) flows.send('d', { payload });
  const times = await arrivals(flows, 2, since);
  assert.ok(times[1]! - times[0]! >= 60 && times[1]! - times[0]! < 400);
});

test('rate with drop: messages arriving within the interval are discarded', async (t) => {
  const flows = await start(t, { pauseType: 'rate', rate: 10, rateUnits: 'second', drop: true });
  for (const payload of [1, 2, 3]) flows.send('d', { payload });
  await flows.waitFor('out', 1);
  await pause(120);
  flows.send('d', { payload: 4 });
  await flows.waitFor('out', 2);
  await pause(30);
  assert.deepEqual(flows.received('out').map((m) => m.payload), [1, 4]);
});

/** A delay node with two outputs, to sinks "out" and "extra". */
const startTwoOutputs = async (t: { after(fn: () => Promise<void>): void }, config: Record<string, unknown>) => {
  const flows = await runFlows([
    { id: 'd', type: 'delay', config: { ...config, outputs: 2 }, wires: [['out'], ['extra']] },
    { id: 'out', type: 'test-sink' },
    { id: 'extra', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  return flows;
};

test('rate with drop and 2 outputs: intermediate messages leave on the second output (Node-RED\'s "send intermediate messages on extra output")', async (t) => {
  const flows = await startTwoOutputs(t, { pauseType: 'rate', rate: 10, rateUnits: 'second', drop: true });
  for (const payload of [1, 2, 3]) flows.send('d', { payload });
  await flows.waitFor('extra', 2);
  assert.deepEqual(flows.received('out').map((m) => m.payload), [1]);
  assert.deepEqual(flows.received('extra').map((m) => m.payload), [2, 3]);
});

test('per topic with 2 outputs: a message replaced by a newer one of its topic leaves on the second output', async (t) => {
  const flows = await startTwoOutputs(t, { pauseType: 'timed', rate: 10, rateUnits: 'second' });
  flows.send('d', { topic: 'a', payload: 1 });
  flows.send('d', { topic: 'a', payload: 2 });
  flows.send('d', { topic: 'b', payload: 3 });
  await flows.waitFor('out', 2);
  assert.deepEqual(flows.received('extra').map((m) => m.payload), [1]);
  assert.deepEqual(flows.received('out').map((m) => m.payload).sort(), [2, 3]);
});

test('rate: msg.rate (ms) overrides the rate only when allowrate is set', async (t) => {
  const allowed = await start(t, { pauseType: 'rate', rate: 1, rateUnits: 'second', allowrate: true });
  for (const payload of [1, 2, 3]) allowed.send('d', { payload, rate: 20 });
  await allowed.waitFor('out', 3, 500);

  const fixed = await start(t, { pauseType: 'rate', rate: 1, rateUnits: 'second' });
  for (const payload of [1, 2, 3]) fixed.send('d', { payload, rate: 20 });
  await pause(300);
  assert.equal(fixed.received('out').length, 1);
});

test('rate: msg.reset empties the queue and lets the next message through at once', async (t) => {
  const flows = await start(t, { pauseType: 'rate', rate: 1, rateUnits: 'second' });
  for (const payload of [1, 2, 3]) flows.send('d', { payload });
  await flows.waitFor('out', 1);
  flows.send('d', { reset: true });
  flows.send('d', { payload: 4 });
  await flows.waitFor('out', 2, 300);
  await pause(50);
  assert.deepEqual(flows.received('out').map((m) => m.payload), [1, 4]);
});

test('rate: msg.flush releases the queue; msg.toFront jumps it', async (t) => {
  const flows = await start(t, { pauseType: 'rate', rate: 1, rateUnits: 'minute' });
  for (const payload of [1, 2, 3]) flows.send('d', { payload });
  flows.send('d', { payload: 'urgent', toFront: true });
  flows.send('d', { flush: 1 });
  await flows.waitFor('out', 2);
  assert.deepEqual(flows.received('out').map((m) => m.payload), [1, 'urgent']);
  flows.send('d', { flush: true });
  const got = await flows.waitFor('out', 4);
  assert.deepEqual(got.map((m) => m.payload), [1, 'urgent', 2, 3]);
});

test('rate: the status shows the queue length', async (t) => {
  const flows = await start(t, { pauseType: 'rate', rate: 1, rateUnits: 'minute' });
  for (const payload of [1, 2, 3, 4]) flows.send('d', { payload });
  await flows.waitForEvent('status', (e) => e.node === 'd' && e.text === '3', 1000);
});

test('rate: beyond maxQueue the oldest queued message is dropped, counted in the status, warned about once', async (t) => {
  const flows = await start(t, { pauseType: 'rate', rate: 1, rateUnits: 'minute', maxQueue: 2 });
  for (const payload of [1, 2, 3, 4, 5]) flows.send('d', { payload });
  await flows.waitFor('out', 1);
  await flows.waitForEvent('status', (e) => e.node === 'd' && e.text === '2 (2 dropped)', 1000);
  flows.send('d', { flush: true });
  const got = await flows.waitFor('out', 3);
  assert.deepEqual(got.map((m) => m.payload), [1, 4, 5]);
  const warnings = flows.events.log.filter((e) => e.level === 'warn' && /queue limit of 2/.test(e.message));
  assert.equal(warnings.length, 1, 'the first drop is reported at once, the next one with the minute\'s summary');
  assert.match(warnings[0]!.message, /^1 held message\(s\) dropped/);
});

test('timed: each interval releases the latest message of every topic', async (t) => {
  const flows = await start(t, { pauseType: 'timed', rate: 10, rateUnits: 'second' });
  flows.send('d', { topic: 'a', payload: 'a1' });
  flows.send('d', { topic: 'a', payload: 'a2' });
  flows.send('d', { topic: 'b', payload: 'b1' });
  flows.send('d', { payload: 'no topic' });
  const got = await flows.waitFor('out', 3, 500);
  assert.deepEqual(got.map((m) => m.payload), ['a2', 'b1', 'no topic']);
  await pause(150);
  assert.equal(flows.received('out').length, 3);
});

test('queue: each interval releases one topic, oldest first; a newer message keeps its topic\'s turn', async (t) => {
  const flows = await start(t, { pauseType: 'queue', rate: 10, rateUnits: 'second' });
  const since = Date.now();
  flows.send('d', { topic: 'a', payload: 'a1' });
  flows.send('d', { topic: 'b', payload: 'b1' });
  flows.send('d', { topic: 'a', payload: 'a2' });
  flows.send('d', { topic: 'c', payload: 'c1' });
  const times = await arrivals(flows, 3, since);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['a2', 'b1', 'c1']);
  assert.ok(times[1]! - times[0]! >= 60 && times[2]! - times[1]! >= 60);
});

test('queue: msg.flush releases topics now, msg.reset drops them', async (t) => {
  const flows = await start(t, { pauseType: 'queue', rate: 1, rateUnits: 'minute' });
  flows.send('d', { topic: 'a', payload: 'a' });
  flows.send('d', { topic: 'b', payload: 'b' });
  flows.send('d', { topic: 'c', payload: 'c' });
  flows.send('d', { flush: 2 });
  await flows.waitFor('out', 2);
  flows.send('d', { reset: true });
  flows.send('d', { flush: true });
  await pause(50);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['a', 'b']);
});
