// The node test helper (`patchbay/node-api/testing`): runs one node type in a real runtime, as
// a deploy would, feeds it messages and records what it sends, its statuses and its errors.
// Like node-red-node-test-helper, but typed from the node's own schema.
import { randomUUID } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { pino } from 'pino';
import type { Static, TObject } from '@sinclair/typebox';
import type { FlowDocument, FlowNode, LogEvent } from '../api/contract.ts';
import { defineNode, Type, type NodeType } from '../node-api/index.ts';
import type { Message, NodeStatus } from '../node-api/types.ts';
import { outputCount } from '../api/shared.ts';
import { ContextStore } from '../runtime/context-store.ts';
import { Registry } from '../runtime/registry.ts';
import { Runtime } from '../runtime/runtime.ts';

/** Another node deployed beside the one under test: a config node it refers to by id. */
export interface TestConfigNode {
  id: string;
  type: NodeType;
  config?: Record<string, unknown>;
  credentials?: Record<string, string>;
}

export interface StartNodeOptions<C extends TObject, K extends TObject> {
  /** The node's config; the schema's defaults fill the rest, as in a deploy. */
  config?: Partial<Static<C>>;
  credentials?: Partial<Static<K>>;
  /** Config nodes the node refers to. */
  configNodes?: TestConfigNode[];
  /** Variables for `env.get` and `${VAR}` in the config (none of the process's by default). */
  env?: Record<string, string>;
  /** Where help.md and a custom editor sit (defaults to the current directory). */
  dir?: string;
}

/** A message the node sent, with the output it left by (0 for the first). */
export interface SentMessage {
  port: number;
  msg: Message;
}

export interface NodeUnderTest {
  /** The node's id in the test flow. */
  readonly id: string;
  /** Everything sent so far, in order. */
  readonly sent: SentMessage[];
  /** Every status the node showed, in order (`{}` when it cleared it). */
  readonly statuses: NodeStatus[];
  /** Errors the node reported (thrown, rejected, `done(err)`, `node.error`). */
  readonly errors: LogEvent[];
  /** Warnings (`node.warn`). */
  readonly warnings: LogEvent[];
  /** Delivers a message to the node's input, as a wire would (`_msgid` is added). */
  input(msg: Partial<Message>): void;
  /** Presses the node's button (inject-like types). */
  trigger(): Promise<void>;
  /** Resolves once `count` messages have been sent in all (rejects after `timeoutMs`). */
  waitForSent(count?: number, timeoutMs?: number): Promise<SentMessage[]>;
  /** Resolves with the first status (from now on or already shown) that matches. */
  waitForStatus(match?: (status: NodeStatus) => boolean, timeoutMs?: number): Promise<NodeStatus>;
  /** Resolves with the first error reported (already or from now on). */
  waitForError(timeoutMs?: number): Promise<LogEvent>;
  /** Stops the node (its `close` runs) and the runtime. */
  close(): Promise<void>;
}

const NODE_ID = 'node-under-test';
const FLOW_ID = 'test-flow';

/**
 * Starts one node of `type` with `config`. Rejects as a refused deploy would: a
 * `PatchbayError` with code `FLOWS_INVALID` whose `details` list `{ node, path, message }`
 * (a config that fails the schema, a `NodeConfigError` from `create`).
 *
 * @example
 * ```ts
 * import { test } from 'node:test';
 * import assert from 'node:assert/strict';
 * import { startNode } from 'patchbay/node-api/testing';
 * import upperCase from './index.ts';
 *
 * test('upper-cases the payload', async (t) => {
 *   const node = await startNode(upperCase, { config: { property: 'payload' } });
 *   t.after(() => node.close());
 *   node.input({ payload: 'hi' });
 *   const [out] = await node.waitForSent();
 *   assert.equal(out!.msg.payload, 'HI');
 * });
 * ```
 */
