import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runFlows } from '../../helpers/flows.ts';

const relayModule = fileURLToPath(new URL('../../helpers/node-types/test-relay/index.ts', import.meta.url));

test('a node whose type is not installed is kept, not started, marked "missing type"; the rest runs', async (t) => {
  const flows = await runFlows([
    { id: 'relay', type: 'test-relay', wires: [['gone', 'out']] },
    { id: 'gone', type: 'from-a-removed-package', config: { setting: 7 }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  const kept = flows.runtime.document.nodes.find((n) => n.id === 'gone');
  assert.deepEqual(kept, { id: 'gone', type: 'from-a-removed-package', flow: 'f1', config: { setting: 7 }, wires: [['out']] });
  assert.deepEqual(flows.runtime.summary().nodes.missing, ['gone']);
  assert.deepEqual(flows.runtime.summary().nodes.failed, []);
  assert.deepEqual([...flows.runtime.missingTypes()], [['from-a-removed-package', ['gone']]]);
  const status = await flows.waitForEvent('status', (e) => e.node === 'gone');
  assert.equal(status.text, 'missing type: from-a-removed-package');
  flows.send('relay', { payload: 'still flows' });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'still flows');
});

test('once its type is registered, the same document starts the node and clears the mark', async (t) => {
  const flows = await runFlows([
    { id: 'late', type: 'late-relay', wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  const { default: relay } = await import(relayModule);
  await flows.registry.add({ ...relay, type: 'late-relay' }, '.', 'late-package');
  await flows.runtime.deploy(flows.runtime.document, {});
  assert.deepEqual(flows.runtime.summary().nodes.missing, []);
  const cleared = await flows.waitForEvent('status', (e) => e.node === 'late' && e.text === undefined);
  assert.deepEqual(cleared, { node: 'late' });
  flows.send('late', { payload: 'now it runs' });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 'now it runs');
});
