import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../editor/src/graph/apply.ts';
import { emptyDoc, fromFlowDocument, selectionDocument, serializeFlowDocument, toFlowDocument } from '../../../editor/src/graph/document.ts';
import { importEdits } from '../../../editor/src/graph/import-edits.ts';
import { parseFlowFile } from '../../../editor/src/graph/parse-flow-file.ts';
import { sampleDoc, sequentialIds } from './fixtures.ts';

const file = toFlowDocument(sampleDoc());

test('import into an empty editor and export again gives the same file', () => {
  const parsed = parseFlowFile(serializeFlowDocument(file));
  assert.ok(parsed.ok);
  const plan = importEdits(emptyDoc, parsed.doc, { activeFlow: 'none', newId: sequentialIds() });
  const exported = serializeFlowDocument(toFlowDocument(applyEdits(emptyDoc, plan.edits)));
  assert.equal(exported, serializeFlowDocument(file));
  assert.deepEqual(plan.nodeIds, ['a', 'b', 'c']);
});

test('exported keys follow the file order and unknown keys are kept', () => {
  const doc = fromFlowDocument({ flows: [{ label: 'L', id: 't' }], nodes: [{ config: {}, type: 'x', id: 'n', flow: 't', extra: 1 } as never] });
  const text = serializeFlowDocument(toFlowDocument(doc));
  assert.match(text, /"id": "t",\n\s+"label": "L"/);
  assert.ok(text.indexOf('"id": "n"') < text.indexOf('"type": "x"'));
  assert.match(text, /"extra": 1/);
  assert.ok(text.endsWith('}\n'));
});

test('importing a file twice renames clashing ids and follows wires and config references', () => {
  const doc = sampleDoc();
  const plan = importEdits(doc, { ...file, nodes: file.nodes.map((n) => (n.id === 'cfg' ? { ...n, config: { url: 'mqtt://other' } } : n)) },
    { activeFlow: 't1', newId: sequentialIds() });
  const result = applyEdits(doc, plan.edits);
  assert.equal(result.flows.length, 4);
  const [tabA, tabB] = plan.flowIds;
  assert.deepEqual([tabA, tabB], ['n1', 'n2']);
  const a = result.nodes.get('n3')!;
  assert.equal(a.type, 'inject');
  assert.equal(a.flow, 'n1');
  assert.deepEqual(a.wires, [['n4']]);
  assert.equal(a.config.broker, 'n6', 'the config reference follows the renamed config node');
  assert.equal(result.nodes.get('n6')!.config.url, 'mqtt://other');
});

test('an identical config node is reused, not duplicated', () => {
  const doc = sampleDoc();
  const plan = importEdits(doc, file, { activeFlow: 't1', newId: sequentialIds() });
  const result = applyEdits(doc, plan.edits);
  const brokers = [...result.nodes.values()].filter((n) => n.type === 'mqtt-broker');
  assert.equal(brokers.length, 1);
  assert.equal(result.nodes.get('n3')!.config.broker, 'cfg');
});

test('a selection exports its nodes, the wires between them and the config nodes they use', () => {
  const selection = selectionDocument(sampleDoc(), ['a', 'b']);
  assert.deepEqual(selection.flows, []);
  assert.deepEqual(selection.nodes.map((n) => n.id), ['a', 'b', 'cfg']);
  assert.deepEqual(selection.nodes[1]!.wires, [[]], 'the wire to c is outside the selection');
});

test('paste makes copies with new ids, offset, on the open tab', () => {
  const doc = sampleDoc();
  const clip = selectionDocument(doc, ['a', 'b']);
  const plan = importEdits(doc, clip, { activeFlow: 't2', newId: sequentialIds('p'), renameAll: true, offset: { x: 20, y: 20 } });
  const result = applyEdits(doc, plan.edits);
  assert.deepEqual(plan.nodeIds, ['p1', 'p2']);
  assert.deepEqual(result.nodes.get('p1'), { id: 'p1', type: 'inject', flow: 't2', x: 20, y: 20, config: { broker: 'cfg' }, wires: [['p2']] });
  assert.equal(result.nodes.size, doc.nodes.size + 2);
});

test('invalid files are rejected with a message that says what and where', () => {
  const cases: Array<[string, RegExp]> = [
    ['{not json', /not valid JSON/],
    ['[{"id":"a","type":"inject"}]', /Node-RED/],
    ['{"format":"other"}', /"format" must be "patchbay-flows"/],
    ['{"format":"patchbay-flows","version":2,"flows":[],"nodes":[]}', /version 2/],
    ['{"format":"patchbay-flows","version":1,"flows":{},"nodes":[]}', /"flows" must be a list/],
    ['{"format":"patchbay-flows","version":1,"flows":[{"id":"t"}],"nodes":[]}', /flows\[0\]: "label"/],
    ['{"format":"patchbay-flows","version":1,"flows":[],"nodes":[{"id":"a","type":"x","x":"1"}]}', /nodes\[0\] \("a"\): "x" must be a number/],
    ['{"format":"patchbay-flows","version":1,"flows":[],"nodes":[{"id":"a","type":"x","wires":["b"]}]}', /"wires" must be a list of lists/],
    ['{"format":"patchbay-flows","version":1,"flows":[],"nodes":[{"id":"a","type":"x"},{"id":"a","type":"y"}]}', /nodes\[1\]: the id "a" is used twice/],
  ];
  for (const [text, message] of cases) {
    const result = parseFlowFile(text);
    assert.equal(result.ok, false, text);
    assert.match((result as { error: string }).error, message, text);
  }
});

test('a node without config gets an empty one', () => {
  const result = parseFlowFile('{"format":"patchbay-flows","version":1,"flows":[],"nodes":[{"id":"a","type":"x"}]}');
  assert.ok(result.ok);
  assert.deepEqual(result.doc.nodes[0]!.config, {});
});
