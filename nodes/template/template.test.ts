import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '#node-api';
import type { RunOptions } from '../../test/helpers/flows.ts';
import { deployErrors, settle, startNode, type TestContext } from '../../test/helpers/node-test.ts';

/** Renders one message with a template node configured with `config`. */
async function render(t: TestContext, config: Record<string, unknown>, msg: Partial<Message>, opts?: RunOptions): Promise<Message> {
  const flows = await startNode(t, 'template', config, opts);
  flows.send('n', msg);
  const [out] = await flows.waitFor('out0', 1);
  return out!;
}

test('the default template fills in the payload', async (t) => {
  const out = await render(t, {}, { payload: 'hi' });
  assert.equal(out.payload, 'This is the payload: hi !');
});

test('mustache: nested properties, sections, and HTML escaping unless triple braces', async (t) => {
  const out = await render(t, {
    template: '{{topic}}: {{#payload.items}}[{{name}}]{{/payload.items}} {{payload.html}} {{{payload.html}}}',
  }, { topic: 'list', payload: { items: [{ name: 'a' }, { name: 'b' }], html: '<b>' } });
  assert.equal(out.payload, 'list: [a][b] &lt;b&gt; <b>');
});

test('flow., global. and env. names read context and the environment', async (t) => {
  const flows = await startNode(t, 'template', {
    template: '{{flow.room.name}} {{global.unit}} {{env.TEMPLATE_TEST_SITE}} {{#payload}}{{flow.room.name}}{{/payload}} [{{flow.missing}}]',
  }, { env: { TEMPLATE_TEST_SITE: 'lab' } });
  flows.context('flow:f1').set('room', { name: 'hall' });
  flows.context('global').set('unit', '°C');
  flows.send('n', { payload: [1] });
  const [out] = await flows.waitFor('out0', 1);
  assert.equal(out!.payload, 'hall °C lab hall []');
});

test('flow[store].name and global[store].name read a named context store, as in Node-RED', async (t) => {
  const flows = await startNode(t, 'template', { template: '{{flow[file].count}}/{{flow.count}} {{global[memory].unit}}' });
  flows.context('flow:f1').set('count', 7, 'file');
  flows.context('global').set('unit', 'kWh', 'memory');
  flows.send('n', {});
  const [out] = await flows.waitFor('out0', 1);
  assert.equal(out!.payload, '7/ kWh');
});

test('a message property wins over context of the same name, as in Node-RED', async (t) => {
  const flows = await startNode(t, 'template', { template: '{{flow.x}}' });
  flows.context('flow:f1').set('x', 'from context');
  flows.send('n', { flow: { x: 'from msg' } });
  const [out] = await flows.waitFor('out0', 1);
  assert.equal(out!.payload, 'from msg');
});

test('plain syntax copies the template as it is', async (t) => {
  const out = await render(t, { syntax: 'plain', template: 'raw {{payload}}' }, { payload: 'x' });
  assert.equal(out.payload, 'raw {{payload}}');
});

test('json output parses the result; strings are escaped to keep it valid', async (t) => {
  const out = await render(t, {
    output: 'json', field: 'data', template: '{"text": "{{payload}}", "n": {{count}}}',
  }, { payload: 'two\nlines \\ here', count: 3 });
  assert.deepEqual(out.data, { text: 'two\nlines \\ here', n: 3 });
  assert.equal(out.payload, 'two\nlines \\ here');
});

test('json output that does not parse is an error and nothing is sent', async (t) => {
  const flows = await startNode(t, 'template', { output: 'json', template: '{"a": {{payload}}}' });
  flows.send('n', { payload: 'not json' });
  const log = await flows.waitForEvent('log', (e) => e.level === 'error' && e.node === 'n');
  assert.match(log.message, /^Template result is not valid JSON/);
  await settle();
  assert.equal(flows.received('out0').length, 0);
});

test('the result can go to flow or global context', async (t) => {
  const flows = await startNode(t, 'template', { fieldType: 'flow', field: 'greeting.text', template: 'hello {{payload}}' });
  flows.send('n', { payload: 'you' });
  const [out] = await flows.waitFor('out0', 1);
  assert.equal(out!.payload, 'you');
  assert.deepEqual(flows.context('flow:f1').get('greeting'), { text: 'hello you' });
});

test('msg.template is used only when the node has no template', async (t) => {
  const flows = await startNode(t, 'template', { template: '' });
  flows.send('n', { template: 'from {{topic}}', topic: 'msg' });
  const [out] = await flows.waitFor('out0', 1);
  assert.equal(out!.payload, 'from msg');
  const fixed = await render(t, { template: 'fixed' }, { template: 'ignored' });
  assert.equal(fixed.payload, 'fixed');
});

test('bad config is a deploy error', async () => {
  assert.equal((await deployErrors('template', { template: '{{#open}} never closed' }))[0]?.path, '/config/template');
  assert.equal((await deployErrors('template', { field: '' }))[0]?.path, '/config/field');
  assert.equal((await deployErrors('template', { output: 'toml' }))[0]?.path, '/config/output');
  // A plain template is never parsed, so mustache syntax errors don't matter.
  await assert.rejects(deployErrors('template', { syntax: 'plain', template: '{{#open}}' }), /deployed/);
});

test('output as yaml parses the result as YAML (as Node-RED)', async (t) => {
  const flows = await startNode(t, 'template', { template: 'name: {{payload}}\nitems:\n  - 1\n  - 2\n', output: 'yaml' });
  flows.send('n', { payload: 'lamp' });
  const [out] = await flows.waitFor('out0');
  assert.deepEqual(out!.payload, { name: 'lamp', items: [1, 2] });
});
