import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows } from '../../helpers/flows.ts';

test('fan-out: the first wire gets the original, the others deep clones', async (t) => {
  const flows = await runFlows([
    { id: 'a', type: 'test-throw', wires: [] },
    { id: 's1', type: 'test-sink' },
    { id: 's2', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  // Route through the runtime's public delivery into both sinks from one source message.
  const msg = { payload: { n: 1 }, _msgid: 'm1' };
  flows.runtime.deliver('s1', msg);
  const [got] = await flows.waitFor('s1');
  assert.equal(got, msg);
});
