import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows } from '../../test/helpers/flows.ts';
import linkIn from './index.ts';

test('has no editor input, one output, and nothing to configure', () => {
  assert.equal(linkIn.inputs, 0);
  assert.equal(linkIn.outputs, 1);
  assert.deepEqual(Object.keys(linkIn.config.properties), []);
});

test('passes on what a link-out on another flow delivers, with msg._event naming the link-in (Node-RED)', async (t) => {
  const flows = await runFlows([
    { id: 'lo', type: 'link-out', flow: 'f1', config: { links: ['li'] } },
    { id: 'li', type: 'link-in', flow: 'f2', wires: [['out']] },
    { id: 'out', type: 'test-sink', flow: 'f2' },
  ]);
  t.after(() => flows.stop());
  flows.send('lo', { _msgid: 'm1', payload: { deep: [1] }, topic: 't' });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg, { _msgid: 'm1', payload: { deep: [1] }, topic: 't', _event: 'node:li' });
});
