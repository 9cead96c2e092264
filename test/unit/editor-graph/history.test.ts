import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, invertEdits } from '../../../editor/src/graph/apply.ts';
import { emptyHistory, record, redo, undo } from '../../../editor/src/graph/history.ts';
import { toFlowDocument } from '../../../editor/src/graph/document.ts';
import { GraphError } from '../../../editor/src/graph/errors.ts';
import type { Edit } from '../../../editor/src/graph/types.ts';
import { node, sampleDoc } from './fixtures.ts';

const everyKind: Edit[] = [
  { type: 'flow:remove', flow: { id: 't1', label: 'Flow 1' }, index: 0 },
  { type: 'node:add', node: node('d', 'debug') },
  { type: 'node:move', id: 'a', from: { x: 0, y: 0 }, to: { x: 50, y: 60 } },
  { type: 'wire:add', source: 'b', port: 0, target: 'd' },
  { type: 'wire:remove', source: 'a', port: 0, target: 'b' },
  { type: 'node:update', before: sampleDoc().nodes.get('c')!, after: { ...sampleDoc().nodes.get('c')!, name: 'out' } },
  { type: 'flow:add', flow: { id: 't3', label: 'Flow 3' }, index: 0 },
  { type: 'flow:update', before: { id: 't2', label: 'Flow 2' }, after: { id: 't2', label: 'Renamed', disabled: true } },
  { type: 'flow:move', id: 't2', from: 1, to: 0 },
];

test('each edit kind changes the document and its inverse restores it', () => {
  const doc = sampleDoc();
  for (const edit of everyKind) {
    const changed = applyEdits(doc, [edit]);
    assert.notDeepEqual(toFlowDocument(changed), toFlowDocument(doc), edit.type);
    assert.deepEqual(sorted(applyEdits(changed, invertEdits([edit]))), sorted(doc), edit.type);
  }
});

test('a batch of edits is undone by its inverse batch, and the input is never mutated', () => {
  const doc = sampleDoc();
  const before = structuredClone(toFlowDocument(doc));
  const changed = applyEdits(doc, everyKind);
  assert.deepEqual(toFlowDocument(doc), before);
  assert.deepEqual(sorted(applyEdits(changed, invertEdits(everyKind))), sorted(doc));
});

test('untouched nodes keep their identity', () => {
  const doc = sampleDoc();
  const changed = applyEdits(doc, [{ type: 'node:move', id: 'a', from: { x: 0, y: 0 }, to: { x: 1, y: 1 } }]);
  assert.equal(changed.nodes.get('b'), doc.nodes.get('b'));
  assert.notEqual(changed.nodes.get('a'), doc.nodes.get('a'));
});

test('an edit that does not fit the document throws a coded error', () => {
  assert.throws(() => applyEdits(sampleDoc(), [{ type: 'node:add', node: node('a', 'debug') }]),
    (err: unknown) => err instanceof GraphError && err.code === 'GRAPH_NODE_EXISTS');
  assert.throws(() => applyEdits(sampleDoc(), [{ type: 'node:move', id: 'zz', from: { x: 0, y: 0 }, to: { x: 1, y: 1 } }]),
    (err: unknown) => err instanceof GraphError && err.code === 'GRAPH_NODE_MISSING');
});

test('undo and redo walk the history; a new edit clears redo', () => {
  let doc = sampleDoc();
  let history = emptyHistory;
  const move: Edit = { type: 'node:move', id: 'a', from: { x: 0, y: 0 }, to: { x: 10, y: 10 } };
  doc = applyEdits(doc, [move]);
  history = record(history, { label: 'Move', edits: [move] });

  const undone = undo(history, doc)!;
  assert.equal(undone.doc.nodes.get('a')!.x, 0);
  assert.equal(undo(undone.history, undone.doc), null);
  const redone = redo(undone.history, undone.doc)!;
  assert.equal(redone.doc.nodes.get('a')!.x, 10);
  assert.equal(redo(redone.history, redone.doc), null);

  const again = record(undone.history, { label: 'Other', edits: [{ type: 'flow:update', before: { id: 't2', label: 'Flow 2' }, after: { id: 't2', label: 'X' } }] });
  assert.equal(again.future.length, 0);
});

test('updates with the same coalesce key merge into one undo step', () => {
  let doc = sampleDoc();
  let history = emptyHistory;
  for (const name of ['h', 'he', 'hel']) {
    const before = doc.nodes.get('c')!;
    const edit: Edit = { type: 'node:update', before, after: { ...before, name } };
    doc = applyEdits(doc, [edit]);
    history = record(history, { label: 'Edit', edits: [edit], coalesceKey: 'c:name' });
  }
  assert.equal(history.past.length, 1);
  const undone = undo(history, doc)!;
  assert.equal(undone.doc.nodes.get('c')!.name, undefined);

  const before = doc.nodes.get('c')!;
  const other: Edit = { type: 'node:update', before, after: { ...before, name: 'x' } };
  history = record(history, { label: 'Edit', edits: [other], coalesceKey: 'c:config' });
  assert.equal(history.past.length, 2);
});

/** Node order in the map is not meaningful for these comparisons (undo of a remove appends). */
function sorted(doc: ReturnType<typeof sampleDoc>) {
  const file = toFlowDocument(doc);
  return { ...file, nodes: [...file.nodes].sort((a, b) => a.id.localeCompare(b.id)).map((n) => ({ ...n, wires: n.wires?.map((t) => [...t].sort()) })) };
}
