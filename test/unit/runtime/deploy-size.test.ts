// What a deployed node costs in memory, and the node context that keeps it small (issue 16: a
// 5000-node flow within +15 MiB; a node of the bench's big flow takes about 1.7 KB, it was 11 KB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { defineNode, Type, type NodeContext } from '../../../server/node-api/index.ts';
import { runFlows, type TestNode } from '../../helpers/flows.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Chains of inject → change → debug, as in the bench's big flow. */
function bigFlow(count: number): TestNode[] {
  const types = ['inject', 'change', 'debug'];
  return Array.from({ length: count }, (_, i) => {
    const type = types[i % 3]!;
    const config = type === 'change' ? { rules: [{ t: 'set', p: 'payload', to: { type: 'num', value: '1' } }] } : {};
    return { id: `n${i}`, type, name: `${type} ${i}`, x: i * 10, y: 60, config, wires: type === 'debug' ? [] : [[`n${i + 1}`]] };
  });
}

test('a deployed node of a big flow takes at most a few KB of heap', async (t) => {
  const count = 3000;
  const flows = await runFlows(bigFlow(30)); // types loaded, code warm
  t.after(() => flows.stop());
  await flows.redeploy([]);
  const before = heapAfterGc();
  await flows.redeploy(bigFlow(count));
  const perNode = (heapAfterGc() - before) / count;
  assert.equal(flows.runtime.summary().nodes.running, count);
  assert.ok(perNode < 4 * 1024, `${Math.round(perNode)} bytes of heap per deployed node`);
});

test('a node context works taken apart, and a signal first asked for after the stop is aborted', async (t) => {
  const flows = await runFlows([{ id: 'out', type: 'test-sink' }]);
  t.after(() => flows.stop());
  let context: NodeContext | undefined;
  await flows.registry.add(defineNode({
    type: 'test-keeps-context', category: 'common', label: 'keeps its context', color: '#ffffff', help: 'For this test.',
    inputs: 0, outputs: 1, config: Type.Object({}),
    create(node) {
      context = node;
    },
  }), import.meta.dirname, 'test-helpers');
  await flows.redeploy([{ id: 'keeper', type: 'test-keeps-context', wires: [['out']] }, { id: 'out', type: 'test-sink' }]);
  const { send, env } = context!;
  send({ _msgid: 'm1', payload: 1 });
  assert.equal((await flows.waitFor('out'))[0]!.payload, 1);
  assert.equal(env.get('NR_NODE_ID'), 'keeper');
  assert.equal(context!.send, send, 'the same function each time');
  await flows.redeploy([{ id: 'out', type: 'test-sink' }]);
  assert.equal(context!.signal.aborted, true);
});
