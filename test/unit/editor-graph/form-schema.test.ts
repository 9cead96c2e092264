// The pure parts behind the property form and the palette: which field a schema gets, labels, filtering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeLanguage, enumOptions, fieldKind, isRowObject } from '../../../editor/src/elements/field-kind.ts';
import { fieldLabel } from '../../../editor/src/graph/field-labels.ts';
import { errorsUnder } from '../../../editor/src/elements/form-types.ts';
import { groupByCategory, matchTypes } from '../../../editor/src/panels/Palette/filter-types.ts';
import { catalogue } from './fixtures.ts';

test('each schema gets the field a person expects', () => {
  assert.equal(fieldKind({ type: 'string', 'x-config-node': 'mqtt-broker' }), 'config-node');
  assert.equal(fieldKind({ type: 'object', 'x-typed-value': ['str'] }), 'typed-value');
  assert.equal(fieldKind({ type: 'string', format: 'javascript' }), 'code');
  assert.equal(fieldKind({ type: 'string', format: 'mustache' }), 'code');
  assert.equal(fieldKind({ type: 'string', format: 'password' }), 'password');
  assert.equal(fieldKind({ type: 'string' }), 'text');
  assert.equal(fieldKind({ anyOf: [{ const: 'a' }, { const: 'b' }] }), 'enum');
  assert.equal(fieldKind({ type: 'integer' }), 'number');
  assert.equal(fieldKind({ type: 'boolean' }), 'boolean');
  assert.equal(fieldKind({ type: 'array', items: { type: 'object', properties: {} } }), 'list');
  assert.equal(fieldKind({ type: 'object', properties: { a: {} } }), 'object');
  assert.equal(fieldKind({ anyOf: [{ type: 'boolean' }, { const: 'true' }, { const: 'false' }] }), 'boolean', 'a flag Node-RED saves as "true"/"false"');
  assert.equal(fieldKind({ anyOf: [{ type: 'boolean' }, { const: 'yes' }] }), 'json', 'a mixed union falls back to JSON');
  assert.equal(fieldKind({}), 'json');
});

test('an object of choices, one-line texts, numbers, checkboxes and typed values fits on one row', () => {
  const rule = {
    type: 'object',
    properties: {
      t: { anyOf: [{ const: 'eq' }, { const: 'gt' }] }, v: { type: 'string' }, n: { type: 'number' },
      to: { type: 'object', 'x-typed-value': ['str'] }, case: { type: 'boolean' },
    },
  };
  assert.equal(isRowObject(rule), true);
  const plus = (extra: object) => ({ type: 'object', properties: { ...rule.properties, extra } });
  assert.equal(isRowObject(plus({ type: 'string', format: 'javascript' })), false, 'code needs room');
  assert.equal(isRowObject(plus({ type: 'array', items: { type: 'string' } })), false, 'a nested list');
  assert.equal(isRowObject(plus({ type: 'object', properties: { a: { type: 'string' } } })), false, 'a nested object');
  assert.equal(isRowObject(plus({ type: 'string', 'x-config-node': 'mqtt-broker' })), false, 'a config node picker has its own buttons');
  assert.equal(isRowObject({ type: 'object', properties: {} }), false, 'nothing to show');
  assert.equal(isRowObject({ type: 'string' }), false);
  const many = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, { type: 'string' }]));
  assert.equal(isRowObject({ type: 'object', properties: many }), false, 'too many fields for a row');
});

test('code languages come from the editor-hint formats', () => {
  assert.equal(codeLanguage({ format: 'json' }), 'json');
  assert.equal(codeLanguage({ format: 'multiline' }), 'text');
  assert.equal(codeLanguage({ format: 'email' }), null);
});

test('enum options keep the type of their values and use titles as labels', () => {
  assert.deepEqual(enumOptions({ anyOf: [{ const: 0, title: 'at most once' }, { const: 1 }] }), [
    { value: 0, label: 'at most once' }, { value: 1, label: '1' },
  ]);
  assert.deepEqual(enumOptions({ enum: ['a'] }), [{ value: 'a', label: 'a' }]);
  assert.equal(enumOptions({ type: 'string' }), null);
});

test('labels come from the title, else from the key in words', () => {
  assert.equal(fieldLabel('retainAs', {}), 'Retain as');
  assert.equal(fieldLabel('once_delay', {}), 'Once delay');
  assert.equal(fieldLabel('x', { title: 'Payload' }), 'Payload');
});

test('deploy errors are routed to the field they belong to', () => {
  const errors = [{ path: '/config/payload/value', message: 'a' }, { path: '/config/payloadType', message: 'b' }, { path: '/config', message: 'c' }];
  assert.deepEqual(errorsUnder(errors, 'config'), [{ path: '/payload/value', message: 'a' }, { path: '/payloadType', message: 'b' }, { path: '', message: 'c' }]);
  assert.deepEqual(errorsUnder(errorsUnder(errors, 'config'), 'payload'), [{ path: '/value', message: 'a' }]);
  assert.deepEqual(errorsUnder([{ path: '/a~1b', message: 'd' }], 'a/b'), [{ path: '', message: 'd' }]);
});

test('the palette filter matches label or type, prefixes first, and groups by category in order', () => {
  assert.deepEqual(matchTypes(catalogue.values(), 'ct').map((t) => t.type), ['inject', 'function']);
  assert.deepEqual(matchTypes(catalogue.values(), 'f').map((t) => t.type)[0], 'function');
  assert.deepEqual(groupByCategory([...catalogue.values()]).map(([c, types]) => [c, types.map((t) => t.type)]), [
    ['common', ['inject', 'debug']], ['function', ['function']],
  ]);
});
