// The `showWhen` hint: which fields the form shows for a config (editor/src/elements/show-when.ts),
// how the core nodes use it, and that the server's validation ignores it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TObject } from '@sinclair/typebox';
import { enumOptions, schemaProperties } from '../../../editor/src/elements/field-kind.ts';
import { visibleProperties, withErrors } from '../../../editor/src/elements/show-when.ts';
import { showWhen, Type } from '../../../server/node-api/index.ts';
import type { JsonSchema } from '../../../server/node-api/types.ts';
import switchNode from '../../../nodes/switch/index.ts';
import changeNode from '../../../nodes/change/index.ts';
import injectNode from '../../../nodes/inject/index.ts';
import delayNode from '../../../nodes/delay/index.ts';
import triggerNode from '../../../nodes/trigger/index.ts';

const shown = (schema: JsonSchema, value: unknown, keep?: ReadonlySet<string>) => visibleProperties(schema, value, keep).map(([key]) => key);
const itemSchema = (node: { config: TObject }, list: string) => (node.config.properties[list] as unknown as { items: JsonSchema }).items;

const rule = {
  type: 'object',
  properties: {
    t: { anyOf: [{ const: 'eq' }, { const: 'btwn' }, { const: 'true' }], default: 'eq' },
    v: { type: 'string', ...showWhen({ t: ['eq', 'btwn'] }) },
    v2: { type: 'string', ...showWhen({ t: ['btwn'] }) },
  },
};

test('a field is shown only while its sibling holds one of the listed values', () => {
  assert.deepEqual(showWhen({ t: ['btwn'] }), { 'x-show-when': { t: ['btwn'] } });
  assert.deepEqual(shown(rule, { t: 'eq' }), ['t', 'v']);
  assert.deepEqual(shown(rule, { t: 'btwn' }), ['t', 'v', 'v2']);
  assert.deepEqual(shown(rule, { t: 'true', v: 'kept', v2: 'kept' }), ['t'], 'a value does not make a field shown');
  assert.deepEqual(shown(rule, {}), ['t', 'v'], 'a missing sibling counts as its default');
  assert.deepEqual(shown(rule, undefined), ['t', 'v']);
});

test('conditions on several siblings must all hold; values match by their string form too', () => {
  const schema = {
    type: 'object',
    properties: {
      once: { anyOf: [{ type: 'boolean' }, { const: 'true' }, { const: 'false' }], default: false },
      outputs: { anyOf: [{ const: 1 }, { const: 2 }], default: 1 },
      delay: { type: 'number', ...showWhen({ once: [true], outputs: [2] }) },
    },
  };
  assert.deepEqual(shown(schema, { once: true, outputs: 2 }), ['once', 'outputs', 'delay']);
  assert.deepEqual(shown(schema, { once: true, outputs: 1 }), ['once', 'outputs']);
  assert.deepEqual(shown(schema, { once: 'true', outputs: '2' }), ['once', 'outputs', 'delay'], 'Node-RED saves some flags and numbers as strings');
  assert.deepEqual(shown(schema, { once: 'false', outputs: 2 }), ['once', 'outputs']);
});

test('a condition on a key that is not a sibling is ignored, and a field with an error stays shown', () => {
  const schema = { type: 'object', properties: { a: { type: 'string', ...showWhen({ typo: ['x'] }) } } };
  assert.deepEqual(shown(schema, {}), ['a']);
  assert.deepEqual(shown(rule, { t: 'eq' }, withErrors([{ path: '/v2', message: 'Not a number' }])), ['t', 'v', 'v2']);
  assert.deepEqual([...withErrors([{ path: '/a~1b/c', message: '' }, { path: '', message: '' }])], ['a/b']);
});

test('switch: value fields by test, the second value only for btwn and index', () => {
  const rules = itemSchema(switchNode, 'rules');
  const fieldsFor = (t: string) => shown(rules, { t });
  assert.deepEqual(fieldsFor('eq'), ['t', 'v', 'vt']);
  assert.deepEqual(fieldsFor('btwn'), ['t', 'v', 'vt', 'v2', 'v2t']);
  assert.deepEqual(fieldsFor('index'), ['t', 'v', 'vt', 'v2', 'v2t']);
  assert.deepEqual(fieldsFor('regex'), ['t', 'v', 'vt', 'case']);
  for (const t of ['true', 'false', 'null', 'nnull', 'empty', 'nempty', 'else']) assert.deepEqual(fieldsFor(t), ['t'], t);
  for (const t of ['istype', 'hask', 'head', 'tail', 'jsonata_exp', 'cont']) assert.deepEqual(fieldsFor(t), ['t', 'v', 'vt'], t);
});

