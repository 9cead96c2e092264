import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../editor/src/graph/apply.ts';
import { createCanvasView, edgeId, nodeSize, parseEdgeId, portOfHandle, type CanvasViewInput } from '../../../editor/src/graph/canvas-view.ts';
import { catalogue, sampleDoc } from './fixtures.ts';

function input(overrides: Partial<CanvasViewInput> = {}): CanvasViewInput {
  return {
    doc: sampleDoc(), flow: 't1', catalogue, selectedNodes: new Set(), selectedEdges: new Set(),
    statuses: new Map(), errors: new Map(), deployed: new Map(), ...overrides,
  };
}

test('the view shows the nodes and wires of one tab', () => {
  const view = createCanvasView()(input());
  assert.deepEqual(view.nodes.map((n) => n.id), ['a', 'b', 'c']);
  assert.deepEqual(view.edges.map((e) => e.id), [edgeId('a', 0, 'b'), edgeId('b', 0, 'c')]);
  assert.equal(view.edges[0]!.sourceHandle, 'out-0');
  assert.equal(portOfHandle('out-3'), 3);
  assert.equal(portOfHandle('in'), -1);
  assert.deepEqual(parseEdgeId(edgeId('a:b', 2, 'c')), { source: 'a:b', port: 2, target: 'c' });
});

test('an unchanged state returns the same arrays; one change replaces one node', () => {
  const view = createCanvasView();
  const base = input();
  const first = view(base);
  assert.equal(view({ ...base, selectedNodes: new Set() }), first);

  const doc = applyEdits(base.doc, [{ type: 'node:move', id: 'b', from: { x: 0, y: 0 }, to: { x: 5, y: 5 } }]);
  const second = view({ ...base, doc });
  assert.notEqual(second, first);
  assert.equal(second.nodes[0], first.nodes[0]);
  assert.notEqual(second.nodes[1], first.nodes[1]);
  assert.equal(second.nodes[2], first.nodes[2]);
  assert.equal(second.edges[0], first.edges[0]);
});

test('selecting a node keeps its data object, so its card can skip work', () => {
  const view = createCanvasView();
  const base = input();
  const first = view(base);
  const selected = view({ ...base, selectedNodes: new Set(['a']) });
  assert.equal(selected.nodes[0]!.selected, true);
  assert.equal(selected.nodes[0]!.data, first.nodes[0]!.data);
});

test('status and deploy errors reach the node they belong to', () => {
  const status = { fill: 'green', text: 'ok' } as const;
  const view = createCanvasView()(input({ statuses: new Map([['b', status]]), errors: new Map([['c', ['bad']]]) }));
  assert.equal(view.nodes[1]!.data.status, status);
  assert.deepEqual(view.nodes[2]!.data.errors, ['bad']);
});

test('cards are sized for their label and ports', () => {
  assert.deepEqual(nodeSize('inject', 1), { width: 120, height: 40 });
  assert.ok(nodeSize('a much longer node name here', 1).width > 120);
  assert.ok(nodeSize('switch', 5).height >= 5 * 16);
});

test('moving a node keeps the edges array, so React Flow does not re-index thousands of wires', () => {
  const view = createCanvasView();
  const base = input();
  const first = view(base);
  const doc = applyEdits(base.doc, [{ type: 'node:move', id: 'c', from: { x: 0, y: 0 }, to: { x: 9, y: 9 } }]);
  const second = view({ ...base, doc });
  assert.notEqual(second.nodes, first.nodes);
  assert.equal(second.edges, first.edges);
  const selected = view({ ...base, doc, selectedEdges: new Set([edgeId('a', 0, 'b')]) });
  assert.equal(selected.nodes, second.nodes);
  assert.notEqual(selected.edges, second.edges);
});
