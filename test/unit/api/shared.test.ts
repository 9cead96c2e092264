// The computations the editor and the server share: both sides get the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, defaultValue, hasInput, outputCount } from '../../../server/api/shared.ts';

test('an object default like {} still gets its properties\' defaults, as the server fills them at deploy', () => {
  const tls = {
    type: 'object', default: {},
    properties: { verify: { type: 'boolean', default: true }, ca: { type: 'string', default: '' } },
    required: ['verify', 'ca'],
  };
  assert.deepEqual(defaultValue(tls), { verify: true, ca: '' });
  assert.deepEqual(defaultValue({ ...tls, default: { ca: 'pem' } }), { verify: true, ca: 'pem' }, 'the given default wins');
  assert.deepEqual(defaultConfig({ type: 'object', properties: { tls }, required: ['tls'] }), { tls: { verify: true, ca: '' } });
});

test('port counts read the config, and the schema default for a key the config lacks', () => {
  const schema = { type: 'object', properties: { rules: { type: 'array', default: [{}, {}] }, dynamic: { type: 'boolean', default: false } } };
  const info = { inputs: { fromConfig: 'dynamic' }, outputs: { fromConfig: 'rules' }, schema } as const;
  assert.equal(outputCount(info, {}), 2);
  assert.equal(outputCount(info, { rules: [{}] }), 1);
  assert.equal(outputCount({ outputs: { fromConfig: 'outputs' }, schema: {} }, { outputs: 2.7 }), 2);
  assert.equal(outputCount({ outputs: { fromConfig: 'outputs' }, schema: {} }, { outputs: -1 }), 0);
  assert.equal(hasInput(info, {}), false);
  assert.equal(hasInput(info, { dynamic: true }), true);
  assert.equal(hasInput({ inputs: 0, schema }, {}), false);
});
