import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeContext } from '#node-api';
import { runFlows } from '../../test/helpers/flows.ts';
import { LoopGuard } from './loop-guard.ts';
import { createRedUtil, setObjectProperty } from './red-util.ts';
import { createSandbox } from './sandbox.ts';

async function fnFlow(t: { after(fn: () => unknown): void }, code: string, env?: NodeJS.ProcessEnv) {
  const flows = await runFlows([
    { id: 'fn', type: 'function', config: { code }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ], { env });
  t.after(() => flows.stop());
  return flows;
}

test('node.path is "<flow id>/<node id>"', async (t) => {
  const flows = await fnFlow(t, 'msg.payload = node.path;\nreturn msg;');
  flows.send('fn', {});
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'f1/fn');
});

test('node.debug and node.trace write to the node log (the node API has one level for nodes)', () => {
  const logged: string[] = [];
  const node = {
    id: 'fn', name: '', flow: 'f1', signal: new AbortController().signal,
    log: (m: string) => logged.push(m), warn() {}, error() {},
    context: () => ({ node: {}, flow: {}, global: {} }),
    env: { get: () => undefined },
  } as unknown as NodeContext<unknown, unknown>;
  const guard = new LoopGuard(1000);
  const sandbox = createSandbox(node, { guard, outputs: 1, describe: (e) => e, report() {} });
  const facade = sandbox.nodeFor({}) as { debug(v: unknown): void; trace(v: unknown): void };
  facade.debug('a debug line');
  facade.trace({ n: 1 });
  assert.deepEqual(logged, ['a debug line', '{ n: 1 }']);
  guard.dispose();
});

test('node.debug and node.trace can be called from user code', async (t) => {
  const flows = await fnFlow(t, 'node.debug("d");\nnode.trace("t");\nreturn msg;');
  flows.send('fn', { payload: 1 });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 1);
  assert.equal(flows.events.log.filter((e) => e.node === 'fn').length, 0, 'neither is a warning or an error');
});

test('RED.util.generateId gives 16 hex digits, different each time', async (t) => {
  const flows = await fnFlow(t, 'msg.a = RED.util.generateId();\nmsg.b = RED.util.generateId();\nreturn msg;');
  flows.send('fn', {});
  const [msg] = await flows.waitFor('out');
  assert.match(String(msg!.a), /^[0-9a-f]{16}$/);
  assert.notEqual(msg!.a, msg!.b);
});

test('RED.util.getObjectProperty / setObjectProperty work on any object, without the "msg." prefix rule', async (t) => {
  const flows = await fnFlow(t, [
    'const obj = { "msg": { x: 1 }, list: [1, 2] };',
    'msg.read = RED.util.getObjectProperty(obj, "msg.x");',
    'msg.missing = RED.util.getObjectProperty(obj, "a.b.c");',
    'RED.util.setObjectProperty(obj, "deep.path[0]", "v");',
    'msg.notCreated = RED.util.setObjectProperty(obj, "no.such", 1, false);',
    'RED.util.setObjectProperty(obj, "list", undefined);',
    'msg.payload = obj;',
    'return msg;',
  ].join('\n'));
  flows.send('fn', {});
  const [msg] = await flows.waitFor('out');
  assert.equal(msg!.read, 1);
  assert.equal(msg!.missing, undefined);
  assert.equal(msg!.notCreated, false);
  assert.deepEqual(JSON.parse(JSON.stringify(msg!.payload)), { msg: { x: 1 }, deep: { path: ['v'] } }); // objects from the vm realm
});

test('setObjectProperty with createMissing false writes only where the path exists', () => {
  const obj: Record<string, unknown> = { a: { b: 1 } };
  assert.equal(setObjectProperty(obj, 'a.c', 2, false), true);
  assert.equal(setObjectProperty(obj, 'x.y', 3, false), false);
  assert.deepEqual(obj, { a: { b: 1, c: 2 } });
});

test('setObjectProperty under a value that is not an object returns false, as in Node-RED', () => {
  const obj: Record<string, unknown> = { payload: 'text', none: null };
  assert.equal(setObjectProperty(obj, 'payload.x', 1), false);
  assert.equal(setObjectProperty(obj, 'none.x', 1), false);
  assert.equal(setObjectProperty(obj, 'made.x', 1), true);
  assert.deepEqual(obj, { payload: 'text', none: null, made: { x: 1 } });
});

test('RED.util.evaluateNodeProperty reads each typed-value type, returning or calling back', async (t) => {
  const flows = await fnFlow(t, [
    'const ev = (v, type) => RED.util.evaluateNodeProperty(v, type, node, msg);',
    'msg.str = ev("text", "str");',
    'msg.num = ev("42", "num");',
    'msg.bool = ev("TRUE", "bool");',
    'msg.json = ev(\'{"a":[1]}\', "json");',
    'msg.bin = ev("[104,105]", "bin");',
    'msg.fromMsg = ev("payload.n", "msg");',
    'msg.fromFlow = ev("seed", "flow");',
    'msg.fromGlobal = ev("seed", "global");',
    'msg.fromEnv = ev("PB_EVAL", "env");',
    'msg.re = ev("^a+$", "re").test("aaa");',
    'msg.date = typeof ev("", "date");',
    'msg.unknown = ev("kept", "something-else");',
    'msg.jsonata = await ev("payload.n * 2", "jsonata");',
    'msg.viaCallback = await new Promise((resolve, reject) => RED.util.evaluateNodeProperty("payload.n + 1", "jsonata", node, msg, (err, value) => err ? reject(err) : resolve(value)));',
    'RED.util.evaluateNodeProperty("{bad", "json", node, msg, (err) => { msg.badJson = /^Invalid JSON/.test(err.message); });',
    'return msg;',
  ].join('\n'), { PB_EVAL: 'from env' });
  flows.context('flow:f1').set('seed', 'flowed');
  flows.context('global').set('seed', 'globaled');
  flows.send('fn', { payload: { n: 5 } });
  const [msg] = await flows.waitFor('out');
  assert.equal(msg!.str, 'text');
  assert.equal(msg!.num, 42);
  assert.equal(msg!.bool, true);
  assert.deepEqual(msg!.json, { a: [1] });
  assert.ok(Buffer.isBuffer(msg!.bin));
  assert.equal((msg!.bin as Buffer).toString(), 'hi');
  assert.equal(msg!.fromMsg, 5);
  assert.equal(msg!.fromFlow, 'flowed');
  assert.equal(msg!.fromGlobal, 'globaled');
  assert.equal(msg!.fromEnv, 'from env');
  assert.equal(msg!.re, true);
  assert.equal(msg!.date, 'number');
  assert.equal(msg!.unknown, 'kept');
  assert.equal(msg!.jsonata, 10);
  assert.equal(msg!.viaCallback, 6);
  assert.equal(msg!.badJson, true);
});

test('createRedUtil: a malformed value is a plain Error, not a config error', () => {
  const util = createRedUtil({ context: () => ({}), env: { get: () => undefined } } as unknown as NodeContext<unknown, unknown>);
  assert.throws(() => util.evaluateNodeProperty('{bad', 'json', null, {}), (err: Error) => err.name === 'Error' && /Invalid JSON/.test(err.message));
});
