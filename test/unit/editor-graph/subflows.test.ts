// Subflows, groups and imports in the editor's pure graph layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../editor/src/graph/apply.ts';
import { fromFlowDocument } from '../../../editor/src/graph/document.ts';
import { isOpenableFlow, subflowFromSelection } from '../../../editor/src/graph/subflows.ts';
import { nodeLabel } from '../../../editor/src/graph/node-label.ts';
import { detectFormat } from '../../../editor/src/panels/ImportDialog/detect-format.ts';
import type { FlowNode } from '../../../server/api/contract.ts';

const node = (id: string, wires: string[][] = [[]], extra: Partial<FlowNode> = {}): FlowNode => ({ id, type: 'junction', flow: 'tab', x: 100, y: 100, config: {}, wires, ...extra });

test('a selection becomes a template and one instance, wired as the nodes were', () => {
  const doc = fromFlowDocument({ flows: [{ id: 'tab', label: 'Tab' }], nodes: [
    node('src', [['a']]), node('a', [['b', 'out1']]), node('b', [['out2']]), node('out1', [[]]), node('out2', [[]]),
  ] });
  let n = 0;
  const plan = subflowFromSelection(doc, 'tab', new Set(['a', 'b']), () => `id${++n}`)!;
  const after = applyEdits(doc, plan.edits);
  assert.deepEqual(after.nodes.get('src')!.wires, [['id2']]);
  assert.equal(after.nodes.get('a')!.flow, 'id1');
  assert.deepEqual(after.nodes.get('a')!.wires, [['b']]);
  assert.deepEqual(after.nodes.get('b')!.wires, [[]]);
  const template = after.nodes.get('id1')!;
  assert.deepEqual((template.config.in as Array<{ wires: unknown }>)[0]!.wires, [{ id: 'a' }]);
  assert.deepEqual((template.config.out as Array<{ wires: unknown }>).map((o) => o.wires), [[{ id: 'a', port: 0 }], [{ id: 'b', port: 0 }]]);
  const instance = after.nodes.get('id2')!;
  assert.deepEqual([instance.type, instance.flow, instance.config.subflow, instance.config.input, instance.config.outputs], ['subflow-instance', 'tab', 'id1', true, 2]);
  assert.deepEqual(instance.wires, [['out1'], ['out2']]);
  assert.equal(isOpenableFlow(after, 'id1'), true);
  assert.equal(isOpenableFlow(after, 'a'), false);
  assert.equal(nodeLabel(instance, undefined, after), 'Subflow 1');
});

test('an empty selection makes no subflow; placeholders show their Node-RED type', () => {
  const doc = fromFlowDocument({ flows: [{ id: 'tab', label: 'Tab' }], nodes: [node('x', [[]], { type: 'unsupported', config: { originalType: 'ui_gauge' } })] });
  assert.equal(subflowFromSelection(doc, 'tab', new Set(), () => 'n'), null);
  assert.equal(nodeLabel(doc.nodes.get('x')!, undefined, doc), 'ui_gauge');
});

test('the import dialog tells Node-RED exports from Patchbay files', () => {
  assert.equal(detectFormat('[{"id":"a","type":"tab"}]').kind, 'node-red');
  assert.equal(detectFormat('{"rev":"1","flows":[]}').kind, 'node-red');
  assert.equal(detectFormat('{"format":"patchbay-flows","version":1,"flows":[],"nodes":[]}').kind, 'patchbay');
  assert.equal(detectFormat('{"flows":[],"nodes":[]}').kind, 'unknown');
  assert.equal(detectFormat('not json').kind, 'unknown');
});
