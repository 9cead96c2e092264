import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, invertEdits } from '../../../editor/src/graph/apply.ts';
import { createNode, moveEdits, removeConfigNodeEdits, removeNodesEdits, updateNodeEdits, wireProblem } from '../../../editor/src/graph/node-edits.ts';
import { addFlowEdit, moveFlowEdit, nextFlowLabel, removeFlowEdits, updateFlowEdit } from '../../../editor/src/graph/flow-edits.ts';
import { defaultValue, hasInput, outputCount, outputLabel } from '../../../editor/src/graph/schema.ts';
import { broker, catalogue, fn, inject, mqttIn, node, sampleDoc, switchType } from './fixtures.ts';

test('a new node gets its schema defaults and one wire list per output', () => {
  const created = createNode(inject, 'x', 't1', { x: 12.4, y: 7.6 });
  assert.deepEqual(created, {
    id: 'x', type: 'inject', version: 1, flow: 't1', x: 12, y: 8,
    config: { payload: { type: 'date', value: '' }, repeat: 0 }, wires: [[]],
  });
  assert.deepEqual(createNode(fn, 'f', 't1', { x: 0, y: 0 }).wires, [[]]);
  assert.deepEqual(createNode(broker, 'b', 't1', { x: 0, y: 0 }), { id: 'b', type: 'mqtt-broker', version: 1, config: { url: 'mqtt://localhost' } });
});

test('defaults come from default, then const/enum, then the type', () => {
  assert.equal(defaultValue({ anyOf: [{ const: 'msg' }, { const: 'full' }] }), 'msg');
  assert.equal(defaultValue({ type: 'string', enum: ['a', 'b'] }), 'a');
  assert.deepEqual(defaultValue({ type: 'array', items: {} }), []);
  const schemaDefault = { default: { nested: [1] } };
  assert.notEqual(defaultValue(schemaDefault), schemaDefault.default, 'defaults are copied, never shared');
});

test('removing a node also removes the wires into it; undo restores both', () => {
  const doc = sampleDoc();
  const edits = removeNodesEdits(doc, ['b']);
  const removed = applyEdits(doc, edits);
  assert.equal(removed.nodes.has('b'), false);
  assert.deepEqual(removed.nodes.get('a')!.wires, [[]]);
  const restored = applyEdits(removed, invertEdits(edits));
  assert.deepEqual(restored.nodes.get('a')!.wires, [['b']]);
  assert.deepEqual(restored.nodes.get('b')!.wires, [['c']]);
});

test('wireProblem explains why a wire cannot be drawn', () => {
  const doc = sampleDoc();
  assert.equal(wireProblem(doc, catalogue, 'a', 0, 'c'), null);
  assert.match(wireProblem(doc, catalogue, 'a', 0, 'a')!, /itself/);
  assert.match(wireProblem(doc, catalogue, 'a', 0, 'b')!, /already wired/);
  assert.match(wireProblem(doc, catalogue, 'c', 0, 'a')!, /no output/);
  assert.match(wireProblem(doc, catalogue, 'b', 0, 'a')!, /no input/);
});

test('changing the output count of a node resizes its wire lists', () => {
  const doc = sampleDoc();
  const grow = updateNodeEdits(doc, 'b', { config: { outputs: 3 } }, fn)[0]!;
  const grown = applyEdits(doc, [grow]);
  assert.deepEqual(grown.nodes.get('b')!.wires, [['c'], [], []]);
  const shrink = updateNodeEdits(grown, 'b', { config: { outputs: 0 } }, fn)[0]!;
  assert.deepEqual(applyEdits(grown, [shrink]).nodes.get('b')!.wires, []);
});

test('removing or moving a switch rule takes its wires along, as in Node-RED', () => {
  const rules = [{ t: 'eq', v: 'a' }, { t: 'eq', v: 'b' }, { t: 'else' }];
  const doc = applyEdits(sampleDoc(), [{ type: 'node:add', node: node('s', 'switch', { config: { rules }, wires: [['x'], ['y'], ['z']] }) }]);
  const wiresAfter = (config: Record<string, unknown>) => {
    const edit = updateNodeEdits(doc, 's', { config }, switchType)[0]!;
    return edit.type === 'node:update' ? edit.after.wires : null;
  };
  assert.deepEqual(wiresAfter({ rules: [rules[0], rules[2]] }), [['x'], ['z']], 'rule 2 removed: rule 3 keeps its wires');
  assert.deepEqual(wiresAfter({ rules: [rules[1], rules[0], rules[2]] }), [['y'], ['x'], ['z']], 'rules 1 and 2 swapped');
  assert.deepEqual(wiresAfter({ rules: [...rules, { t: 'eq', v: '' }] }), [['x'], ['y'], ['z'], []], 'a new rule starts unwired');
  assert.deepEqual(wiresAfter({ rules: [rules[0], { t: 'neq', v: 'b' }, rules[2]] }), [['x'], ['y'], ['z']], 'an edited rule keeps its wires');
  assert.deepEqual(wiresAfter({ rules: [rules[1], rules[2]] }), [['y'], ['z']], 'rule 1 removed');

  const removed = updateNodeEdits(doc, 's', { config: { rules: [rules[0], rules[2]] } }, switchType)[0]!;
  const undone = applyEdits(applyEdits(doc, [removed]), invertEdits([removed]));
  assert.deepEqual(undone.nodes.get('s')!.wires, [['x'], ['y'], ['z']], 'undo puts every wire back');
});

