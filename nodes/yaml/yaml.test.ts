import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, startNode } from '../../test/helpers/node-test.ts';
import { startCaught } from '../../test/helpers/catching.ts';

test('YAML text becomes a value and a value becomes YAML text (js-yaml, as Node-RED)', async (t) => {
  const flows = await startNode(t, 'yaml', {});
  flows.send('n', { payload: 'a: 1\nb:\n  - x\n  - true\n' });
  flows.send('n', { payload: { a: 1, b: ['x', true] } });
  flows.send('n', { topic: 'no payload' });
  const [parsed, dumped, passed] = await flows.waitFor('out0', 3);
  assert.deepEqual(parsed!.payload, { a: 1, b: ['x', true] });
  assert.equal(dumped!.payload, 'a: 1\nb:\n  - x\n  - true\n');
  assert.equal(passed!.topic, 'no payload');
});

test('another property; numbers and Buffers are dropped with a warning', async (t) => {
  const flows = await startNode(t, 'yaml', { property: 'data.text' });
  flows.send('n', { data: { text: '[1, 2]' } });
  flows.send('n', { data: { text: 5 } });
  flows.send('n', { data: { text: Buffer.from('a: 1') } });
  const [out] = await flows.waitFor('out0', 1);
  assert.deepEqual((out!.data as { text: unknown }).text, [1, 2]);
  await settle();
  assert.equal(flows.received('out0').length, 1);
  assert.equal(flows.events.log.filter((l) => l.level === 'warn').length, 2);
});

test('invalid YAML reaches catch nodes with js-yaml\'s message and code YAML_PARSE_FAILED', async (t) => {
  const flows = await startCaught(t, 'yaml', {});
  flows.send('n', { payload: 'a: [1, 2' });
  const [caught] = await flows.waitFor('caught', 1);
  const error = caught!.error as { message: string; code?: string };
  assert.match(error.message, /unexpected end of the stream|flow collection/);
  assert.equal(flows.received('out0').length, 0);
});
