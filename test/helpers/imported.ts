// Runs a whole flow document (an imported one) with every core node type, and collects what
// its debug nodes show, in order.
import { fileURLToPath } from 'node:url';
import type { DebugEvent, FlowDocument, FlowError } from '../../server/api/contract.ts';
import { ContextStore } from '../../server/runtime/context-store.ts';
import { Registry } from '../../server/runtime/registry.ts';
import { Runtime, type RuntimeOptions } from '../../server/runtime/runtime.ts';
import { silentLog } from './flows.ts';

const CORE_NODES = fileURLToPath(new URL('../../nodes/', import.meta.url));

export interface RunningDocument {
  runtime: Runtime;
  debug: DebugEvent[];
  /** Resolves once `count` debug events have arrived (rejects after `timeoutMs`). */
  waitForDebug(count: number, timeoutMs?: number): Promise<DebugEvent[]>;
  stop(): Promise<void>;
}

let registry: Promise<Registry> | undefined;

/** One registry of the core nodes for the whole test file: loading it is the slow part. */
export function coreRegistry(): Promise<Registry> {
  registry ??= (async () => {
    const r = new Registry();
    await r.loadPackage(CORE_NODES);
    return r;
  })();
  return registry;
}

export async function runDocument(
  doc: FlowDocument, credentials: Record<string, Record<string, string>> = {}, env: NodeJS.ProcessEnv = {}, capabilities: RuntimeOptions['capabilities'] = {},
): Promise<RunningDocument> {
  const contextStore = await ContextStore.open({ defaultStore: 'memory', flushIntervalMs: 30_000 });
  const runtime = new Runtime({ registry: await coreRegistry(), contextStore, log: silentLog, env, nodeCloseTimeoutMs: 2000, capabilities });
  const debug: DebugEvent[] = [];
  runtime.events.on('debug', (e) => debug.push(e));
  try {
    await runtime.deploy(doc, credentials);
  } catch (err) {
    await contextStore.close();
    throw err;
  }
  return {
    runtime,
    debug,
    async waitForDebug(count, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (debug.length < count) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${count} debug messages; got ${JSON.stringify(debug.map((d) => d.value))}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return debug.slice(0, count);
    },
    async stop() {
      await runtime.stop();
      await contextStore.close();
    },
  };
}

/** The errors a deploy of `doc` is refused with; throws if it deploys. */
export async function deployErrors(doc: FlowDocument): Promise<FlowError[]> {
  let running: RunningDocument;
  try {
    running = await runDocument(doc);
  } catch (err) {
    return (err as { details?: FlowError[] }).details ?? [];
  }
  await running.stop();
  throw new Error('the document deployed');
}
