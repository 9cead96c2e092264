// Errors and completions of the function node as catch and complete nodes see them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows } from '../../test/helpers/flows.ts';

async function withCatch(t: { after(fn: () => unknown): void }, config: Record<string, unknown>) {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    { id: 'catch', type: 'catch', wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  return flows;
}

type Caught = { payload?: unknown; error: { message: string; source: { id: string } } };

test('a thrown error reaches catch nodes with the message that failed', async (t) => {
  const flows = await withCatch(t, { code: 'if (msg.payload < 0) throw new RangeError("negative");\nreturn msg;' });
  flows.send('fn', { payload: -1 });
  const [caught] = (await flows.waitFor('caught')) as unknown as Caught[];
  assert.equal(caught!.payload, -1);
  assert.equal(caught!.error.message, 'RangeError: negative');
  assert.equal(caught!.error.source.id, 'fn');
});

test('a runaway loop reaches catch nodes with its message', async (t) => {
  const flows = await withCatch(t, { code: 'while (msg.payload) {}\nreturn msg;', timeout: 0.05 });
  flows.send('fn', { payload: 'spin' });
  const [caught] = (await flows.waitFor('caught')) as unknown as Caught[];
  assert.equal(caught!.payload, 'spin');
  assert.equal(caught!.error.message, 'Stopped after running for more than 0.05 s (in the loop at line 1)');
});

test('node.error(err, msg) reaches catch nodes and the code goes on', async (t) => {
  const flows = await withCatch(t, { code: 'node.error("odd value", msg);\nreturn msg;' });
  flows.send('fn', { payload: 3 });
  const [caught] = (await flows.waitFor('caught')) as unknown as Caught[];
  assert.equal(caught!.error.message, 'odd value');
  assert.equal((await flows.waitFor('out'))[0]!.payload, 3);
});

test('an error in a timer callback reaches catch nodes with an empty message', async (t) => {
  const flows = await withCatch(t, { code: 'setTimeout(() => { throw new Error("later"); }, 1);\nreturn null;' });
  flows.send('fn', { payload: 'x' });
  const [caught] = (await flows.waitFor('caught')) as unknown as Caught[];
  assert.equal(caught!.payload, undefined);
  assert.equal(caught!.error.message, 'Error: later');
});

test('a message is complete when the code returns, or when it calls node.done()', async (t) => {
  const flows = await runFlows([
    { id: 'quick', type: 'function', config: { code: 'return null;' } },
    { id: 'slow', type: 'function', config: { code: 'setTimeout(() => node.done(), 200);' } },
    { id: 'complete', type: 'complete', config: { nodes: ['quick', 'slow'] }, wires: [['done']] },
    { id: 'done', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  const started = Date.now();
  flows.send('slow', { payload: 'slow' });
  flows.send('quick', { payload: 'quick' });
  const [first] = await flows.waitFor('done', 1);
  assert.equal(first!.payload, 'quick');
  const [, second] = await flows.waitFor('done', 2);
  assert.equal(second!.payload, 'slow');
  assert.ok(Date.now() - started >= 190, 'slow completed only when node.done() was called');
});
