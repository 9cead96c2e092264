import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type RunOptions, type TestFlows } from '../../test/helpers/flows.ts';
import type { Message } from '#node-api';
import { deployErrors, settle, startNode, type TestContext } from '../../test/helpers/node-test.ts';

type Rule = Record<string, unknown>;

const start = (t: TestContext, rules: Rule[], opts?: RunOptions): Promise<TestFlows> => startNode(t, 'change', { rules }, opts);

/** Sends one message through a change node with `rules` and returns what comes out. */
async function change(t: TestContext, rules: Rule[], msg: Partial<Message>, opts?: RunOptions): Promise<Message> {
  const flows = await start(t, rules, opts);
  flows.send('n', msg);
  const [out] = await flows.waitFor('out0', 1);
  return out!;
}

const set = (p: string, type: string, value: string, extra: Rule = {}): Rule => ({ t: 'set', p, to: { type, value }, ...extra });
const replace = (p: string, from: [string, string], to: [string, string]): Rule =>
  ({ t: 'change', p, from: { type: from[0], value: from[1] }, to: { type: to[0], value: to[1] } });
const firstErrorPath = async (rules: Rule[]) => (await deployErrors('change', { rules }))[0]?.path;

test('set: typed values of every constant kind', async (t) => {
  const out = await change(t, [
    set('payload', 'str', 'hello'),
    set('n', 'num', '42.5'),
    set('b', 'bool', 'true'),
    set('j', 'json', '{"a":[1,2]}'),
    set('bin', 'bin', '[104,105]'),
    set('e', 'env', 'CHANGE_TEST_VAR'),
    set('when', 'date', ''),
  ], { payload: 1 }, { env: { CHANGE_TEST_VAR: 'from env' } });
  assert.equal(out.payload, 'hello');
  assert.equal(out.n, 42.5);
  assert.equal(out.b, true);
  assert.deepEqual(out.j, { a: [1, 2] });
  assert.ok(Buffer.isBuffer(out.bin) && out.bin.toString() === 'hi');
  assert.equal(out.e, 'from env');
  assert.ok(typeof out.when === 'number' && Math.abs(out.when - Date.now()) < 5000);
});

test('set: a json constant is a fresh copy for every message', async (t) => {
  const flows = await start(t, [set('payload', 'json', '{"list":[]}'), set('payload.list[0]', 'msg', 'topic')]);
  flows.send('n', { topic: 'first' });
  flows.send('n', { topic: 'second' });
  const [a, b] = await flows.waitFor('out0', 2);
  assert.deepEqual(a!.payload, { list: ['first'] });
  assert.deepEqual(b!.payload, { list: ['second'] });
});

test('set: nested paths are created, and a missing msg source deletes the target', async (t) => {
  const out = await change(t, [set('payload.a["b c"][1]', 'str', 'x'), set('topic', 'msg', 'nothing.here')], { topic: 't' });
  assert.deepEqual(out.payload, { a: { 'b c': [, 'x'] } }); // only index 1 is set
  assert.equal('topic' in out, false);
});

test('set: flow and global context, by path, and read back into the message', async (t) => {
  const flows = await start(t, [
    { ...set('room.temp', 'msg', 'payload'), pt: 'flow' },
    { ...set('count', 'num', '3'), pt: 'global' },
    set('copy', 'flow', 'room'),
    set('temp', 'flow', 'room.temp'),
  ]);
  flows.context('flow:f1').set('room', { name: 'hall' });
  flows.send('n', { payload: 21.5 });
  const [out] = await flows.waitFor('out0', 1);
  assert.deepEqual(flows.context('flow:f1').get('room'), { name: 'hall', temp: 21.5 });
  assert.equal(flows.context('global').get('count'), 3);
  assert.equal(out!.temp, 21.5);
  assert.deepEqual(out!.copy, { name: 'hall', temp: 21.5 });
});

