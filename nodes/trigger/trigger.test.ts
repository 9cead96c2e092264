import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type TestNode } from '../../test/helpers/flows.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const str = (value: string) => ({ type: 'str', value });

const triggerFlow = (config: Record<string, unknown>): TestNode[] => [
  { id: 'tr', type: 'trigger', config, wires: config.outputs === 2 ? [['out'], ['out2']] : [['out']] },
  { id: 'out', type: 'test-sink' },
  { id: 'out2', type: 'test-sink' },
];

const start = async (t: { after(fn: () => Promise<void>): void }, config: Record<string, unknown>) => {
  const flows = await runFlows(triggerFlow(config));
  t.after(() => flows.stop());
  return flows;
};

type DeployError = Error & { errors?: Array<{ node: string; path: string }>; details?: Array<{ node: string; path: string }> };
const deployErrors = (err: DeployError) => err.errors ?? err.details ?? [];

test('sends "1" at once, then "0" after the duration, keeping the other properties', async (t) => {
  const flows = await start(t, { duration: 40 });
  const since = Date.now();
  flows.send('tr', { payload: 'go', topic: 'lamp' });
  const [first] = await flows.waitFor('out', 1);
  assert.deepEqual([first!.payload, first!.topic], ['1', 'lamp']);
  const [, second] = await flows.waitFor('out', 2);
  assert.ok(Date.now() - since >= 35);
  assert.deepEqual([second!.payload, second!.topic], ['0', 'lamp']);
});

test('ignores messages while waiting, unless extend is set', async (t) => {
  const flows = await start(t, { duration: 50 });
  for (const payload of [1, 2, 3]) flows.send('tr', { payload });
  await flows.waitFor('out', 2);
  await pause(30);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['1', '0']);
});

test('extend: each message restarts the wait; the second message is built from the latest', async (t) => {
  const flows = await start(t, { duration: 100, extend: true });
  const since = Date.now();
  flows.send('tr', { payload: 'a', topic: 'first' });
  await pause(50);
  flows.send('tr', { payload: 'b', topic: 'second' });
  await pause(70);
  assert.equal(flows.received('out').length, 1, 'the wait was not extended');
  const [, second] = await flows.waitFor('out', 2);
  assert.ok(Date.now() - since >= 145);
  assert.deepEqual([second!.payload, second!.topic], ['0', 'second']);
});

test('duration 0 sends the first message once, then waits for a reset; no second message', async (t) => {
  const flows = await start(t, { duration: 0 });
  flows.send('tr', { payload: 'a' });
  flows.send('tr', { payload: 'b' });
  await flows.waitFor('out', 1);
  await pause(30);
  assert.equal(flows.received('out').length, 1);
  flows.send('tr', { reset: true });
  flows.send('tr', { payload: 'c' });
  await flows.waitFor('out', 2);
  await pause(30);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['1', '1']);
});

test('per topic: beyond maxTopics the topic waiting longest is dropped, counted and warned about', async (t) => {
  const flows = await start(t, { bytopic: 'topic', duration: 0, maxTopics: 3 });
  for (let i = 0; i < 10; i++) flows.send('tr', { topic: `t${i}`, payload: i });
  await flows.waitFor('out', 10);
  await flows.waitForEvent('status', (e) => e.node === 'tr' && e.text === '7 dropped');
  // t7, t8 and t9 still wait (ignored); t0 was dropped, so it starts again.
  for (const topic of ['t9', 't0']) flows.send('tr', { topic, payload: 'again' });
  await flows.waitFor('out', 11);
  await pause(30);
  assert.deepEqual(flows.received('out').slice(10).map((m) => m.topic), ['t0']);
  const warnings = flows.events.log.filter((e) => e.node === 'tr' && e.level === 'warn');
  assert.equal(warnings.length, 1, 'one warning for the first drop; the rest wait for the minute summary');
  assert.match(warnings[0]!.message, /limit of 3 topics/);
});

test('a payload equal to the reset text cancels the wait, like msg.reset', async (t) => {
  const flows = await start(t, { duration: 40, reset: 'stop' });
  flows.send('tr', { payload: 'go' });
  flows.send('tr', { payload: 'stop' });
  await pause(80);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['1']);
  await flows.waitForEvent('status', (e) => e.node === 'tr' && e.fill === undefined);
});

test('watchdog/debounce: send nothing first, then the latest message once things go quiet', async (t) => {
  const flows = await start(t, { op1: { type: 'nul', value: '' }, op2: { type: 'payl', value: '' }, duration: 40, extend: true });
  for (const payload of [1, 2, 3]) {
    flows.send('tr', { payload, n: payload });
    await pause(10);
  }
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual([msg!.payload, msg!.n], [3, 3]);
  await pause(60);
  assert.equal(flows.received('out').length, 1);
});

