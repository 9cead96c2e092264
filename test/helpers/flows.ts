// Runs a handful of nodes in a real runtime for node and runtime tests.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import type { DebugEvent, FlowDocument, FlowNode, LogEvent, StatusEvent } from '../../server/api/contract.ts';
import type { ContextScope, Message } from '../../server/node-api/index.ts';
import { ContextStore } from '../../server/runtime/context-store.ts';
import { Registry } from '../../server/runtime/registry.ts';
import { Runtime, type RuntimeOptions } from '../../server/runtime/runtime.ts';
import { received } from './node-types/test-sink/index.ts';

export type TestNode = Partial<FlowNode> & { id: string; type: string };

interface Events {
  debug: DebugEvent[];
  status: StatusEvent[];
  log: LogEvent[];
}

export interface TestFlows {
  runtime: Runtime;
  registry: Registry;
  events: Events;
  send(nodeId: string, msg: Partial<Message>): void;
  trigger(nodeId: string): Promise<void>;
  received(sinkId: string): Message[];
  waitFor(sinkId: string, count?: number, timeoutMs?: number): Promise<Message[]>;
  waitForEvent<K extends keyof Events>(kind: K, predicate?: (e: Events[K][number]) => boolean, timeoutMs?: number): Promise<Events[K][number]>;
  context(scope: 'global' | `flow:${string}` | `node:${string}`): ContextScope;
  /** Redeploys with a new set of nodes (same defaults as runFlows). */
  redeploy(nodes: TestNode[]): Promise<void>;
  stop(): Promise<void>;
}

const nodesDir = fileURLToPath(new URL('../../nodes/', import.meta.url));
const helperTypesDir = fileURLToPath(new URL('./node-types/', import.meta.url));
export const silentLog = pino({ level: 'silent' });

/** Loads the node types a test uses: core ones from nodes/<type>/, test ones from helpers. */
async function loadTypes(registry: Registry, types: Iterable<string>): Promise<void> {
  for (const type of new Set(types)) {
    if (registry.get(type)) continue;
    const helper = `${helperTypesDir}${type}/index.ts`;
    const file = existsSync(helper) ? helper : `${nodesDir}${type}/index.ts`;
    if (existsSync(file)) await registry.loadModule(file, existsSync(helper) ? 'test-helpers' : 'patchbay-core');
  }
}

export function documentOf(nodes: TestNode[]): FlowDocument {
  const flowIds = [...new Set(nodes.map((n) => n.flow ?? 'f1'))];
  return {
    format: 'patchbay-flows',
    version: 1,
    flows: flowIds.map((id) => ({ id, label: id })),
    nodes: nodes.map((n) => ({ flow: 'f1', config: {}, wires: [], ...n })),
  };
}

export interface RunOptions {
  credentials?: Record<string, Record<string, string>>;
  env?: NodeJS.ProcessEnv;
  /** Server features for `node.<name>` (e.g. `mqtt`), as createServer passes them. */
  capabilities?: RuntimeOptions['capabilities'];
  /** Where the runtime logs (silent by default). */
  log?: Logger;
}

export async function runFlows(nodes: TestNode[], opts: RunOptions = {}): Promise<TestFlows> {
  const registry = new Registry();
  const contextStore = await ContextStore.open({ defaultStore: 'memory', flushIntervalMs: 30_000 });
  const runtime = new Runtime({ registry, contextStore, log: opts.log ?? silentLog, env: opts.env ?? process.env, nodeCloseTimeoutMs: 2000, capabilities: opts.capabilities });
  const events: Events = { debug: [], status: [], log: [] };
  const waiters = new Set<() => void>();
  const wake = () => { for (const w of waiters) w(); };
  runtime.events.on('debug', (e) => { events.debug.push(e); wake(); });
  runtime.events.on('status', (e) => { events.status.push(e); wake(); });
  runtime.events.on('log', (e) => { events.log.push(e); wake(); });
  const sinks = new Map<string, Message[]>();
  const captureSinks = () => {
    for (const [id, list] of received) sinks.set(id, list);
  };
  const deploy = async (list: TestNode[]) => {
    await loadTypes(registry, list.map((n) => n.type));
    await runtime.deploy(documentOf(list), opts.credentials ?? {});
    captureSinks();
  };
  await deploy(nodes);

  const until = <T>(check: () => T | undefined, timeoutMs: number, what: string) => new Promise<T>((resolve, reject) => {
    const attempt = () => {
      const value = check();
      if (value === undefined) return false;
      clear();
      resolve(value);
      return true;
    };
    const timer = setTimeout(() => { clear(); reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const clear = () => { clearTimeout(timer); waiters.delete(attempt); };
    waiters.add(attempt);
    attempt();
  });

  // Sinks record synchronously; poll them on every scheduler turn while someone waits.
  const poll = setInterval(wake, 5);
  poll.unref();

  return {
    runtime,
    registry,
    events,
    send: (nodeId, msg) => runtime.deliver(nodeId, { _msgid: crypto.randomUUID(), ...msg }),
    trigger: (nodeId) => runtime.trigger(nodeId),
    received: (sinkId) => sinks.get(sinkId) ?? [],
    waitFor: (sinkId, count = 1, timeoutMs = 2000) =>
      until(() => { const got = sinks.get(sinkId) ?? []; return got.length >= count ? got.slice(0, count) : undefined; }, timeoutMs, `${count} message(s) at ${sinkId}`),
    waitForEvent: (kind, predicate = () => true, timeoutMs = 2000) =>
      until(() => (events[kind] as Array<Events[typeof kind][number]>).find(predicate), timeoutMs, `a ${kind} event`),
    context: (scope) => contextStore.scope(scope),
    redeploy: deploy,
    async stop() {
      clearInterval(poll);
      await runtime.stop();
      await contextStore.close();
    },
  };
}
