// The function node over time: On Start / On Stop, timers, and runaway code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runFlows } from '../../test/helpers/flows.ts';

test('while(true){} is stopped and reported, and the next message is still processed', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { code: 'if (msg.payload === "spin") {\n  while (true) {}\n}\nreturn msg;', timeout: 0.1 }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', { payload: 'spin' });
  flows.send('fn', { payload: 'next' });
  const [msg] = await flows.waitFor('out');
  assert.equal(msg!.payload, 'next');
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.equal(log.message, 'Stopped after running for more than 0.1 s (in the loop at line 2)');
  assert.deepEqual(flows.events.status.find((s) => s.node === 'fn'), { node: 'fn', fill: 'red', shape: 'dot', text: 'stopped after 0.1 s' });
  assert.equal(flows.received('out').length, 1, 'the stopped run sent nothing');
});

test('a loop whose body catches everything is still stopped', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { code: 'while (true) {\n  try { for (;;) {} } catch (e) {}\n}', timeout: 0.05 } },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.match(log.message, /^Stopped after running for more than 0\.05 s \(in the loop at line [12]\)$/);
});

test('timeout 0 means the default of 1 s', async (t) => {
  const flows = await runFlows([{ id: 'fn', type: 'function', config: { code: 'while (true) {}', timeout: 0 } }]);
  t.after(() => flows.stop());
  const started = Date.now();
  flows.send('fn', {});
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn', 3000);
  assert.match(log.message, /more than 1 s/);
  assert.ok(Date.now() - started >= 1000);
});

test('other flows keep delivering once a runaway function is stopped', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { code: 'while (true) {}', timeout: 0.1 } },
    { id: 'relay', type: 'test-relay', flow: 'f2', wires: [['out']] },
    { id: 'out', type: 'test-sink', flow: 'f2' },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  flows.send('relay', { payload: 'elsewhere' });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'elsewhere');
  await flows.waitForEvent('log', (e) => e.node === 'fn');
});

test('an endless loop after an await is stopped too', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { code: 'await null;\nlet i = 0;\nwhile (true) { i++; }', timeout: 0.05 } },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.match(log.message, /in the loop at line 3/);
});

test('an endless loop in a timer callback is stopped and reported', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { code: 'setTimeout(() => {\n  for (;;) {}\n}, 1);\nreturn null;', timeout: 0.05 } },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.match(log.message, /in the loop at line 2/);
});

test('errors thrown in timer callbacks are reported with their position', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { code: 'setTimeout(() => {\n  throw new Error("late");\n}, 1);' } },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.equal(log.message, 'Error: late');
});

test('On Start runs before any message; messages wait while it awaits', async (t) => {
  const flows = await runFlows([
    {
      id: 'fn', type: 'function', wires: [['out']],
      config: {
        initialize: 'await new Promise((r) => setTimeout(r, 30));\nflow.set("ready", "yes");\nnode.send({ payload: "started" });',
        code: 'msg.payload = flow.get("ready");\nreturn msg;',
      },
    },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', { payload: 'early' });
  const got = await flows.waitFor('out', 2);
  assert.deepEqual(got.map((m) => m.payload), ['started', 'yes']);
});

test('globals assigned in On Start are visible to On Message code of the same node', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { initialize: 'greeting = "hi";\nshout = (s) => s.toUpperCase();', code: 'msg.payload = shout(greeting);\nreturn msg;' }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'HI');
});

test('a failing On Start is reported, and each message fails with it', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { initialize: 'const x = 1;\nthrow new Error("no database");', code: 'return msg;' }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  const startLog = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.equal(startLog.message, 'Error: no database');
  flows.send('fn', { payload: 1 });
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn' && e !== startLog);
  assert.equal(log.message, 'On Start failed: Error: no database');
  assert.equal(flows.received('out').length, 0);
});

test('On Stop runs when the node stops; sending from it is refused', async (t) => {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { code: 'return msg;', finalize: 'global.set("stopped", node.id);\nnode.send({ payload: "too late" });' }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  await flows.redeploy([]);
  assert.equal(flows.context('global').get('stopped'), 'fn');
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.equal(log.message, 'node.send cannot be used in On Stop code');
});

test('timers started by user code are cleared when the node stops', async (t) => {
  const flows = await runFlows([
    {
      id: 'fn', type: 'function',
      config: { code: 'setInterval(() => global.set("ticks", (global.get("ticks") || 0) + 1), 5);\nsetTimeout(() => global.set("late", true), 60);' },
    },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  const global = flows.context('global');
  while ((global.get<number>('ticks') ?? 0) < 2) await sleep(5);
  await flows.redeploy([]);
  const ticks = global.get<number>('ticks');
  await sleep(80);
  assert.equal(global.get('ticks'), ticks, 'the interval stopped');
  assert.equal(global.get('late'), undefined, 'the timeout never fired');
});

test('clearTimeout and clearInterval work on the handles user code gets', async (t) => {
  const flows = await runFlows([
    {
      id: 'fn', type: 'function', wires: [['out']],
      config: { code: 'const t = setTimeout(() => node.send({ payload: "no" }), 5);\nclearTimeout(t);\nconst i = setInterval(() => { node.send({ payload: "tick" }); clearInterval(i); }, 5);\nreturn null;' },
    },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  await flows.waitFor('out');
  await sleep(30);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['tick']);
});

test('node.on("close") listeners run when the node stops, after On Stop; with a done parameter they are waited for', async (t) => {
  const flows = await runFlows([
    {
      id: 'fn', type: 'function',
      config: {
        initialize: 'node.on("close", () => global.set("order", [...(global.get("order") || []), "sync"]));',
        code: 'node.on("close", (done) => Promise.resolve().then(() => { global.set("order", [...(global.get("order") || []), "done"]); done(); }));\nreturn null;',
        finalize: 'global.set("order", ["On Stop"]);',
      },
    },
  ]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  await sleep(20);
  await flows.redeploy([]);
  // An array made in the function's own realm: compare its items.
  assert.deepEqual([...flows.context('global').get<string[]>('order')!], ['On Stop', 'sync', 'done']);
});

test('node.on("input") is refused, as in Node-RED', async (t) => {
  const flows = await runFlows([{ id: 'fn', type: 'function', config: { code: 'node.on("input", () => {});\nreturn msg;' } }]);
  t.after(() => flows.stop());
  flows.send('fn', {});
  const log = await flows.waitForEvent('log', (e) => e.node === 'fn');
  assert.match(log.message, /Cannot add listener to 'input' event within Function/);
});
