import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '#node-api';
import { deployErrors, settle, startNode, type TestContext } from '../../test/helpers/node-test.ts';
import { parseGap, passes } from './band.ts';

/**
 * Sends the messages through a filter node and checks the payloads that pass, in order.
 * Waits for as many as expected, then a little longer to catch unexpected ones.
 */
async function assertPassed(t: TestContext, config: Record<string, unknown>, messages: Array<Partial<Message>>, expected: unknown[]): Promise<void> {
  const flows = await startNode(t, 'filter', config);
  for (const msg of messages) flows.send('n', msg);
  await flows.waitFor('out0', expected.length).catch(() => undefined); // a shortfall shows in the comparison below
  await settle();
  assert.deepEqual(flows.received('out0').map((m) => m.payload), expected);
}

const payloads = (...values: unknown[]) => values.map((payload) => ({ payload }));

test('band tests at the gap', () => {
  const gap = { amount: 2, percent: false };
  const funcs = ['deadband', 'deadbandEq', 'narrowband', 'narrowbandEq'] as const;
  assert.deepEqual(funcs.map((f) => passes(f, 12, 10, gap)), [false, true, true, false]);
  assert.equal(passes('deadband', 12.5, 10, gap), true);
  assert.equal(passes('narrowband', 12.5, 10, gap), false);
  assert.equal(passes('deadband', 111, 100, { amount: 10, percent: true }), true);
  assert.equal(passes('deadband', 109, 100, { amount: 10, percent: true }), false);
});

test('gaps parse as numbers or percentages', () => {
  assert.deepEqual(parseGap('', '/gap'), { amount: 0, percent: false });
  assert.deepEqual(parseGap(' 5% ', '/gap'), { amount: 5, percent: true });
  assert.deepEqual(parseGap('0.5', '/gap'), { amount: 0.5, percent: false });
  assert.throws(() => parseGap('%', '/gap'), /not a gap/);
  assert.throws(() => parseGap('-1', '/gap'), /not a gap/);
});

test('rbe: blocks unless the value changes, comparing objects deeply', async (t) => {
  await assertPassed(t, { func: 'rbe' }, payloads(1, 1, 2, 2, '2', { a: [1] }, { a: [1] }, { a: [2] }), [1, 2, '2', { a: [1] }, { a: [2] }]);
});

test('rbei: the same, but the first value is only remembered', async (t) => {
  await assertPassed(t, { func: 'rbei' }, payloads(1, 1, 2, 2, 3), [2, 3]);
});

test('rbe keeps one value per topic, or one for all with septopics off', async (t) => {
  const messages = [{ topic: 'a', payload: 1 }, { topic: 'b', payload: 1 }, { topic: 'a', payload: 1 }, { topic: 'b', payload: 2 }];
  await assertPassed(t, {}, messages, [1, 1, 2]);
  await assertPassed(t, { septopics: false }, messages, [1, 2]);
  await assertPassed(t, { topi: 'room' }, [{ room: 'x', payload: 1 }, { room: 'y', payload: 1 }], [1, 1]);
});

test('a remembered object is a copy: mutating the sent message does not change it', async (t) => {
  const flows = await startNode(t, 'filter', {});
  flows.send('n', { payload: { n: 1 } });
  const [first] = await flows.waitFor('out0', 1);
  (first!.payload as { n: number }).n = 2;
  flows.send('n', { payload: { n: 2 } });
  await flows.waitFor('out0', 2);
});

test('msg.reset forgets one topic, or everything without a topic', async (t) => {
  await assertPassed(t, {}, [
    { topic: 'a', payload: 1 }, { topic: 'b', payload: 1 },
    { topic: 'a', reset: true },
    { topic: 'a', payload: 1 }, { topic: 'b', payload: 1 },
    { reset: true },
    { topic: 'b', payload: 1 },
  ], [1, 1, 1, 1]);
});

test('deadband: passes changes greater than the gap, compared with the last output', async (t) => {
  await assertPassed(t, { func: 'deadband', gap: '10' }, payloads(100, 105, 111, 115, 121, '135 W', 'n/a'), [100, 111, '135 W']);
});

test('deadband compared with the last input', async (t) => {
  await assertPassed(t, { func: 'deadband', gap: '10', inout: 'in' }, payloads(100, 105, 111, 115, 126), [100, 126]);
});

test('deadbandEq passes a change equal to the gap; a percentage gap scales', async (t) => {
  await assertPassed(t, { func: 'deadbandEq', gap: '10' }, payloads(100, 110, 119, 120), [100, 110, 120]);
  await assertPassed(t, { func: 'deadband', gap: '10%' }, payloads(100, 109, 111, 120, 123), [100, 111, 123]);
});

test('narrowband: blocks outliers, starting from the start value or the first value', async (t) => {
  await assertPassed(t, { func: 'narrowband', gap: '10', start: '50' }, payloads(100, 55, 60, 75, 70), [55, 60, 70]);
  await assertPassed(t, { func: 'narrowband', gap: '10' }, payloads(100, 110, 200, 115), [100, 110, 115]);
  await assertPassed(t, { func: 'narrowbandEq', gap: '10' }, payloads(100, 110, 109), [100, 109]);
});

test('a value without a number is dropped with a warning', async (t) => {
  const flows = await startNode(t, 'filter', { func: 'deadband', gap: '1' });
  flows.send('n', { payload: 'warm' });
  const log = await flows.waitForEvent('log', (e) => e.level === 'warn' && e.node === 'n');
  assert.match(log.message, /No number found in msg.payload/);
  assert.equal(flows.received('out0').length, 0);
});

test('bad config is a deploy error', async () => {
  assert.equal((await deployErrors('filter', { func: 'deadband', gap: 'ten' }))[0]?.path, '/config/gap');
  assert.equal((await deployErrors('filter', { func: 'narrowband', start: 'x' }))[0]?.path, '/config/start');
  assert.equal((await deployErrors('filter', { func: 'exception' }))[0]?.path, '/config/func');
  assert.equal((await deployErrors('filter', { topi: '' }))[0]?.path, '/config/topi');
});
