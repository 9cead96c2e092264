import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runFlows } from '../../test/helpers/flows.ts';

async function injectFlow(t: { after(fn: () => unknown): void }, config: Record<string, unknown>, env?: NodeJS.ProcessEnv) {
  const flows = await runFlows([
    { id: 'inject', type: 'inject', config, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ], { env });
  t.after(() => flows.stop());
  return flows;
}

/** The errors of a rejected deploy. */
function deployErrors(err: unknown): Array<{ node: string | null; path: string; message: string }> {
  const e = err as { errors?: unknown; details?: unknown };
  return (e.errors ?? e.details) as Array<{ node: string | null; path: string; message: string }>;
}

test('the button sends a timestamp payload and an empty topic by default', async (t) => {
  const flows = await injectFlow(t, {});
  const before = Date.now();
  await flows.trigger('inject');
  const [msg] = await flows.waitFor('out');
  assert.equal(typeof msg!.payload, 'number');
  assert.ok((msg!.payload as number) >= before && (msg!.payload as number) <= Date.now());
  assert.equal(msg!.topic, '');
  assert.equal(typeof msg!._msgid, 'string');
});

test('payload types: str, num, bool, json, bin, env, flow, global, jsonata', async (t) => {
  const cases: Array<[{ type: string; value: string }, unknown]> = [
    [{ type: 'str', value: 'hello' }, 'hello'],
    [{ type: 'num', value: '42.5' }, 42.5],
    [{ type: 'bool', value: 'true' }, true],
    [{ type: 'json', value: '{"a":[1,2]}' }, { a: [1, 2] }],
    [{ type: 'bin', value: '[104,105]' }, Buffer.from('hi')],
    [{ type: 'env', value: 'PB_INJECT' }, 'from env'],
    [{ type: 'flow', value: 'level' }, 3],
    [{ type: 'global', value: 'mode' }, 'auto'],
    [{ type: 'jsonata', value: '$flowContext("level") * 2' }, 6],
  ];
  const flows = await runFlows([
    ...cases.map(([payload], i) => ({ id: `in${i}`, type: 'inject', config: { payload, topic: `t${i}` }, wires: [['out']] })),
    { id: 'out', type: 'test-sink' },
  ], { env: { PB_INJECT: 'from env' } });
  t.after(() => flows.stop());
  flows.context('flow:f1').set('level', 3);
  flows.context('global').set('mode', 'auto');
  for (let i = 0; i < cases.length; i++) await flows.trigger(`in${i}`);
  const got = await flows.waitFor('out', cases.length);
  cases.forEach(([, expected], i) => {
    const msg = got.find((m) => m.topic === `t${i}`);
    assert.deepEqual(msg?.payload, expected, `case ${i}`);
  });
});

test('each message gets its own copy of a JSON payload', async (t) => {
  const flows = await injectFlow(t, { payload: { type: 'json', value: '{"n":1}' } });
  await flows.trigger('inject');
  const [first] = await flows.waitFor('out');
  (first!.payload as { n: number }).n = 99;
  await flows.trigger('inject');
  const [, second] = await flows.waitFor('out', 2);
  assert.deepEqual(second!.payload, { n: 1 });
});

test('extra properties are set in order after payload and topic, and may override them', async (t) => {
  const flows = await injectFlow(t, {
    payload: { type: 'str', value: 'p' },
    topic: 'original',
    props: [
      { p: 'data.count', v: { type: 'num', value: '5' } },
      { p: '', v: { type: 'str', value: 'ignored blank row' } },
      { p: 'topic', v: { type: 'str', value: 'overridden' } },
      { p: 'summary', v: { type: 'jsonata', value: 'payload & "/" & $string(data.count)' } },
    ],
  });
  await flows.trigger('inject');
  const [msg] = await flows.waitFor('out');
  assert.deepEqual({ ...msg, _msgid: undefined }, { _msgid: undefined, payload: 'p', topic: 'overridden', data: { count: 5 }, summary: 'p/5' });
});

test('a property that fails to evaluate is reported to catch nodes with the message, which is not sent', async (t) => {
  const flows = await runFlows([
    { id: 'inject', type: 'inject', config: { topic: 'sensor', props: [{ p: 'n', v: { type: 'jsonata', value: '$number("abc")' } }] }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    { id: 'catch', type: 'catch', wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  await flows.trigger('inject');
  const [caught] = await flows.waitFor('caught');
  assert.equal(caught!.topic, 'sensor');
  assert.match((caught!.error as { message: string }).message, /^n: /);
  await sleep(10);
  assert.equal(flows.received('out').length, 0);
});

test('once: sends one message after onceDelay', async (t) => {
  const started = Date.now();
  const flows = await injectFlow(t, { once: true, onceDelay: 0.03, payload: { type: 'str', value: 'boot' } });
  const [msg] = await flows.waitFor('out');
  assert.equal(msg!.payload, 'boot');
  assert.ok(Date.now() - started >= 25);
  await sleep(50);
  assert.equal(flows.received('out').length, 1);
});

test('repeat: sends every N seconds until the node stops', async (t) => {
  const flows = await injectFlow(t, { repeat: 0.01 });
  await flows.waitFor('out', 3);
  await flows.redeploy([]);
  const count = flows.received('out').length;
  await sleep(40);
  assert.equal(flows.received('out').length, count);
});

test('once then repeat: the repeat starts after the first message', async (t) => {
  const started = Date.now();
  const flows = await injectFlow(t, { once: true, onceDelay: 0.05, repeat: 0.01 });
  await flows.waitFor('out', 3);
  assert.ok(Date.now() - started >= 45, 'nothing before the once delay');
});

test('crontab: fires on the schedule (6 fields: every second)', async (t) => {
  const flows = await injectFlow(t, { crontab: '* * * * * *', payload: { type: 'str', value: 'tick' } });
  const [msg] = await flows.waitFor('out', 1, 2500);
  assert.equal(msg!.payload, 'tick');
});

test('bad config fails the deploy on the field at fault', async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ crontab: 'every monday' }, '/config/crontab'],
    [{ crontab: '0 0 0 1 1 * 2030' }, '/config/crontab'],
    [{ crontab: '*/5 * * * *', repeat: 10 }, '/config/crontab'],
    [{ repeat: 3_000_000 }, '/config/repeat'],
    [{ repeat: -1 }, '/config/repeat'],
    [{ onceDelay: 3_000_000 }, '/config/onceDelay'],
    [{ payload: { type: 'json', value: '{nope' } }, '/config/payload'],
    [{ payload: { type: 'num', value: 'ten' } }, '/config/payload'],
    [{ payload: { type: 'msg', value: 'payload' } }, '/config/payload/type'],
    [{ props: [{ p: 'a..b', v: { type: 'str', value: '' } }] }, '/config/props/0/p'],
    [{ props: [{ p: 'ok', v: { type: 'jsonata', value: '1 +' } }] }, '/config/props/0/v'],
  ];
  for (const [config, path] of cases) {
    await assert.rejects(runFlows([{ id: 'inject', type: 'inject', config }]), (err: unknown) => {
      assert.deepEqual(deployErrors(err).map((e) => e.path), [path], JSON.stringify(config));
      return true;
    });
  }
});

test('a valid 5-field crontab deploys', async (t) => {
  const flows = await injectFlow(t, { crontab: '0 8 * * 1-5' });
  await flows.trigger('inject');
  assert.equal((await flows.waitFor('out')).length, 1);
});