test('an mqtt in has an input only in dynamic mode; leaving it removes the wires into it', () => {
  const doc = applyEdits(sampleDoc(), [{ type: 'node:add', node: node('m', 'mqtt-in', { config: { topic: 'a', dynamic: true } }) },
    { type: 'wire:add', source: 'a', port: 0, target: 'm' }]);
  const types = new Map([...catalogue, [mqttIn.type, mqttIn]]);
  assert.equal(hasInput({}, mqttIn), false, 'not dynamic by default');
  assert.equal(wireProblem(doc, types, 'b', 0, 'm'), null);
  const edits = updateNodeEdits(doc, 'm', { config: { topic: 'a', dynamic: false } }, mqttIn);
  const after = applyEdits(doc, edits);
  assert.deepEqual(after.nodes.get('a')!.wires, [['b']], "the inject's wire into it is gone");
  assert.match(wireProblem(after, types, 'b', 0, 'm')!, /no input/);
  assert.deepEqual(applyEdits(after, invertEdits(edits)).nodes.get('a')!.wires, [['b', 'm']], 'undo brings the wire back');
});

test('each output port says which output it is; a switch port names its rule', () => {
  const s = node('s', 'switch', { config: { rules: [{ t: 'eq', v: 'on', vt: 'str' }, { t: 'else', v: '', vt: 'str' }] } });
  assert.equal(outputLabel(s, switchType, 0, 2), 'Output 1: eq on');
  assert.equal(outputLabel(s, switchType, 1, 2), 'Output 2: else');
  assert.equal(outputLabel(node('b', 'function', { config: { outputs: 2 } }), fn, 1, 2), 'Output 2');
  assert.equal(outputLabel(node('a', 'inject'), inject, 0, 1), 'Output');
});

test('a config without the output-count key has the outputs of the schema default', () => {
  const doc = sampleDoc();
  const bare = { ...doc.nodes.get('b')!, config: {} };
  assert.equal(outputCount(bare, fn), 1, 'function outputs default to 1');
  const edit = updateNodeEdits(applyEdits(doc, [{ type: 'node:update', before: doc.nodes.get('b')!, after: bare }]), 'b', { name: 'kept' }, fn)[0]!;
  assert.deepEqual(edit.type === 'node:update' && edit.after.wires, [['c']], 'editing it keeps its wire');
});

test('an empty name and disabled=false are left out of the node', () => {
  const doc = sampleDoc();
  const named = applyEdits(doc, [updateNodeEdits(doc, 'c', { name: 'x', disabled: true }, undefined)[0]!]);
  const cleared = applyEdits(named, [updateNodeEdits(named, 'c', { name: '', disabled: false }, undefined)[0]!]);
  assert.equal('name' in cleared.nodes.get('c')!, false);
  assert.equal('disabled' in cleared.nodes.get('c')!, false);
});

test('moves skip nodes that did not move', () => {
  const doc = sampleDoc();
  const edits = moveEdits(doc, new Map([['a', { x: 0, y: 0 }], ['b', { x: 20, y: 30 }]]));
  assert.deepEqual(edits, [{ type: 'node:move', id: 'b', from: { x: 0, y: 0 }, to: { x: 20, y: 30 } }]);
});

test('tabs: add with a free label, rename, disable, describe, reorder, delete with their nodes', () => {
  let doc = sampleDoc();
  assert.equal(nextFlowLabel(doc), 'Flow 3');
  doc = applyEdits(doc, [addFlowEdit(doc, 't3')]);
  assert.deepEqual(doc.flows.map((f) => f.label), ['Flow 1', 'Flow 2', 'Flow 3']);
  doc = applyEdits(doc, [updateFlowEdit(doc, 't3', { label: 'Garden', disabled: true })!]);
  assert.deepEqual(doc.flows[2], { id: 't3', label: 'Garden', disabled: true });
  assert.equal(updateFlowEdit(doc, 't3', { label: 'Garden' }), null);
  doc = applyEdits(doc, [updateFlowEdit(doc, 't3', { info: '# Garden\nWaters the beds.' })!]);
  assert.equal(doc.flows[2]!.info, '# Garden\nWaters the beds.');
  doc = applyEdits(doc, [updateFlowEdit(doc, 't3', { info: '  \n' })!]);
  assert.deepEqual(doc.flows[2], { id: 't3', label: 'Garden', disabled: true }, 'a blank info is left out');
  doc = applyEdits(doc, [moveFlowEdit(doc, 't3', 0)!]);
  assert.deepEqual(doc.flows.map((f) => f.id), ['t3', 't1', 't2']);
  const removal = removeFlowEdits(doc, 't1');
  const removed = applyEdits(doc, removal);
  assert.deepEqual(removed.flows.map((f) => f.id), ['t3', 't2']);
  assert.deepEqual([...removed.nodes.keys()], ['cfg']);
  assert.deepEqual(applyEdits(removed, invertEdits(removal)).flows.map((f) => f.id), ['t3', 't1', 't2']);
});

test('deleting a config node clears the references to it; undo restores both', () => {
  const doc = sampleDoc();
  const edits = removeConfigNodeEdits(doc, 'cfg');
  const removed = applyEdits(doc, edits);
  assert.equal(removed.nodes.has('cfg'), false);
  assert.equal(removed.nodes.get('a')!.config.broker, '');
  const restored = applyEdits(removed, invertEdits(edits));
  assert.equal(restored.nodes.get('a')!.config.broker, 'cfg');
  assert.deepEqual(removeConfigNodeEdits(doc, 'missing'), []);
});
