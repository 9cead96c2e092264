import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runFlows, type TestNode } from '../../test/helpers/flows.ts';

/** A function node `fn` wired to sinks out0..out{n-1}. */
async function fnFlow(t: { after(fn: () => unknown): void }, config: Record<string, unknown>, opts: { outputs?: number; env?: NodeJS.ProcessEnv; extra?: TestNode[] } = {}) {
  const outputs = opts.outputs ?? 1;
  const sinks = Array.from({ length: outputs }, (_, i) => ({ id: `out${i}`, type: 'test-sink' }));
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { outputs, ...config }, wires: sinks.map((s) => [s.id]) },
    ...sinks,
    ...(opts.extra ?? []),
  ], { env: opts.env });
  t.after(() => flows.stop());
  return flows;
}

/** The errors of a rejected deploy. */
function deployErrors(err: unknown): Array<{ node: string | null; path: string; message: string }> {
  const e = err as { errors?: unknown; details?: unknown };
  return (e.errors ?? e.details) as Array<{ node: string | null; path: string; message: string }>;
}

test('return msg sends the (changed) message on, with the input _msgid', async (t) => {
  const flows = await fnFlow(t, { code: 'msg.payload = msg.payload * 2;\nreturn msg;' });
  flows.send('fn', { _msgid: 'id-1', payload: 21 });
  const [msg] = await flows.waitFor('out0');
  assert.equal(msg!.payload, 42);
  assert.equal(msg!._msgid, 'id-1');
});

test('the default code passes messages through', async (t) => {
  const flows = await runFlows([{ id: 'fn', type: 'function', wires: [['out']] }, { id: 'out', type: 'test-sink' }]);
  t.after(() => flows.stop());
  flows.send('fn', { payload: 'same' });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'same');
});

test('an array sends one entry per output; null skips an output', async (t) => {
  const flows = await fnFlow(t, {
    code: 'if (msg.payload > 0) return [msg, null, { payload: "new" }];\nreturn [null, msg];',
  }, { outputs: 3 });
  flows.send('fn', { _msgid: 'pos', payload: 1 });
  flows.send('fn', { payload: -1 });
  const [a] = await flows.waitFor('out0');
  const [c] = await flows.waitFor('out2');
  const [b] = await flows.waitFor('out1');
  assert.equal(a!.payload, 1);
  assert.equal(c!.payload, 'new');
  assert.equal(c!._msgid, 'pos', 'new messages carry the input message id');
  assert.equal(b!.payload, -1);
  assert.equal(flows.received('out0').length, 1);
  assert.equal(flows.received('out2').length, 1);
});

test('an array inside the array sends several messages on one output, in order', async (t) => {
  const flows = await fnFlow(t, { code: 'return [[1, 2, 3].map((n) => ({ payload: n })), [msg]];' }, { outputs: 2 });
  flows.send('fn', { payload: 'x' });
  const got = await flows.waitFor('out0', 3);
  assert.deepEqual(got.map((m) => m.payload), [1, 2, 3]);
  assert.equal((await flows.waitFor('out1'))[0]!.payload, 'x');
});

test('return null or nothing sends nothing', async (t) => {
  const flows = await fnFlow(t, { code: 'if (msg.payload === 1) return null;\nif (msg.payload === 2) return;\nreturn msg;' });
  flows.send('fn', { payload: 1 });
  flows.send('fn', { payload: 2 });
  flows.send('fn', { payload: 3 });
  await flows.waitFor('out0');
  await sleep(20);
  assert.deepEqual(flows.received('out0').map((m) => m.payload), [3]);
});

test('returning something that is not a message is reported, and nothing is sent', async (t) => {
  const flows = await fnFlow(t, { code: 'return msg.payload;' });
  flows.send('fn', { payload: 'just a string' });
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.equal(log.message, 'Function tried to send a message of type string');
  assert.equal(flows.received('out0').length, 0);
});

test('node.send sends asynchronously; the first message is copied, so later changes do not leak', async (t) => {
  const flows = await fnFlow(t, {
    code: 'node.send(msg);\nmsg.payload = "changed";\nsetTimeout(() => node.send({ payload: "later" }), 10);\nreturn null;',
  });
  flows.send('fn', { _msgid: 'm', payload: 'original' });
  const got = await flows.waitFor('out0', 2);
  assert.deepEqual(got.map((m) => m.payload), ['original', 'later']);
  assert.ok(got.every((m) => m._msgid === 'm'));
});

