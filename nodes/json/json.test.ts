import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '#node-api';
import { runFlows } from '../../test/helpers/flows.ts';
import { deployErrors, settle, startNode, type TestContext } from '../../test/helpers/node-test.ts';
import { SchemaValidator } from './schema-validator.ts';

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

const schema = { type: 'object', properties: { temp: { type: 'number' } }, required: ['temp'] };

test('msg.schema: a valid value passes, parsed or stringified, and the schema is removed', async (t) => {
  const [parsed, stringified, kept] = await convert(t, {},
    { payload: '{"temp":21.5}', schema }, { payload: { temp: 3 }, schema }, { payload: '"no schema, no check"' });
  assert.deepEqual(parsed!.payload, { temp: 21.5 });
  assert.equal('schema' in parsed!, false);
  assert.equal(stringified!.payload, '{"temp":3}');
  assert.equal('schema' in stringified!, false);
  assert.equal(kept!.payload, 'no schema, no check');
});

test('msg.schema: an invalid value is an error with the errors in msg.schemaError, for catch nodes', async (t) => {
  const flows = await runFlows([
    { id: 'n', type: 'json', wires: [['out']] },
    { id: 'out', type: 'test-sink' },
    { id: 'c', type: 'catch', config: { scope: 'selected', nodes: ['n'] }, wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('n', { payload: '{"temp":"warm"}', schema });
  flows.send('n', { payload: { other: 1 }, schema });
  const [first, second] = await flows.waitFor('caught', 2);
  assert.equal((first!.error as { message: string }).message, 'JSON Schema error: data/temp must be number');
  assert.deepEqual((first!.schemaError as Array<{ instancePath: string; keyword: string }>).map((e) => [e.instancePath, e.keyword]), [['/temp', 'type']]);
  assert.equal((second!.error as { message: string }).message, "JSON Schema error: data must have required property 'temp'");
  assert.equal(second!.payload && typeof second!.payload, 'object', 'not stringified when invalid');
  await settle();
  assert.equal(flows.received('out').length, 0);
});

test('msg.schema is checked for action "str" (string input parsed to check) and "obj" (value input)', async (t) => {
  const flows = await startNode(t, 'json', { action: 'str' });
  flows.send('n', { payload: '{"temp":1}', schema });
  flows.send('n', { payload: '{}', schema });
  assert.equal((await flows.waitFor('out0'))[0]!.payload, '{"temp":1}');
  const log = await flows.waitForEvent('log', (e) => e.level === 'error' && e.node === 'n');
  assert.match(log.message, /^JSON Schema error: data must have required property 'temp'/);

  const obj = await startNode(t, 'json', { action: 'obj' });
  obj.send('n', { payload: { temp: 'x' }, schema });
  const objLog = await obj.waitForEvent('log', (e) => e.level === 'error' && e.node === 'n');
  assert.match(objLog.message, /data\/temp must be number/);
});

test('a schema that does not compile is an error', async (t) => {
  const flows = await startNode(t, 'json', {});
  flows.send('n', { payload: '{}', schema: { type: 'no-such-type' } });
  const log = await flows.waitForEvent('log', (e) => e.level === 'error' && e.node === 'n');
  assert.match(log.message, /^JSON Schema error: failed to compile schema/);
  await settle();
  assert.equal(flows.received('out0').length, 0);
});

test('schemas are compiled once each and the cache is bounded', () => {
  const validator = new SchemaValidator(3);
  for (let i = 0; i < 5; i++) assert.equal(validator.check({ type: 'integer', maximum: i }, 2).valid, i >= 2);
  assert.equal(validator.size, 3);
  assert.equal(validator.check({ type: 'integer', maximum: 4 }, 2).valid, true);
  assert.equal(validator.size, 3);
  // Two schemas with the same $id do not collide.
  assert.equal(validator.check({ $id: 'https://example.com/s.json', type: 'string' }, 'a').valid, true);
  assert.equal(validator.check({ $id: 'https://example.com/s.json', type: 'number' }, 'a').valid, false);
});
