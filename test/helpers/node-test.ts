// Test set-up shared by the change, switch, template, json, range and filter tests: one node
// under test with id "n", its outputs wired to sinks "out0", "out1", ...
import { runFlows, type RunOptions, type TestFlows } from './flows.ts';

export interface TestContext {
  after(fn: () => Promise<void>): void;
}

export async function startNode(
  t: TestContext, type: string, config: Record<string, unknown>, opts: RunOptions & { outputs?: number } = {},
): Promise<TestFlows> {
  const sinks = Array.from({ length: opts.outputs ?? 1 }, (_, i) => `out${i}`);
  const flows = await runFlows([
    { id: 'n', type, config, wires: sinks.map((id) => [id]) },
    ...sinks.map((id) => ({ id, type: 'test-sink' })),
  ], opts);
  t.after(() => flows.stop());
  return flows;
}

export interface DeployError {
  node: string | null;
  path: string;
  message: string;
}

/** The errors a deploy of one node with `config` fails with; throws if it deploys. */
export async function deployErrors(type: string, config: Record<string, unknown>): Promise<DeployError[]> {
  let flows: TestFlows;
  try {
    flows = await runFlows([{ id: 'n', type, config }]);
  } catch (err) {
    const { errors, details } = err as { errors?: DeployError[]; details?: DeployError[] };
    return errors ?? details ?? [];
  }
  await flows.stop();
  throw new Error(`${type} deployed with ${JSON.stringify(config)}`);
}

/** Resolves after `ms`: long enough for a message that should not arrive to have arrived. */
export const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