test('node.send(msg, false) sends the object itself', async (t) => {
  const flows = await fnFlow(t, { code: 'node.send(msg, false);\nmsg.payload = "changed";' });
  flows.send('fn', { payload: 'original' });
  assert.equal((await flows.waitFor('out0'))[0]!.payload, 'changed');
});

test('await and returned promises: the resolved value is sent', async (t) => {
  const flows = await fnFlow(t, {
    code: [
      'if (msg.payload === "await") { msg.payload = await new Promise((r) => setTimeout(() => r("awaited"), 5)); return msg; }',
      'return new Promise((resolve) => setTimeout(() => resolve({ payload: "promised" }), 5));',
    ].join('\n'),
  });
  flows.send('fn', { payload: 'await' });
  flows.send('fn', { payload: 'promise' });
  const got = await flows.waitFor('out0', 2);
  assert.deepEqual(got.map((m) => m.payload).sort(), ['awaited', 'promised']);
});

test('node.done() with node.send completes an async message; node.done(err) reports the error', async (t) => {
  const flows = await fnFlow(t, {
    code: 'setTimeout(() => {\n  if (msg.payload === "bad") return node.done("it went wrong");\n  node.send(msg);\n  node.done();\n}, 5);',
  });
  flows.send('fn', { payload: 'good' });
  flows.send('fn', { payload: 'bad' });
  assert.equal((await flows.waitFor('out0'))[0]!.payload, 'good');
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.equal(log.message, 'it went wrong');
});

test('code that only calls node.done(err), never node.done(), still completes its messages on return', async (t) => {
  // Node-RED leaves completion to the code only when it calls node.done() with no argument.
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { code: 'if (msg.payload === "bad") {\n  node.done(new Error("bad input"));\n  return null;\n}\nreturn msg;' } },
    { id: 'fin', type: 'complete', config: { nodes: ['fn'] }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', { payload: 'bad' });
  flows.send('fn', { payload: 'good' });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'good');
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.equal(log.message, 'Error: bad input');
  assert.equal(flows.received('out').length, 1, 'the failed message is not complete');
});

test('a thrown error reads as Node-RED reports it (no position, except for a ReferenceError), and the node goes on', async (t) => {
  const flows = await fnFlow(t, { code: 'if (msg.payload === "ok") return msg;\nconst thing = null;\nreturn thing.missing;' });
  flows.send('fn', { payload: 'boom' });
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.equal(log.message, "TypeError: Cannot read properties of null (reading 'missing')");
  flows.send('fn', { payload: 'ok' });
  assert.equal((await flows.waitFor('out0'))[0]!.payload, 'ok');
});

test('error positions are right on lines whose loops were instrumented', async (t) => {
  const flows = await fnFlow(t, { code: 'for (let i = 0; i < 2; i++) if (i === 1) undefinedFunction();' });
  flows.send('fn', { payload: 1 });
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.equal(log.message, 'ReferenceError: undefinedFunction is not defined (line 1, col 42)');
});

test('context, flow and global: get, set, keys, store names and callbacks', async (t) => {
  const flows = await fnFlow(t, {
    code: [
      'const count = (context.get("count") || 0) + 1;',
      'context.set("count", count);',
      'flow.set("last", msg.payload, "memory");',
      'global.get("seed", (err, seed) => { msg.seed = seed; });',
      'msg.count = count;',
      'msg.keys = context.keys();',
      'msg.viaContext = context.global.get("seed");',
      'return msg;',
    ].join('\n'),
  });
  flows.context('global').set('seed', 7);
  flows.send('fn', { payload: 'a' });
  flows.send('fn', { payload: 'b' });
  const [first, second] = await flows.waitFor('out0', 2);
  assert.equal(first!.count, 1);
  assert.equal(second!.count, 2);
  assert.deepEqual(second!.keys, ['count']);
  assert.equal(second!.seed, 7);
  assert.equal(second!.viaContext, 7);
  assert.equal(flows.context('flow:f1').get('last'), 'b');
});

test('an unknown context store is an error in the user code', async (t) => {
  const flows = await fnFlow(t, { code: 'flow.set("x", 1, "nowhere");\nreturn msg;' });
  flows.send('fn', { payload: 1 });
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.match(log.message, /Unknown context store "nowhere"/);
});

