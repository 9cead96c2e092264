import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../../test/helpers/node-test.ts';
import { startCaught } from '../../test/helpers/catching.ts';

test('CSV with a header row: a message per row, numbers parsed, empty fields left out, a sequence', async (t) => {
  const flows = await startNode(t, 'csv', { hdrin: true });
  flows.send('n', { _msgid: 'm', payload: 'name,qty,note\nTea,2,"hot, strong"\nMilk,,"say ""hi"""\n' });
  const out = await flows.waitFor('out0', 2);
  assert.deepEqual(out.map((m) => m.payload), [{ name: 'Tea', qty: 2, note: 'hot, strong' }, { name: 'Milk', note: 'say "hi"' }]);
  assert.deepEqual(out.map((m) => m.parts), [{ id: 'm', index: 0, count: 2 }, { id: 'm', index: 1, count: 2 }]);
  assert.equal(out[0]!.columns, 'name,qty,note');
});

test('a template names columns (an empty name skips one); mult gives one array; options for strings, empties and nulls', async (t) => {
  const flows = await startNode(t, 'csv', { temp: 'a,,c,d', multi: 'mult', strings: false, include_empty_strings: true, include_null_values: true, skip: 1 });
  flows.send('n', { payload: 'skipped line\n1,2,"",\n007,x,y,z\n' });
  const [out] = await flows.waitFor('out0');
  assert.deepEqual(out!.payload, [{ a: '1', c: '', d: null }, { a: '007', c: 'y', d: 'z' }]);
  assert.equal(out!.columns, 'a,c,d');
});

test('without names: col1, col2...; separators like \\t are unescaped', async (t) => {
  const flows = await startNode(t, 'csv', { sep: '\\t', multi: 'mult' });
  flows.send('n', { payload: '1\t2.5\n-3\t1e3' });
  const [out] = await flows.waitFor('out0');
  assert.deepEqual(out!.payload, [{ col1: 1, col2: 2.5 }, { col1: -3, col2: 1000 }]);
});

test('objects and arrays become CSV; headers all or once (until msg.reset); fields with separators or quotes are quoted', async (t) => {
  const flows = await startNode(t, 'csv', { hdrout: 'once', ret: '\\r\\n' });
  flows.send('n', { payload: [{ a: 1, b: 'x,y' }, { a: 2, b: 'say "hi"' }] });
  flows.send('n', { payload: { a: 3, b: 'z' } });
  flows.send('n', { payload: [[4, 5]], columns: 'a,b', reset: true });
  const out = await flows.waitFor('out0', 3);
  assert.deepEqual(out.map((m) => m.payload), ['a,b\r\n1,"x,y"\r\n2,"say ""hi"""\r\n', '3,z\r\n', 'a,b\r\n4,5\r\n']);
  assert.equal(out[0]!.columns, 'a,b');
});

test('a quote that never closes reaches catch nodes (CSV_PARSE_FAILED)', async (t) => {
  const flows = await startCaught(t, 'csv', {});
  flows.send('n', { payload: 'a,"b\n' });
  const [caught] = await flows.waitFor('caught', 1);
  assert.match((caught!.error as { message: string }).message, /quote/i);
});
