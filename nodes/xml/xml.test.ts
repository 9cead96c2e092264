import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../../test/helpers/node-test.ts';
import { startCaught } from '../../test/helpers/catching.ts';

test('XML text becomes an object in xml2js\'s shape; an object becomes XML', async (t) => {
  const flows = await startNode(t, 'xml', {});
  flows.send('n', { payload: '<order id="7"><item>tea</item><item>milk</item><note lang="en">hot</note></order>' });
  const [parsed] = await flows.waitFor('out0', 1);
  flows.send('n', { payload: { order: { $: { id: '7' }, item: ['tea', 'milk'] } } });
  const built = (await flows.waitFor('out0', 2))[1];
  assert.deepEqual(parsed!.payload, { order: { $: { id: '7' }, item: ['tea', 'milk'], note: [{ _: 'hot', $: { lang: 'en' } }] } });
  assert.equal(Object.getPrototypeOf(parsed!.payload), Object.prototype, 'ordinary objects, not xml2js\'s prototype-less ones');
  assert.equal(built!.payload, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><order id="7"><item>tea</item><item>milk</item></order>');
});

test('attribute and text keys are configurable; msg.options passes parser options', async (t) => {
  const flows = await startNode(t, 'xml', { attr: 'attrs', chr: 'text' });
  flows.send('n', { payload: '<a x="1">hi</a>' });
  const [keys] = await flows.waitFor('out0', 1);
  flows.send('n', { payload: '<a><b>1</b></a>', options: { explicitArray: false } });
  const options = (await flows.waitFor('out0', 2))[1];
  assert.deepEqual(keys!.payload, { a: { attrs: { x: '1' }, text: 'hi' } });
  assert.deepEqual(options!.payload, { a: { b: '1' } });
});

test('malformed XML reaches catch nodes (XML_PARSE_FAILED)', async (t) => {
  const flows = await startCaught(t, 'xml', {});
  flows.send('n', { payload: '<a><b></a>' });
  const [caught] = await flows.waitFor('caught', 1);
  assert.match((caught!.error as { message: string }).message, /Unexpected close tag/);
});
