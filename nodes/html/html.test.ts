import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../../test/helpers/node-test.ts';
import { startCaught } from '../../test/helpers/catching.ts';

const page = '<ul><li class="a" data-n="1">One <b>1</b></li><li class="a">Two</li><li></li></ul>';

test('single: an array of the inner HTML, the text or the attributes of each match', async (t) => {
  const html = await startNode(t, 'html', { tag: 'li' });
  const text = await startNode(t, 'html', { tag: 'li.a', ret: 'text' });
  const attr = await startNode(t, 'html', { tag: 'li', ret: 'attr', outproperty: 'found' });
  for (const f of [html, text, attr]) f.send('n', { payload: page });
  assert.deepEqual((await html.waitFor('out0'))[0]!.payload, ['One <b>1</b>', 'Two', '']);
  assert.deepEqual((await text.waitFor('out0'))[0]!.payload, ['One 1', 'Two']);
  const [withAttr] = await attr.waitFor('out0');
  assert.deepEqual(withAttr!.found, [{ class: 'a', 'data-n': '1' }, { class: 'a' }, {}]);
  assert.equal(withAttr!.payload, page);
});

test('multi: a sequence of one message per non-empty match, numbered by element', async (t) => {
  const flows = await startNode(t, 'html', { tag: 'li', ret: 'text', as: 'multi' });
  flows.send('n', { _msgid: 'm1', payload: page });
  const parts = await flows.waitFor('out0', 2);
  assert.deepEqual(parts.map((m) => [m.payload, m.parts]), [
    ['One 1', { id: 'm1', index: 0, count: 3, type: 'string', ch: '' }],
    ['Two', { id: 'm1', index: 1, count: 3, type: 'string', ch: '' }],
  ]);
});

test('msg.select is the selector when the node has none; nothing matched is an empty array', async (t) => {
  const flows = await startNode(t, 'html', {});
  flows.send('n', { payload: page, select: 'b' });
  flows.send('n', { payload: page, select: 'table' });
  const [found, none] = await flows.waitFor('out0', 2);
  assert.deepEqual(found!.payload, ['1']);
  assert.deepEqual(none!.payload, []);
});

test('an invalid selector reaches catch nodes (HTML_SELECT_FAILED)', async (t) => {
  const flows = await startCaught(t, 'html', { tag: 'li[' });
  flows.send('n', { payload: page });
  await flows.waitFor('caught', 1);
});
