import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '#node-api';
import { deployErrors, settle, startNode, type TestContext } from '../../test/helpers/node-test.ts';

/** Sends each message through a json node with `config` and returns what comes out. */
async function convert(t: TestContext, config: Record<string, unknown>, ...messages: Array<Partial<Message>>): Promise<Message[]> {
  const flows = await startNode(t, 'json', config);
  for (const msg of messages) flows.send('n', msg);
  return flows.waitFor('out0', messages.length);
}

test('converts both ways by default', async (t) => {
  const [parsed, stringified, number, bool, nil] = await convert(t, {},
    { payload: '{"a":[1,true]}' }, { payload: { a: 1 } }, { payload: 42 }, { payload: false }, { payload: null });
  assert.deepEqual(parsed!.payload, { a: [1, true] });
  assert.equal(stringified!.payload, '{"a":1}');
  assert.equal(number!.payload, '42');
  assert.equal(bool!.payload, 'false');
  assert.equal(nil!.payload, 'null');
});

test('a Buffer is parsed as UTF-8 JSON', async (t) => {
  const [out] = await convert(t, {}, { payload: Buffer.from('{"temp":"21 °C"}', 'utf8') });
  assert.deepEqual(out!.payload, { temp: '21 °C' });
});

test('action "str" always leaves a string, action "obj" always a value', async (t) => {
  const [str, obj, buffer] = await convert(t, { action: 'str' }, { payload: '{"keep":"as is"}' }, { payload: [1] }, { payload: Buffer.from('[2]') });
  assert.equal(str!.payload, '{"keep":"as is"}');
  assert.equal(obj!.payload, '[1]');
  assert.equal(buffer!.payload, '[2]');
  const [parsed, kept] = await convert(t, { action: 'obj' }, { payload: '[1,2]' }, { payload: { already: 'object' } });
  assert.deepEqual(parsed!.payload, [1, 2]);
  assert.deepEqual(kept!.payload, { already: 'object' });
});

test('pretty output indents by four spaces', async (t) => {
  const [out] = await convert(t, { pretty: true }, { payload: { a: 1 } });
  assert.equal(out!.payload, '{\n    "a": 1\n}');
});

test('another property, and a message without it passes unchanged', async (t) => {
  const [converted, untouched] = await convert(t, { property: 'data.raw' }, { data: { raw: '"x"' } }, { payload: '{' });
  assert.deepEqual(converted!.data, { raw: 'x' });
  assert.equal(untouched!.payload, '{');
});

test('invalid JSON is an error with the parser\'s message and nothing is sent', async (t) => {
  const flows = await startNode(t, 'json', {});
  flows.send('n', { payload: '{"a":' });
  const log = await flows.waitForEvent('log', (e) => e.level === 'error' && e.node === 'n');
  assert.match(log.message, /JSON/);
  await settle();
  assert.equal(flows.received('out0').length, 0);
});

test('a value that has no JSON form is dropped with a warning', async (t) => {
  const flows = await startNode(t, 'json', {});
  flows.send('n', { payload: () => 1 });
  const log = await flows.waitForEvent('log', (e) => e.level === 'warn' && e.node === 'n');
  assert.match(log.message, /function cannot be converted/);
  await settle();
  assert.equal(flows.received('out0').length, 0);
});

test('bad config is a deploy error', async () => {
  assert.equal((await deployErrors('json', { action: 'yaml' }))[0]?.path, '/config/action');
  assert.equal((await deployErrors('json', { property: 'a[' }))[0]?.path, '/config/property');
});