test('set: deep copy detaches the value, a plain set shares it', async (t) => {
  const flows = await start(t, [set('shared', 'global', 'obj'), set('copied', 'global', 'obj', { deep: true })]);
  flows.context('global').set('obj', { n: 1 });
  flows.send('n', {});
  const [out] = await flows.waitFor('out0', 1);
  const stored = flows.context('global').get<{ n: number }>('obj');
  assert.equal(out!.shared, stored);
  assert.notEqual(out!.copied, stored);
  assert.deepEqual(out!.copied, { n: 1 });
});

test('change: replaces every occurrence inside a string, taking the search literally', async (t) => {
  const out = await change(t, [replace('payload', ['str', 'a.b'], ['str', '-'])], { payload: 'a.b axb a.b' });
  assert.equal(out.payload, '- axb -');
});

test('change: regular expressions with capture groups', async (t) => {
  const out = await change(t, [replace('payload', ['re', '(\\w+)@(\\w+)'], ['str', '$2 at $1'])], { payload: 'me@home, you@work' });
  assert.equal(out.payload, 'home at me, work at you');
});

test('change: a string equal to the search is replaced whole, keeping the new type', async (t) => {
  const out = await change(t, [
    replace('payload', ['str', 'on'], ['bool', 'true']),
    replace('level', ['num', '42'], ['json', '{"high":true}']),
    replace('topic', ['str', 'x'], ['num', '7']),
  ], { payload: 'on', level: '42', topic: 'axa' });
  assert.equal(out.payload, true);
  assert.deepEqual(out.level, { high: true });
  assert.equal(out.topic, 'a7a'); // inside a longer string the number is inserted as text
});

test('change: numbers and booleans are replaced only by a search of their own type', async (t) => {
  const out = await change(t, [
    replace('n', ['num', '5'], ['str', 'five']),
    replace('m', ['num', '5'], ['str', 'five']),
    replace('b', ['bool', 'false'], ['str', 'off']),
    replace('s', ['str', '5'], ['str', 'five']),
  ], { n: 5, m: 6, b: false, s: 5 });
  assert.equal(out.n, 'five');
  assert.equal(out.m, 6);
  assert.equal(out.b, 'off');
  assert.equal(out.s, 5);
});

test('change: an empty search only matches an empty string', async (t) => {
  const flows = await start(t, [replace('payload', ['str', ''], ['str', 'n/a'])]);
  flows.send('n', { payload: '' });
  flows.send('n', { payload: 'abc' });
  const [a, b] = await flows.waitFor('out0', 2);
  assert.equal(a!.payload, 'n/a');
  assert.equal(b!.payload, 'abc');
});

test('change: the search value can come from the message or context', async (t) => {
  const flows = await start(t, [
    replace('payload', ['msg', 'find'], ['str', '*']),
    { ...replace('label', ['global', 'word'], ['msg', 'topic']), pt: 'flow' },
  ]);
  flows.context('global').set('word', 'old');
  flows.context('flow:f1').set('label', 'an old label');
  flows.send('n', { payload: 'a-b-c', find: '-', topic: 'new' });
  const [out] = await flows.waitFor('out0', 1);
  assert.equal(out!.payload, 'a*b*c');
  assert.equal(flows.context('flow:f1').get('label'), 'an new label');
});

test('change: a search value of an unusable type is an error and nothing is sent', async (t) => {
  const flows = await start(t, [replace('payload', ['msg', 'find'], ['str', '*'])]);
  flows.send('n', { payload: 'abc', find: { not: 'searchable' } });
  const log = await flows.waitForEvent('log', (e) => e.level === 'error' && e.node === 'n');
  assert.match(log.message, /Cannot search for a value of type object/);
  assert.equal(flows.received('out0').length, 0);
});