test('change: to and from by rule type', () => {
  const rules = itemSchema(changeNode, 'rules');
  assert.deepEqual(shown(rules, { t: 'set' }), ['t', 'p', 'pt', 'to', 'deep']);
  assert.deepEqual(shown(rules, { t: 'change' }), ['t', 'p', 'pt', 'to', 'from']);
  assert.deepEqual(shown(rules, { t: 'delete' }), ['t', 'p', 'pt']);
  assert.deepEqual(shown(rules, { t: 'move' }), ['t', 'p', 'pt', 'to']);
});

test('inject, delay and trigger: fields by mode', () => {
  const fields = (node: { config: TObject }, value: object) => shown(node.config as unknown as JsonSchema, value);
  assert.ok(!fields(injectNode, { once: false }).includes('onceDelay'));
  assert.ok(fields(injectNode, { once: true }).includes('onceDelay'));

  const delay = (pauseType: string) => fields(delayNode, { pauseType });
  assert.deepEqual(delay('delay'), ['pauseType', 'timeout', 'timeoutUnits', 'maxQueue']);
  assert.deepEqual(delay('delayv'), delay('delay'));
  assert.deepEqual(delay('random'), ['pauseType', 'randomFirst', 'randomLast', 'randomUnits', 'maxQueue']);
  assert.deepEqual(delay('rate'), ['pauseType', 'rate', 'nbRateUnits', 'rateUnits', 'drop', 'outputs', 'allowrate', 'maxQueue']);
  assert.deepEqual(delay('queue'), ['pauseType', 'rate', 'nbRateUnits', 'rateUnits', 'outputs', 'allowrate', 'maxQueue']);
  assert.deepEqual(delay('timed'), delay('queue'));

  assert.ok(!fields(triggerNode, {}).includes('topic'), 'one timer for all messages by default');
  assert.ok(fields(triggerNode, { bytopic: 'topic' }).includes('topic'));
});

/** Every object schema inside `schema`, itself included. */
function objectsIn(schema: JsonSchema): JsonSchema[] {
  const nested = schemaProperties(schema).flatMap(([, s]) => [s, ...(s.items ? [s.items as JsonSchema] : [])]);
  return [...(schema.properties ? [schema] : []), ...nested.filter((s) => s.properties).flatMap(objectsIn)];
}

test('every showWhen of a core node names a sibling choice and values it offers', async () => {
  const manifest = JSON.parse(await readFile(new URL('../../../nodes/package.json', import.meta.url), 'utf8')) as { patchbay: { nodes: string[] } };
  let count = 0;
  for (const path of manifest.patchbay.nodes) {
    const { default: node } = await import(`../../../nodes/${path}`) as { default: { type: string; config: TObject } };
    for (const object of objectsIn(node.config as unknown as JsonSchema)) {
      const siblings = new Map(schemaProperties(object));
      for (const [key, property] of siblings) {
        const conditions = property['x-show-when'] as Record<string, unknown[]> | undefined;
        for (const [sibling, values] of Object.entries(conditions ?? {})) {
          count++;
          const where = `${node.type}: ${key} on ${sibling}`;
          assert.ok(siblings.has(sibling), `${where}: no such sibling`);
          const schema = siblings.get(sibling)!;
          const offered = enumOptions(schema)?.map((o) => o.value) ?? (schema.type === 'boolean' ? [true, false] : null);
          assert.ok(offered, `${where}: the sibling is not a choice or a checkbox`);
          for (const v of values) assert.ok(offered.includes(v as never), `${where}: ${String(v)} is not one of its values`);
        }
      }
    }
  }
  assert.ok(count >= 15, `core nodes use showWhen (${count} conditions)`);
});

test('validation ignores showWhen: hidden fields keep validating, TypeCompiler accepts the keyword', () => {
  const schema = Type.Object({
    t: Type.Union([Type.Literal('eq'), Type.Literal('btwn')]),
    v2: Type.String({ ...showWhen({ t: ['btwn'] }) }),
  });
  const check = TypeCompiler.Compile(schema);
  assert.equal(check.Check({ t: 'eq', v2: 'kept while hidden' }), true);
  assert.equal(check.Check({ t: 'eq', v2: 3 }), false, 'the field is still validated');
  const rule = TypeCompiler.Compile(itemSchema(switchNode, 'rules') as unknown as TObject);
  assert.equal(rule.Check({ t: 'true', v: 'x', vt: 'str', v2: '', v2t: 'num', case: false }), true);
});