test('typed values: num, json, bool, msg property of the original message, env, date', async (t) => {
  const cases: Array<[Record<string, unknown>, (first: unknown, second: unknown) => void]> = [
    [{ op1: { type: 'num', value: '42' }, op2: { type: 'json', value: '{"a":[1]}' } }, (a, b) => { assert.equal(a, 42); assert.deepEqual(b, { a: [1] }); }],
    [{ op1: { type: 'bool', value: 'true' }, op2: { type: 'msg', value: 'payload' } }, (a, b) => { assert.equal(a, true); assert.equal(b, 'orig'); }],
    [{ op1: { type: 'msg', value: 'topic' }, op2: { type: 'env', value: 'TRIGGER_TEST_ENV' } }, (a, b) => { assert.equal(a, 'tp'); assert.equal(b, 'from env'); }],
    [{ op1: { type: 'date', value: '' }, op2: { type: 'nul', value: '' } }, (a, b) => { assert.ok(typeof a === 'number' && Math.abs(a - Date.now()) < 5000); assert.equal(b, undefined); }],
  ];
  process.env.TRIGGER_TEST_ENV = 'from env';
  t.after(() => { delete process.env.TRIGGER_TEST_ENV; });
  for (const [config, check] of cases) {
    const flows = await runFlows(triggerFlow({ duration: 20, ...config }));
    try {
      flows.send('tr', { payload: 'orig', topic: 'tp' });
      const [first] = await flows.waitFor('out', 1);
      await pause(50);
      check(first!.payload, flows.received('out')[1]?.payload);
    } finally {
      await flows.stop();
    }
  }
});

test('flow and global context are read when each message is sent', async (t) => {
  const flows = await start(t, { op1: { type: 'flow', value: 'state' }, op2: { type: 'global', value: 'state' }, duration: 30 });
  flows.context('flow:f1').set('state', 'on');
  flows.context('global').set('state', 'before');
  flows.send('tr', { payload: 'x' });
  await flows.waitFor('out', 1);
  flows.context('global').set('state', 'after');
  const got = await flows.waitFor('out', 2);
  assert.deepEqual(got.map((m) => m.payload), ['on', 'after']);
});

test('a string with {{mustache}} is rendered with the message', async (t) => {
  const flows = await start(t, { op1: str('{{topic}} is {{payload}}'), op2: str('{{topic}} off'), duration: 20 });
  flows.send('tr', { payload: 'on', topic: 'lamp' });
  const got = await flows.waitFor('out', 2);
  assert.deepEqual(got.map((m) => m.payload), ['lamp is on', 'lamp off']);
});

test('outputs 2: the second message leaves on the second output', async (t) => {
  const flows = await start(t, { duration: 20, outputs: 2 });
  flows.send('tr', { payload: 'x' });
  const [second] = await flows.waitFor('out2', 1);
  assert.equal(second!.payload, '0');
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['1']);
});

test('per topic: each topic value has its own wait; a custom property can name the stream', async (t) => {
  const flows = await start(t, { duration: 40, bytopic: 'topic', topic: 'device.id' });
  flows.send('tr', { payload: 'a', device: { id: 'a' } });
  flows.send('tr', { payload: 'b', device: { id: 'b' } });
  flows.send('tr', { payload: 'a again', device: { id: 'a' } });
  const got = await flows.waitFor('out', 4);
  assert.deepEqual(got.map((m) => `${(m.device as { id: string }).id}:${m.payload}`).sort(), ['a:0', 'a:1', 'b:0', 'b:1']);
});

test('per topic: msg.reset with a topic resets only that stream; without one, all streams', async (t) => {
  const flows = await start(t, { duration: 50, bytopic: 'topic' });
  for (const topic of ['a', 'b', 'c']) flows.send('tr', { topic });
  flows.send('tr', { topic: 'a', reset: true });
  await flows.waitFor('out', 5);
  assert.deepEqual(flows.received('out').filter((m) => m.payload === '0').map((m) => m.topic).sort(), ['b', 'c']);
  for (const topic of ['a', 'b']) flows.send('tr', { topic });
  flows.send('tr', { reset: true });
  await pause(80);
  assert.equal(flows.received('out').filter((m) => m.payload === '0').length, 2);
});

test('overrideDelay: msg.delay (ms) sets the wait for that message', async (t) => {
  const flows = await start(t, { duration: 5, units: 's', overrideDelay: true });
  flows.send('tr', { payload: 'x', delay: 20 });
  await flows.waitFor('out', 2, 500);

  const ignored = await start(t, { duration: 5, units: 's' });
  ignored.send('tr', { payload: 'x', delay: 20 });
  await pause(100);
  assert.equal(ignored.received('out').length, 1);
});

test('a negative duration re-sends the first message every interval until reset', async (t) => {
  const flows = await start(t, { duration: -20, op1: { type: 'msg', value: 'payload' } });
  flows.send('tr', { payload: 'tick' });
  await flows.waitFor('out', 4, 500);
  flows.send('tr', { reset: true });
  await pause(10);
  const count = flows.received('out').length;
  await pause(60);
  assert.equal(flows.received('out').length, count);
  assert.ok(flows.received('out').every((m) => m.payload === 'tick'));
});

test('stopping cancels a pending second message', async () => {
  const flows = await runFlows(triggerFlow({ duration: 30 }));
  flows.send('tr', { payload: 'x' });
  await flows.waitFor('out', 1);
  await flows.stop();
  await pause(60);
  assert.equal(flows.received('out').length, 1);
});

test('bad config fails the deploy with a path', async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ op1: { type: 'json', value: '{oops' } }, '/config/op1'],
    [{ op2: { type: 'num', value: 'many' } }, '/config/op2'],
    [{ op1: str('{{#open}}') }, '/config/op1'],
    [{ bytopic: 'topic', topic: 'a..b' }, '/config/topic'],
    [{ outputs: 3 }, '/config/outputs'],
    [{ op1: { type: 'jsonata', value: '1' } }, '/config/op1/type'],
  ];
  for (const [config, path] of cases) {
    await assert.rejects(runFlows(triggerFlow(config)), (err: DeployError) => {
      assert.ok(deployErrors(err).some((e) => e.node === 'tr' && e.path.startsWith(path)), JSON.stringify(deployErrors(err)));
      return true;
    });
  }
});