test('delete: message properties and context', async (t) => {
  const flows = await start(t, [{ t: 'delete', p: 'payload.secret' }, { t: 'delete', p: 'topic' }, { t: 'delete', p: 'gone', pt: 'flow' }, { t: 'delete', p: 'missing.deep' }]);
  flows.context('flow:f1').set('gone', 1);
  flows.send('n', { payload: { secret: 1, kept: 2 }, topic: 't' });
  const [out] = await flows.waitFor('out0', 1);
  assert.deepEqual(out!.payload, { kept: 2 });
  assert.equal('topic' in out!, false);
  assert.equal(flows.context('flow:f1').get('gone'), undefined);
});

test('move: between properties, into a child, out of a child, and into context', async (t) => {
  const flows = await start(t, [
    { t: 'move', p: 'topic', to: { type: 'msg', value: 'subject' } },
    { t: 'move', p: 'payload', to: { type: 'msg', value: 'payload.inner' } },
    { t: 'move', p: 'wrapped.value', to: { type: 'msg', value: 'wrapped' } },
    { t: 'move', p: 'subject', to: { type: 'global', value: 'lastTopic' } },
  ]);
  flows.send('n', { topic: 'T', payload: 5, wrapped: { value: [1] } });
  const [out] = await flows.waitFor('out0', 1);
  assert.equal('topic' in out!, false);
  assert.equal('subject' in out!, false);
  assert.deepEqual(out!.payload, { inner: 5 });
  assert.deepEqual(out!.wrapped, [1]);
  assert.equal(flows.context('global').get('lastTopic'), 'T');
});

test('JSONata: msg is the input, context functions work, rules see earlier results', async (t) => {
  const out = await change(t, [
    set('payload', 'jsonata', 'payload * 2'),
    set('sum', 'jsonata', 'payload + $globalContext("offset")'),
    set('kind', 'jsonata', '$env("CHANGE_KIND") & "/" & topic'),
  ], { payload: 21, topic: 't' }, { env: { CHANGE_KIND: 'k' } });
  assert.equal(out.payload, 42);
  assert.equal(out.sum, undefined); // no offset in global context: the expression yields nothing
  assert.equal(out.kind, 'k/t');
});

test('JSONata: an evaluation error reaches catch and the message is not sent', async (t) => {
  const flows = await start(t, [set('payload', 'jsonata', '$number("x") + nope()')]);
  flows.send('n', { payload: 1 });
  const log = await flows.waitForEvent('log', (e) => e.level === 'error' && e.node === 'n');
  assert.match(log.message, /^Invalid JSONata expression: /);
  await settle();
  assert.equal(flows.received('out0').length, 0);
});

test('default config sets the payload to an empty string', async (t) => {
  const flows = await runFlows([{ id: 'n', type: 'change', wires: [['out0']] }, { id: 'out0', type: 'test-sink' }]);
  t.after(() => flows.stop());
  flows.send('n', { payload: 'x' });
  const [out] = await flows.waitFor('out0', 1);
  assert.equal(out!.payload, '');
});

test('bad config is a deploy error naming the rule and key', async () => {
  assert.equal(await firstErrorPath([{ t: 'change', from: { type: 're', value: '(' } }]), '/config/rules/0/from');
  assert.equal(await firstErrorPath([set('payload', 'str', ''), set('payload', 'jsonata', '1 +')]), '/config/rules/1/to');
  assert.equal(await firstErrorPath([set('payload', 'json', '{bad')]), '/config/rules/0/to');
  assert.equal(await firstErrorPath([set('payload', 'num', 'abc')]), '/config/rules/0/to');
  assert.equal(await firstErrorPath([set('a..b', 'str', '')]), '/config/rules/0/p');
  assert.equal(await firstErrorPath([{ t: 'move', to: { type: 'str', value: 'x' } }]), '/config/rules/0/to/type');
  assert.equal(await firstErrorPath([{ t: 'move', to: { type: 'msg', value: '' } }]), '/config/rules/0/to/value');
  assert.equal(await firstErrorPath([{ t: 'change', from: { type: 'num', value: 'x' } }]), '/config/rules/0/from');
  assert.equal(await firstErrorPath([{ t: 'rename' }]), '/config/rules/0/t');
});
