import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type TestNode } from '../../test/helpers/flows.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fn = (id: string, flow: string, code: string, wires: string[][], outputs = 1): TestNode =>
  ({ id, type: 'function', flow, config: { code, outputs }, wires });

/** A called flow on f2: link-in "double" → payload × 2 → return. */
const doubler: TestNode[] = [
  { id: 'double', type: 'link-in', flow: 'f2', name: 'doubler', wires: [['times2']] },
  fn('times2', 'f2', 'msg.seen = msg._linkSource; msg.payload *= 2; return msg;', [['back']]),
  { id: 'back', type: 'link-out', flow: 'f2', config: { mode: 'return' } },
];

const start = async (t: { after(fn: () => Promise<void>): void }, nodes: TestNode[]) => {
  const flows = await runFlows(nodes);
  t.after(() => flows.stop());
  return flows;
};

test('calls a flow on another tab and sends on what it returns', async (t) => {
  const flows = await start(t, [
    { id: 'call', type: 'link-call', config: { links: ['double'] }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    ...doubler,
  ]);
  flows.send('call', { payload: 21, topic: 'kept' });
  const [msg] = await flows.waitFor('out', 1);
  assert.equal(msg!.payload, 42);
  assert.equal(msg!.topic, 'kept');
  assert.equal(msg!._linkSource, undefined, 'the call frame was not popped');
  const [frame] = msg!.seen as Array<{ id: string; call: string }>;
  assert.equal(frame!.id, 'call');
  assert.equal(typeof frame!.call, 'string');
});

test('dynamic: msg.target names the link-in by id or by name', async (t) => {
  const flows = await start(t, [
    { id: 'call', type: 'link-call', config: { linkType: 'dynamic' }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    ...doubler,
  ]);
  flows.send('call', { payload: 1, target: 'double' });
  flows.send('call', { payload: 2, target: 'doubler' });
  const got = await flows.waitFor('out', 2);
  assert.deepEqual(got.map((m) => m.payload).sort(), [2, 4]);
});

test('dynamic: a missing, empty or ambiguous target is an error', async (t) => {
  const flows = await start(t, [
    { id: 'call', type: 'link-call', config: { linkType: 'dynamic' } },
    { id: 'x1', type: 'link-in', name: 'twin' },
    { id: 'x2', type: 'link-in', name: 'twin', flow: 'f2' },
  ]);
  flows.send('call', { payload: 1, target: 'nowhere' });
  flows.send('call', { payload: 1 });
  flows.send('call', { payload: 1, target: 'twin' });
  await flows.waitForEvent('log', (e) => e.level === 'error' && /No link-in node with id or name "nowhere"/.test(e.message));
  await flows.waitForEvent('log', (e) => e.level === 'error' && /msg.target must be/.test(e.message));
  await flows.waitForEvent('log', (e) => e.level === 'error' && /2 link-in nodes are named "twin"/.test(e.message));
});

test('nested: a called flow can itself call another flow', async (t) => {
  const flows = await start(t, [
    { id: 'outer', type: 'link-call', flow: 'f1', config: { links: ['mid'] }, wires: [['out']] },
    { id: 'out', type: 'test-sink', flow: 'f1' },
    { id: 'mid', type: 'link-in', flow: 'f2', wires: [['inner']] },
    { id: 'inner', type: 'link-call', flow: 'f2', config: { links: ['double'] }, wires: [['plus1']] },
    fn('plus1', 'f2', 'msg.payload += 1; return msg;', [['midBack']]),
    { id: 'midBack', type: 'link-out', flow: 'f2', config: { mode: 'return' } },
    ...doubler.map((n) => ({ ...n, flow: 'f3' })),
  ]);
  flows.send('outer', { payload: 5 });
  const [msg] = await flows.waitFor('out', 1);
  assert.equal(msg!.payload, 11);
  assert.equal(msg!._linkSource, undefined);
  assert.deepEqual((msg!.seen as Array<{ id: string }>).map((f) => f.id), ['outer', 'inner']);
});

test('recursive: a called flow may call itself through the same link-call node (factorial)', async (t) => {
  const flows = await start(t, [
    { id: 'start', type: 'link-call', flow: 'f1', config: { links: ['fact'] }, wires: [['out']] },
    { id: 'out', type: 'test-sink', flow: 'f1' },
    { id: 'fact', type: 'link-in', flow: 'f2', wires: [['step']] },
    fn('step', 'f2', `
      const { n } = msg.payload;
      if (n <= 1) return [null, msg];
      msg.payload.factors.push(n);
      msg.payload.n = n - 1;
      return [msg, null];`, [['again'], ['ret']], 2),
    { id: 'again', type: 'link-call', flow: 'f2', config: { links: ['fact'] }, wires: [['multiply']] },
    fn('multiply', 'f2', 'msg.payload.result *= msg.payload.factors.pop(); return msg;', [['ret']]),
    { id: 'ret', type: 'link-out', flow: 'f2', config: { mode: 'return' } },
  ]);
  flows.send('start', { payload: { n: 5, result: 1, factors: [] } });
  const [msg] = await flows.waitFor('out', 1);
  assert.equal((msg!.payload as { result: number }).result, 120);
  assert.equal(msg!._linkSource, undefined);
});

test('timeout: reports an error with the message as it was sent (catch), and drops a late return', async (t) => {
  const flows = await start(t, [
    { id: 'call', type: 'link-call', config: { links: ['slow'], timeout: 0.05 }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    { id: 'catch', type: 'catch', config: { scope: 'selected', nodes: ['call'] }, wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
    { id: 'slow', type: 'link-in', flow: 'f2', wires: [['wait']] },
    { id: 'wait', type: 'delay', flow: 'f2', config: { timeout: 100, timeoutUnits: 'milliseconds' }, wires: [['back']] },
    { id: 'back', type: 'link-out', flow: 'f2', config: { mode: 'return' } },
  ]);
  flows.send('call', { payload: 'late' });
  const [caught] = await flows.waitFor('caught', 1);
  assert.match((caught!.error as { message: string }).message, /No response within 0.05 s/);
  assert.equal(caught!._linkSource, undefined);
  await flows.waitForEvent('log', (e) => e.level === 'warn' && e.node === 'call' && /after its call had timed out/.test(e.message), 1000);
  assert.equal(flows.received('out').length, 0);
});

test('a call is complete once its response returns: one complete event per call', async (t) => {
  const flows = await start(t, [
    { id: 'call', type: 'link-call', config: { links: ['double'] }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    { id: 'done', type: 'complete', config: { nodes: ['call'] }, wires: [['completed']] },
    { id: 'completed', type: 'test-sink' },
    ...doubler,
  ]);
  flows.send('call', { payload: 1 });
  await flows.waitFor('out', 1);
  await flows.waitFor('completed', 1);
  await pause(30);
  assert.equal(flows.received('completed').length, 1);
});

test('a link-in that is not deployed is an error', async (t) => {
  const flows = await start(t, [{ id: 'call', type: 'link-call', config: { links: ['gone'] } }]);
  flows.send('call', { payload: 1 });
  await flows.waitForEvent('log', (e) => e.level === 'error' && /"gone" is not deployed/.test(e.message));
});

test('static mode needs exactly one link-in; the timeout must be positive', async () => {
  for (const [config, path] of [[{ links: [] }, '/config/links'], [{ links: ['a', 'b'] }, '/config/links'], [{ links: ['a'], timeout: 0 }, '/config/timeout']] as const) {
    await assert.rejects(runFlows([{ id: 'call', type: 'link-call', config }]), (err: Error & { errors?: Array<{ path: string }>; details?: Array<{ path: string }> }) => {
      assert.ok((err.errors ?? err.details ?? []).some((e) => e.path === path));
      return true;
    });
  }
});

test('stopping cancels pending calls without reporting timeouts', async () => {
  const flows = await runFlows([
    { id: 'call', type: 'link-call', config: { links: ['sink'], timeout: 0.03 } },
    { id: 'sink', type: 'link-in' },
  ]);
  flows.send('call', { payload: 1 });
  await pause(5);
  await flows.stop();
  await pause(60);
  assert.equal(flows.events.log.filter((e) => e.level === 'error').length, 0);
});
