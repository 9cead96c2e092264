// One node under test ("n", outputs to sink "out0") with a catch node on its flow whose
// messages reach sink "caught": for tests of what a node reports to catch nodes.
import { runFlows, type TestFlows } from './flows.ts';
import type { TestContext } from './node-test.ts';

export async function startCaught(t: TestContext, type: string, config: Record<string, unknown>): Promise<TestFlows> {
  const flows = await runFlows([
    { id: 'n', type, config, wires: [['out0']] },
    { id: 'out0', type: 'test-sink' },
    { id: 'c', type: 'catch', wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  return flows;
}
