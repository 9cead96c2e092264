import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type TestNode } from '../../test/helpers/flows.ts';

const delayFlow = (config: Record<string, unknown>): TestNode[] => [
  { id: 'd', type: 'delay', config, wires: [['out']] },
  { id: 'out', type: 'test-sink' },
];

const start = async (t: { after(fn: () => Promise<void>): void }, config: Record<string, unknown>) => {
  const flows = await runFlows(delayFlow(config));
  t.after(() => flows.stop());
  return flows;
};

// The harness documents `errors`; the runtime currently puts the list in `details`.
type DeployError = Error & { errors?: Array<{ node: string; path: string }>; details?: Array<{ node: string; path: string }> };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('delay: holds each message for the configured time', async (t) => {
  const flows = await start(t, { pauseType: 'delay', timeout: 60, timeoutUnits: 'milliseconds' });
  const sentAt = Date.now();
  flows.send('d', { payload: 'a', topic: 't' });
  await pause(25);
  assert.equal(flows.received('out').length, 0, 'released too early');
  const [msg] = await flows.waitFor('out', 1);
  assert.ok(Date.now() - sentAt >= 55);
  assert.equal(msg!.payload, 'a');
  assert.equal(msg!.topic, 't');
});

test('delay: converts units (0.05 seconds = 50 ms)', async (t) => {
  const flows = await start(t, { pauseType: 'delay', timeout: 0.05, timeoutUnits: 'seconds' });
  const sentAt = Date.now();
  flows.send('d', { payload: 1 });
  await flows.waitFor('out', 1);
  assert.ok(Date.now() - sentAt >= 45);
});

test('delayv: msg.delay (ms) overrides the configured delay; without it the configured one applies', async (t) => {
  const flows = await start(t, { pauseType: 'delayv', timeout: 150, timeoutUnits: 'milliseconds' });
  flows.send('d', { payload: 'default' });
  flows.send('d', { payload: 'fast', delay: 10 });
  flows.send('d', { payload: 'negative means now', delay: -5 });
  flows.send('d', { payload: 'text is ignored', delay: 'soon' });
  const got = await flows.waitFor('out', 4, 1000);
  assert.deepEqual(got.map((m) => m.payload), ['negative means now', 'fast', 'default', 'text is ignored']);
});

test('random: each delay falls within the range', async (t) => {
  const flows = await start(t, { pauseType: 'random', randomFirst: 30, randomLast: 60, randomUnits: 'milliseconds' });
  const sentAt = Date.now();
  for (let i = 0; i < 5; i++) flows.send('d', { payload: i });
  await pause(20);
  assert.equal(flows.received('out').length, 0);
  await flows.waitFor('out', 5, 500);
  assert.ok(Date.now() - sentAt < 400);
});

test('delay: msg.reset drops every held message, including itself', async (t) => {
  const flows = await start(t, { pauseType: 'delay', timeout: 40, timeoutUnits: 'milliseconds' });
  flows.send('d', { payload: 1 });
  flows.send('d', { payload: 2 });
  flows.send('d', { payload: 3, reset: true });
  await pause(100);
  assert.equal(flows.received('out').length, 0);
  flows.send('d', { payload: 4 });
  const [msg] = await flows.waitFor('out', 1);
  assert.equal(msg!.payload, 4);
});

test('delay: msg.flush releases held messages now, a number releases that many', async (t) => {
  const flows = await start(t, { pauseType: 'delay', timeout: 10, timeoutUnits: 'seconds' });
  for (const payload of [1, 2, 3]) flows.send('d', { payload });
  flows.send('d', { flush: 2 });
  const got = await flows.waitFor('out', 2);
  assert.deepEqual(got.map((m) => m.payload), [1, 2]);
  flows.send('d', { payload: 4, flush: true }); // a message carrying flush is released with the others
  const all = await flows.waitFor('out', 4);
  assert.deepEqual(all.map((m) => m.payload), [1, 2, 3, 4]);
  assert.ok(all.every((m) => !('flush' in m) || m.payload === 4), 'the pure control message is not sent');
});

test('delay: the status shows how many messages are held (throttled), and clears when empty', async (t) => {
  const flows = await start(t, { pauseType: 'delay', timeout: 400, timeoutUnits: 'milliseconds' });
  for (const payload of [1, 2, 3]) flows.send('d', { payload });
  await flows.waitForEvent('status', (e) => e.node === 'd' && e.text === '3', 1000);
  assert.ok(flows.events.status.length <= 2, 'one status per message would flood the editor');
  await flows.waitFor('out', 3, 1000);
  await flows.waitForEvent('status', (e) => e.node === 'd' && e.text === undefined, 1000);
});

test('delay: beyond maxQueue the oldest held message is dropped, with one warning', async (t) => {
  const flows = await start(t, { pauseType: 'delay', timeout: 40, timeoutUnits: 'milliseconds', maxQueue: 2 });
  for (const payload of [1, 2, 3, 4]) flows.send('d', { payload });
  const got = await flows.waitFor('out', 2);
  await pause(60);
  assert.deepEqual(flows.received('out').map((m) => m.payload), [3, 4]);
  assert.deepEqual(got.map((m) => m.payload), [3, 4]);
  assert.equal(flows.events.log.filter((e) => e.node === 'd' && e.level === 'warn').length, 1);
});

test('delay: stopping the flow cancels held messages', async (t) => {
  const flows = await runFlows(delayFlow({ pauseType: 'delay', timeout: 30, timeoutUnits: 'milliseconds' }));
  flows.send('d', { payload: 1 });
  await pause(5);
  await flows.stop();
  await pause(60);
  assert.equal(flows.received('out').length, 0);
});

test('delay: rejects a negative delay and an unknown mode at deploy', async () => {
  for (const config of [{ timeout: -1 }, { pauseType: 'burst' }, { rate: 0 }]) {
    await assert.rejects(runFlows(delayFlow(config)), (err: DeployError) => {
      assert.equal((err.errors ?? err.details)?.[0]?.node, 'd');
      return true;
    });
  }
});
