import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, invertEdits } from '../../../editor/src/graph/apply.ts';
import { configNodeUsage, configNodesOf, describeConfigNode, withoutReference } from '../../../editor/src/graph/config-nodes.ts';
import { fromFlowDocument, selectionDocument } from '../../../editor/src/graph/document.ts';
import { removeConfigNodeEdits } from '../../../editor/src/graph/node-edits.ts';
import { node, sampleDoc } from './fixtures.ts';

/** Two brokers and a TLS profile: "local" used three ways, "spare" by nobody, "tls" by a broker. */
function brokersDoc() {
  return fromFlowDocument({
    flows: [{ id: 't1', label: 'Flow 1' }],
    nodes: [
      node('in', 'mqtt-in', { config: { broker: 'local', topic: 'local' } }),
      node('out', 'mqtt-out', { config: { broker: 'local' } }),
      node('sw', 'switch', { config: { rules: [{ t: 'eq', v: 'local' }, { t: 'eq', v: 'x' }], targets: ['local', 'other'] } }),
      node('plain', 'debug', { config: { property: 'payload' } }),
      { id: 'local', type: 'mqtt-broker', name: 'Home', config: { url: 'mqtt://home', tls: 'tls' } },
      { id: 'spare', type: 'mqtt-broker', config: { url: 'mqtt://spare' } },
      { id: 'tls', type: 'tls-config', config: { self: 'tls' } },
    ],
  });
}

test('usage counts each node once, nested strings included; a config node naming itself does not count', () => {
  const usage = configNodeUsage(brokersDoc());
  // local: in (broker and topic: one use), out, and the switch whose rules and targets name it.
  // tls: the local broker only; its own "self" key is not a use. spare: nobody.
  assert.deepEqual(Object.fromEntries(usage), { local: 3, spare: 0, tls: 1 });
});

test('usage follows edits: a node that stops naming the config node stops counting', () => {
  const doc = brokersDoc();
  const out = doc.nodes.get('out')!;
  const edited = applyEdits(doc, [{ type: 'node:update', before: out, after: { ...out, config: { broker: 'spare' } } }]);
  assert.deepEqual(Object.fromEntries(configNodeUsage(edited)), { local: 2, spare: 1, tls: 1 });
});

test('configNodesOf lists the config nodes in document order', () => {
  assert.deepEqual(configNodesOf(brokersDoc()).map((n) => n.id), ['local', 'spare', 'tls']);
});

test('withoutReference blanks object values and drops list entries, and keeps untouched configs', () => {
  const config = { broker: 'local', nested: { a: 'local', b: 'kept' }, list: ['local', 'other'], rules: [{ v: 'local' }] };
  assert.deepEqual(withoutReference(config, 'local'), { broker: '', nested: { a: '', b: 'kept' }, list: ['other'], rules: [{ v: '' }] });
  assert.equal(withoutReference(config, 'absent'), config);
});

test('deleting a used config node clears nested references too; undo restores them', () => {
  const doc = brokersDoc();
  const edits = removeConfigNodeEdits(doc, 'local');
  const removed = applyEdits(doc, edits);
  assert.deepEqual(removed.nodes.get('sw')!.config, { rules: [{ t: 'eq', v: '' }, { t: 'eq', v: 'x' }], targets: ['other'] });
  assert.equal(removed.nodes.get('plain'), doc.nodes.get('plain'), 'nodes that did not use it are untouched');
  assert.deepEqual(Object.fromEntries(configNodeUsage(removed)), { spare: 0, tls: 0 });
  assert.deepEqual(applyEdits(removed, invertEdits(edits)).nodes.get('sw'), doc.nodes.get('sw'));
});

test('an exported selection brings the config nodes it uses, and the ones those use', () => {
  const exported = selectionDocument(brokersDoc(), ['in']);
  assert.deepEqual(exported.nodes.map((n) => n.id), ['in', 'local', 'tls']);
  assert.deepEqual(selectionDocument(sampleDoc(), ['a']).nodes.map((n) => n.id), ['a', 'cfg']);
});

test('a config node reads as its name, else its first text setting, else its id', () => {
  const doc = brokersDoc();
  assert.equal(describeConfigNode(doc.nodes.get('local')!), 'Home');
  assert.equal(describeConfigNode(doc.nodes.get('spare')!), 'mqtt://spare');
  assert.equal(describeConfigNode({ id: 'empty', type: 'x', config: { n: 1 } }), 'empty');
});
