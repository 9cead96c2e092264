import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, startNode } from '../../test/helpers/node-test.ts';

test('sorts an array property: ascending, descending, as numbers, by a JSONata key', async (t) => {
  const plain = await startNode(t, 'sort', {});
  const down = await startNode(t, 'sort', { order: 'descending', as_num: true });
  const keyed = await startNode(t, 'sort', { msgKeyType: 'jsonata', msgKey: 'age' });
  plain.send('n', { payload: ['b', 'c', 'a', '10', '9'] });
  down.send('n', { payload: ['10', '9', '100'] });
  keyed.send('n', { payload: [{ age: 30 }, { age: 5 }] });
  assert.deepEqual((await plain.waitFor('out0'))[0]!.payload, ['10', '9', 'a', 'b', 'c']);
  assert.deepEqual((await down.waitFor('out0'))[0]!.payload, ['100', '10', '9']);
  assert.deepEqual((await keyed.waitFor('out0'))[0]!.payload, [{ age: 5 }, { age: 30 }]);
});

test('a message without an array is not sent', async (t) => {
  const flows = await startNode(t, 'sort', {});
  flows.send('n', { payload: 'x' });
  await settle();
  assert.equal(flows.received('out0').length, 0);
});

test('sorts the messages of a sequence once it is complete, renumbering parts.index', async (t) => {
  const flows = await startNode(t, 'sort', { targetType: 'seq', seqKey: 'payload' });
  const values = [3, 1, 2];
  values.forEach((payload, index) => flows.send('n', { payload, parts: { id: 's', index, count: 3 } }));
  flows.send('n', { payload: 9 }); // not in a sequence: dropped
  const out = await flows.waitFor('out0', 3);
  assert.deepEqual(out.map((m) => [m.payload, (m.parts as { index: number }).index]), [[1, 0], [2, 1], [3, 2]]);
  await settle();
  assert.equal(flows.received('out0').length, 3);
});