test('env.get reads environment variables', async (t) => {
  const flows = await fnFlow(t, { code: 'msg.payload = env.get("PB_TEST_VALUE");\nmsg.missing = env.get("PB_NOT_SET");\nreturn msg;' }, { env: { PB_TEST_VALUE: 'from env' } });
  flows.send('fn', {});
  const [msg] = await flows.waitFor('out0');
  assert.equal(msg!.payload, 'from env');
  assert.equal(msg!.missing, undefined);
});

test('RED.util, Buffer and Date are available and are the host\'s', async (t) => {
  const flows = await fnFlow(t, {
    code: [
      'const copy = RED.util.cloneMessage(msg);',
      'copy.payload.n = 2;',
      'RED.util.setMessageProperty(msg, "msg.deep.path", RED.util.getMessageProperty(msg, "payload.n"));',
      'RED.util.setMessageProperty(msg, "gone", undefined);',
      'msg.copied = copy.payload.n;',
      'msg.bytes = Buffer.from("hi");',
      'msg.when = new Date(0);',
      'return msg;',
    ].join('\n'),
  });
  flows.send('fn', { payload: { n: 1 }, gone: true });
  const [msg] = await flows.waitFor('out0');
  assert.deepEqual(msg!.payload, { n: 1 });
  assert.deepEqual(msg!.deep, { path: 1 });
  assert.equal('gone' in msg!, false);
  assert.equal(msg!.copied, 2);
  assert.ok(Buffer.isBuffer(msg!.bytes));
  assert.ok(msg!.when instanceof Date);
});

test('node.warn, node.error, node.status and console reach the log and status', async (t) => {
  const flows = await fnFlow(t, {
    code: 'node.warn("careful");\nnode.status({ fill: "green", shape: "dot", text: node.id });\nconsole.warn("n=%d", 3);\nnode.error(new RangeError("bad value"), msg);\nreturn null;',
  });
  flows.send('fn', { payload: 1 });
  await flows.waitForEvent('log', (e) => e.level === 'error');
  const logs = flows.events.log.filter((e) => e.node === 'fn').map((e) => `${e.level} ${e.message}`);
  assert.deepEqual(logs, ['warn careful', 'warn n=3', 'error RangeError: bad value']);
  assert.deepEqual(flows.events.status.find((s) => s.node === 'fn'), { node: 'fn', fill: 'green', shape: 'dot', text: 'fn' });
});

test('each function node has its own globals', async (t) => {
  const flows = await runFlows([
    { id: 'a', type: 'function', config: { code: 'counter = typeof counter === "number" ? counter + 1 : 1;\nmsg.payload = counter;\nreturn msg;' }, wires: [['out']] },
    { id: 'b', type: 'function', config: { code: 'msg.payload = typeof counter;\nreturn msg;' }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('a', {});
  await flows.waitFor('out', 1);
  flows.send('b', {});
  const got = await flows.waitFor('out', 2);
  assert.deepEqual(got.map((m) => m.payload), [1, 'undefined']);
});

test('syntax errors fail the deploy with the line and column, for each code field', async () => {
  const cases = [
    { config: { code: 'return msg;\nlet x = ;' }, path: '/config/code', message: 'Syntax error: Unexpected token (line 2, col 9)' },
    { config: { initialize: 'await;' }, path: '/config/initialize', message: 'Syntax error: Unexpected token (line 1, col 6)' },
    { config: { finalize: 'node.log("x"' }, path: '/config/finalize', message: 'Syntax error: Unexpected token (line 1, col 13)' },
    { config: { code: 'const a = 1;\nlet msg = 2;' }, path: '/config/code', message: "Syntax error: Identifier 'msg' has already been declared (line 2)" },
  ];
  for (const { config, path, message } of cases) {
    await assert.rejects(runFlows([{ id: 'fn', type: 'function', config }]), (err: unknown) => {
      assert.deepEqual(deployErrors(err), [{ node: 'fn', path, message }]);
      return true;
    });
  }
});

test('outputs must be an integer from 0 to 16', async () => {
  for (const outputs of [17, -1, 1.5]) {
    await assert.rejects(runFlows([{ id: 'fn', type: 'function', config: { outputs } }]), (err: unknown) => {
      assert.equal(deployErrors(err)[0]!.path, '/config/outputs');
      return true;
    });
  }
});
