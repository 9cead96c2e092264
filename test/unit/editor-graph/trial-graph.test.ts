// The pure pieces behind issue 12's editor changes: schema problems while editing, labels of
// settings, search across flows, node switches and config labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeLabel } from '../../../editor/src/graph/node-label.ts';
import { configProblems } from '../../../editor/src/graph/config-problems.ts';
import { configPathLabel, nodePathLabel } from '../../../editor/src/graph/field-labels.ts';
import { changedToggles, nodeToggle } from '../../../editor/src/graph/node-toggle.ts';
import { searchNodes } from '../../../editor/src/graph/search.ts';
import type { NodeTypeInfo } from '../../../editor/src/graph/types.ts';
import { catalogue, node, sampleDoc } from './fixtures.ts';

const mqttIn = {
  type: 'mqtt-in', label: 'mqtt in', schema: {
    type: 'object', required: ['topic', 'dynamic', 'qos'],
    properties: {
      topic: { type: 'string', default: '', title: 'Topic', 'x-node-label': '{}' },
      dynamic: { type: 'boolean', default: false },
      qos: { anyOf: [{ const: 0 }, { const: 1 }], default: 0, title: 'QoS' },
    },
    if: { properties: { dynamic: { const: false } } },
    then: { properties: { topic: { minLength: 1 } } },
  },
} as unknown as NodeTypeInfo;

const debugType = {
  type: 'debug', label: 'debug', schema: {
    type: 'object', properties: {
      property: { type: 'string', default: '', 'x-node-label': 'msg.{}' },
      active: { type: 'boolean', default: true, title: 'To debug sidebar', 'x-node-toggle': true },
    },
  },
} as unknown as NodeTypeInfo;

test('schema problems: missing settings get their defaults first, conditions and choices are checked', () => {
  assert.deepEqual(configProblems(node('a', 'mqtt-in', { config: {} }), mqttIn), ['Topic: required']);
  assert.equal(configProblems(node('a', 'mqtt-in', { config: { dynamic: true } }), mqttIn), undefined);
  assert.deepEqual(configProblems(node('a', 'mqtt-in', { config: { topic: 'a', qos: 7 } }), mqttIn), ['QoS: not one of the choices']);
  assert.equal(configProblems(node('a', 'x'), undefined), undefined, 'an unknown type is left as it is');
});

test('pointers in the form\'s words', () => {
  const schema = { type: 'object', properties: { rules: { type: 'array', title: 'Rules', items: { type: 'object', properties: { v: { type: 'string', title: 'Value' } } } } } };
  assert.equal(configPathLabel(schema, '/rules/1/v'), 'Rules › 2 › Value');
  assert.equal(nodePathLabel(schema, '/config/rules'), 'Rules');
  assert.equal(nodePathLabel(schema, '/name'), 'Name');
  assert.equal(nodePathLabel(schema, ''), '');
});

test('labels from config and the node switch', () => {
  assert.equal(nodeLabel(node('a', 'mqtt-in', { config: { topic: 'home/#' } }), mqttIn), 'home/#');
  assert.equal(nodeLabel(node('a', 'mqtt-in', { name: 'Hall', config: { topic: 'home/#' } }), mqttIn), 'Hall');
  assert.equal(nodeLabel(node('d', 'debug', { config: { property: 'payload' } }), debugType), 'msg.payload');
  assert.equal(nodeLabel(node('d', 'debug', { config: {} }), debugType), 'debug');
  assert.deepEqual(nodeToggle(node('d', 'debug', { config: {} }), debugType), { key: 'active', label: 'To debug sidebar', on: true });
  const before = new Map([['d', node('d', 'debug', { config: {} })]]);
  const after = new Map([['d', node('d', 'debug', { config: { active: false } })]]);
  const types = new Map([['debug', debugType]]);
  assert.deepEqual(changedToggles(before, after, types, before), [{ id: 'd', key: 'active', on: false }]);
  assert.deepEqual(changedToggles(before, after, types, new Map()), [], 'a node the server does not run is not told');
});

test('search finds nodes by name first, then by type, id or any setting, on every tab', () => {
  const doc = sampleDoc();
  assert.deepEqual(searchNodes(doc, catalogue, 'mqtt://x').map((h) => [h.node.id, h.where]), [['cfg', 'config node']]);
  assert.deepEqual(searchNodes(doc, catalogue, 'debug').map((h) => h.node.id), ['c']);
  assert.deepEqual(searchNodes(doc, catalogue, '  '), []);
});
