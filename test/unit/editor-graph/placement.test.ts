import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, invertEdits } from '../../../editor/src/graph/apply.ts';
import { sameDocument } from '../../../editor/src/graph/doc-equality.ts';
import { moveEdits, removeNodesEdits, spliceEdits } from '../../../editor/src/graph/node-edits.ts';
import { cardSize, centredAt, freeSpot, offsetToCentre, spotAfter } from '../../../editor/src/graph/placement.ts';
import { catalogue, debug, fn, node, sampleDoc } from './fixtures.ts';

test('a node goes where nothing is: the spot asked for, else the first free one below it', () => {
  const doc = sampleDoc(); // a, b, c all at 0,0 on t1
  const size = { width: 120, height: 40 };
  const spot = freeSpot(doc, catalogue, 't1', { x: 0, y: 0 }, size);
  assert.equal(spot.x, 0);
  assert.ok(spot.y >= 40 + 20, `below the stack with a gap: ${spot.y}`);
  assert.deepEqual(freeSpot(doc, catalogue, 't2', { x: 3, y: 7 }, size), { x: 0, y: 10 }, 'an empty tab: the spot, on the grid');
});

test('after the selected node: to its right on its line', () => {
  const doc = sampleDoc();
  const a = doc.nodes.get('a')!;
  const width = cardSize(a, catalogue.get('inject')).width;
  const moved = applyEdits(doc, moveEdits(doc, new Map([['b', { x: 500, y: 500 }], ['c', { x: 500, y: 600 }]])));
  assert.deepEqual(spotAfter(moved, catalogue, moved.nodes.get('a')!, { width: 120, height: 40 }), { x: width + 60, y: 0 });
});

test('a dropped card is centred on the point; a paste is centred on the pointer', () => {
  assert.deepEqual(centredAt({ x: 300, y: 200 }, { width: 120, height: 40 }), { x: 240, y: 180 });
  const nodes = [node('p', 'debug', { x: 100, y: 100 }), node('q', 'debug', { x: 300, y: 200 })];
  const size = cardSize(nodes[0]!, debug);
  const offset = offsetToCentre(nodes, catalogue, { x: 0, y: 0 });
  assert.deepEqual(offset, { x: -Math.round((100 + 300 + size.width) / 2 / 10) * 10, y: -Math.round((100 + 200 + size.height) / 2 / 10) * 10 });
});

test('a node dropped on a wire takes its place in it; one without an output or input does not', () => {
  const doc = sampleDoc();
  const added = node('d', 'function', { wires: [[]] });
  const withNode = applyEdits(doc, [{ type: 'node:add', node: added }]);
  const spliced = applyEdits(withNode, spliceEdits({ source: 'a', port: 0, target: 'b' }, added, fn));
  assert.deepEqual(spliced.nodes.get('a')!.wires, [['d']]);
  assert.deepEqual(spliced.nodes.get('d')!.wires, [['b']]);
  assert.deepEqual(spliceEdits({ source: 'a', port: 0, target: 'b' }, node('e', 'debug'), debug), []);
});

test('a document is the same after an edit and its undo, though nodes were rebuilt', () => {
  const doc = sampleDoc();
  const edits = [...moveEdits(doc, new Map([['a', { x: 40, y: 40 }]])), ...removeNodesEdits(doc, ['c'])];
  const edited = applyEdits(doc, edits);
  assert.equal(sameDocument(edited, doc), false);
  const undone = applyEdits(edited, invertEdits(edits));
  assert.notEqual(undone.nodes.get('a'), doc.nodes.get('a'), 'the move made a new object');
  assert.equal(sameDocument(undone, doc), true);
  assert.equal(sameDocument(applyEdits(doc, [{ type: 'flow:update', before: doc.flows[0]!, after: { ...doc.flows[0]!, label: 'x' } }]), doc), false);
});