export async function startNode<C extends TObject, K extends TObject>(type: NodeType<C, K>, opts: StartNodeOptions<C, K> = {}): Promise<NodeUnderTest> {
  const waiters = new Waiters();
  const sent: SentMessage[] = [];
  const registry = new Registry();
  const dir = opts.dir ?? process.cwd();
  await registry.add(recorder(sent, () => waiters.wake()), dir, 'patchbay-testing');
  const registered = await registry.add(type, dir, 'under-test');
  for (const other of opts.configNodes ?? []) if (!registry.get(other.type.type)) await registry.add(other.type, dir, 'under-test');
  const config: Record<string, unknown> = { ...opts.config };
  const outputs = outputCount(registered.info, Value.Default(type.config, structuredClone(config)) as Record<string, unknown>);
  const contextStore = await ContextStore.open({ defaultStore: 'memory', flushIntervalMs: 60_000 });
  const runtime = new Runtime({ registry, contextStore, log: pino({ level: 'silent' }), env: opts.env ?? {}, nodeCloseTimeoutMs: 5000 });
  const statuses: NodeStatus[] = [];
  const errors: LogEvent[] = [];
  const warnings: LogEvent[] = [];
  runtime.events.on('status', ({ node, ...status }) => { if (node === NODE_ID) statuses.push(status); waiters.wake(); });
  runtime.events.on('log', (e) => { if (e.node === NODE_ID) (e.level === 'error' ? errors : warnings).push(e); waiters.wake(); });
  const { doc, credentials } = testFlow(type.type, config, outputs, opts);
  await runtime.deploy(doc, credentials).catch(async (err: unknown) => {
    await contextStore.close();
    throw err;
  });
  return {
    id: NODE_ID, sent, statuses, errors, warnings,
    input: (msg) => runtime.deliver(NODE_ID, { _msgid: randomUUID(), ...msg }),
    trigger: () => runtime.trigger(NODE_ID),
    waitForSent: (count = 1, timeoutMs = 2000) => waiters.until(() => (sent.length >= count ? sent.slice(0, count) : undefined), timeoutMs, `${count} sent message(s)`),
    waitForStatus: (match = () => true, timeoutMs = 2000) => waiters.until(() => statuses.find(match), timeoutMs, 'a status'),
    waitForError: (timeoutMs = 2000) => waiters.until(() => errors[0], timeoutMs, 'an error'),
    async close() {
      await runtime.stop();
      await contextStore.close();
    },
  };
}

/** The node under test, a recorder on each output, and the config nodes it refers to. */
function testFlow(type: string, config: Record<string, unknown>, outputs: number, opts: StartNodeOptions<TObject, TObject>): { doc: FlowDocument; credentials: Record<string, Record<string, string>> } {
  const ports = Array.from({ length: outputs }, (_, port) => `output-${port}`);
  const configNodes = opts.configNodes ?? [];
  const nodes: FlowNode[] = [
    { id: NODE_ID, type, flow: FLOW_ID, config, wires: ports.map((p) => [p]) },
    ...ports.map((id) => ({ id, type: RECORDER, flow: FLOW_ID, config: {}, wires: [] })),
    ...configNodes.map((n) => ({ id: n.id, type: n.type.type, config: n.config ?? {} })),
  ];
  const credentials = Object.fromEntries(configNodes.map((n) => [n.id, n.credentials ?? {}]));
  credentials[NODE_ID] = Object.fromEntries(Object.entries(opts.credentials ?? {}).map(([k, v]) => [k, String(v)]));
  return { doc: { format: 'patchbay-flows', version: 1, flows: [{ id: FLOW_ID, label: 'test' }], nodes }, credentials };
}

/** Promises that resolve once a check passes; checked again whenever something was recorded. */
class Waiters {
  private readonly pending = new Set<() => void>();

  wake(): void {
    for (const attempt of [...this.pending]) attempt();
  }

  until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => { done(); reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
      const done = () => { clearTimeout(timer); this.pending.delete(attempt); };
      this.pending.add(attempt);
      attempt();
    });
  }
}

const RECORDER = 'patchbay-test-output';

/** The node type at the end of each output: records what arrives, with its port. */
function recorder(sent: SentMessage[], recorded: () => void): NodeType {
  return defineNode({
    type: RECORDER, category: 'common', label: 'test output', color: '#ffffff', help: 'Records what the node under test sends.',
    inputs: 1, outputs: 0, config: Type.Object({}),
    create(node) {
      const port = Number(node.id.slice('output-'.length));
      return {
        input(msg) {
          sent.push({ port, msg });
          recorded();
        },
      };
    },
  });
}
