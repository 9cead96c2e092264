// The compiled config defaults (config-defaults.ts) give what TypeBox's Value.Default gives, for
// every core node type and configs with parts missing, of the wrong type, or extra.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Kind, Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Registry } from '../../../server/runtime/registry.ts';
import { compileDefaults } from '../../../server/runtime/config-defaults.ts';
import { substituteEnv } from '../../../server/runtime/env-substitution.ts';
import { defaultConfig } from '../../../server/api/shared.ts';

/** Configs a deploy may bring: the full default, each value (at any depth) left out, replaced by a wrong type, or an empty array item. */
function variants(schema: TSchema, value: unknown): unknown[] {
  const found: unknown[] = [value];
  const at = (replace: (v: unknown) => unknown) => (v: unknown) => found.push(replace(v));
  if (schema[Kind] === 'Object' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
      const { [key]: inner, ...rest } = value as Record<string, unknown>;
      found.push(rest, { ...rest, [key]: 'text' }, { ...rest, [key]: null }, { ...rest, [key]: {} });
      for (const v of variants(property, inner).slice(1)) at((x) => ({ ...rest, [key]: x }))(v);
    }
    found.push({ ...value, extra: { kept: true } });
  }
  if (schema[Kind] === 'Array') {
    const items = schema.items as TSchema;
    const first = Value.Default(items, undefined) ?? (items[Kind] === 'Object' ? {} : undefined);
    for (const v of variants(items, first)) found.push([v], [v, v]);
  }
  return found;
}

test('compiled defaults equal Value.Default for every core node type', async () => {
  const registry = new Registry();
  await registry.loadPackage(join(import.meta.dirname, '../../../nodes'));
  const types = registry.catalogue();
  assert.ok(types.length > 40);
  for (const { type, schema } of types) {
    const config = registry.get(type)!.definition.config;
    const apply = compileDefaults(config);
    for (const given of [{}, ...variants(config, defaultConfig(schema))]) {
      const expected = Value.Default(config, structuredClone(given));
      assert.deepStrictEqual(apply(substituteEnv(given, {})), expected, `${type}: ${JSON.stringify(given)}`);
    }
  }
});

test('compiled defaults fill in a copy: the config given (the saved document) keeps only what was written', () => {
  const schema = Type.Object({
    payload: Type.Object({ type: Type.String(), value: Type.String() }, { default: { type: 'str', value: '' } }),
    rules: Type.Array(Type.Object({ t: Type.String({ default: 'set' }), p: Type.String({ default: 'payload' }) })),
  });
  const saved = { payload: { type: 'num' }, rules: [{ p: 'topic' }] };
  const config = compileDefaults(schema)(substituteEnv(saved, {}));
  assert.deepEqual(config, { payload: { type: 'num', value: '' }, rules: [{ t: 'set', p: 'topic' }] });
  assert.deepEqual(saved, { payload: { type: 'num' }, rules: [{ p: 'topic' }] });
});

test('a config key named __proto__ stays data through the copy and the defaults', () => {
  const schema = Type.Object({ options: Type.Unknown({ default: { a: 1 } }) });
  const saved = JSON.parse('{"options":{"__proto__":{"polluted":true}}}') as Record<string, unknown>;
  const config = compileDefaults(schema)(substituteEnv(saved, {})) as { options: Record<string, unknown> };
  assert.equal(Object.getPrototypeOf(config.options), Object.prototype);
  assert.deepEqual(Object.keys(config.options), ['a', '__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
