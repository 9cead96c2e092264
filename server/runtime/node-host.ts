// One running node: builds the NodeContext handed to its type's `create`, runs its input
// handler for each delivered message, and turns throws, rejections and `done(err)` into
// errors for the catch nodes in scope. Nothing a handler does can take the process down.
import type { ConfigNodeInfo, NodeContext, NodeHandlers } from '../node-api/index.ts';
import type { Message, NodeRef, NodeStatus, Outgoing } from '../node-api/types.ts';
import type { FlowNode } from '../api/contract.ts';
import type { Logger } from '../log.ts';
import type { PreparedNode } from './flow-validation.ts';
import type { RuntimeEvents } from './events.ts';
import type { ContextStore } from './context-store.ts';
import type { Router, Receiver } from './router.ts';
import type { Watchers } from './watchers.ts';
import { HostContext, type ContextHost } from './host-context.ts';
import { messageId } from './message-id.ts';

/** What a node host needs from the runtime around it. */
export interface HostServices {
  router: Router;
  watchers: Watchers;
  contextStore: ContextStore;
  env: NodeJS.ProcessEnv;
  log: Logger;
  events: RuntimeEvents;
  host(id: string): NodeHost | undefined;
  configNode(id: string): ConfigNodeInfo | undefined;
  flowLabel(id: string): string | undefined;
  findNodes(query: { type: string; idOrName?: string }): NodeRef[];
  capabilities: Partial<Capabilities>;
}

/** The members of NodeContext that server features provide rather than the runtime. */
export type CapabilityName = 'mqtt' | 'http' | 'devices' | 'files' | 'exec' | 'shared' | 'websocket' | 'net';

/** How each server feature makes its capability for one node (created on first use). */
export type Capabilities = { [K in CapabilityName]: (node: NodeContext) => NodeContext[K] };

/** Handlers with fewer than three parameters complete by returning; `done` does nothing for them. */
function ignoreDone(): void {}

/** The code of an error that names none (a string thrown by user code, a plain Error). */
const UNCODED = 'NODE_RUNTIME';

/**
 * An error stays reportable even when user code throws a string or a plain object. Its code
 * is its own `code` (NodeRuntimeError, a server error, a system error such as ECONNREFUSED).
 */
function describe(err: unknown): { message: string; code: string; stack?: string } {
  const own = err !== null && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  const code = typeof own === 'string' && own !== '' ? own : UNCODED;
  if (err instanceof Error) return { message: err.message, code, stack: err.stack };
  return { message: typeof err === 'string' ? err : JSON.stringify(err) ?? String(err), code };
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | undefined)?.then === 'function';
}

/** What a host runs before `create` returns, and when `create` returns nothing: one for all. */
const NO_HANDLERS: NodeHandlers = Object.freeze({});
/** The wire targets of a node with no output wired: one for all. */
const UNWIRED: NodeHost[][] = Object.freeze([]) as unknown as NodeHost[][];

export class NodeHost implements Receiver, ContextHost {
  readonly id: string;
  /** Made when first asked for (an error, a status to watchers): most nodes never are. */
  private madeRef?: NodeRef & { flow: string };
  private handlers: NodeHandlers = NO_HANDLERS;
  /** Made when something asks for the signal: most nodes never do. */
  private abort?: AbortController;
  private stopped = false;
  private targets: NodeHost[][] = UNWIRED;
  readonly context: NodeContext;

  constructor(readonly prepared: PreparedNode, readonly services: HostServices, credentials: Record<string, string>) {
    this.id = prepared.node.id;
    this.context = new HostContext(this, credentials);
  }

  get node(): FlowNode {
    return this.prepared.node;
  }

  /** The node as catch, status and complete nodes and findNodes see it; the same object each time. */
  get ref(): NodeRef & { flow: string } {
    const { node } = this.prepared;
    return (this.madeRef ??= { id: node.id, type: node.type, name: node.name, flow: node.flow ?? '' });
  }

  get config(): Record<string, unknown> {
    return this.prepared.config;
  }

  get env(): Readonly<Record<string, string>> | undefined {
    return this.prepared.env;
  }

  get signal(): AbortSignal {
    if (!this.abort) {
      this.abort = new AbortController();
      if (this.stopped) this.abort.abort();
    }
    return this.abort.signal;
  }

  /**
   * Runs the type's `create`. A promise only when `create` returned one: most types return their
   * handlers, and a big deploy then makes no promise per node (see Runtime.startListed).
   */
  start(): Promise<void> | undefined {
    const made = this.prepared.type.definition.create(this.context);
    if (!isThenable(made)) {
      this.handlers = made ?? NO_HANDLERS;
      return undefined;
    }
    return Promise.resolve(made).then((handlers) => { this.handlers = handlers ?? NO_HANDLERS; });
  }

  /** Resolves wire targets to hosts; called once every host of a deploy exists. */
  connect(): void {
    const targets = (this.prepared.node.wires ?? []).map((ids) => ids.map((id) => this.services.host(id)).filter((h): h is NodeHost => h !== undefined));
    this.targets = targets.some((hosts) => hosts.length > 0) ? targets : UNWIRED;
  }

  /** Whether any output is wired: see receive(). */
  private get wired(): boolean {
    return this.targets !== UNWIRED;
  }

  /** Aborts the signal, then runs `close`. The runtime races this against its deadline. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.services.watchers.removeOwner(this.id);
    await this.handlers.close?.();
  }

  get canTrigger(): boolean {
    return typeof this.handlers.trigger === 'function';
  }

  async trigger(input?: Record<string, unknown>): Promise<void> {
    await this.handlers.trigger?.(input);
  }

  /**
   * Runs the input handler. Returns true when the handler is still working and its outputs are
   * wired: the router then lets its promise settle before the next delivery, so it keeps step
   * with sibling branches. A node with nothing wired out (mqtt out, a file write) has no
   * branch to keep step with, and waiting would cost every message a turn of the event loop.
   */
  // No named closures per message here: tsx (keepNames) would wrap each in a defineProperty call.
  receive(msg: Message): boolean {
    const input = this.handlers.input;
    if (!input || this.stopped) return false;
    try {
      if (input.length >= 3) {
        let finished = false;
        input(msg, this.context.send, (err?: unknown) => {
          if (finished) return;
          finished = true;
          this.finish(msg, err);
        });
        return !finished && this.wired;
      }
      const result = input(msg, this.context.send, ignoreDone);
      if (result && typeof result.then === 'function') {
        result.then(() => this.finish(msg), (err: unknown) => this.finish(msg, err ?? new Error('Rejected')));
        return this.wired;
      }
      this.finish(msg);
    } catch (err) {
      this.finish(msg, err);
    }
    return false;
  }

  /** A message is done: an error goes to catch nodes, success to complete nodes. */
  private finish(msg: Message, err?: unknown): void {
    if (err !== undefined && err !== null) this.report(err, msg);
    else if (this.services.watchers.has('complete')) this.services.watchers.emit('complete', this.ref, { source: this.ref, msg });
  }

  /** Sends one message, or one entry per output; each entry a message, a list, or nothing. */
  send(out: Outgoing): void {
    if (out === null || out === undefined) return;
    if (!Array.isArray(out)) {
      this.sendOn(0, out, false);
      return;
    }
    let cloneNext = false;
    out.forEach((entry, port) => {
      if (entry === null || entry === undefined) return;
      if (!Array.isArray(entry)) cloneNext = this.sendOn(port, entry, cloneNext);
      else cloneNext = this.sendList(port, entry, cloneNext);
    });
  }

  private sendOn(port: number, msg: Message, cloneFirst: boolean): boolean {
    const targets = this.targets[port];
    if (!targets || targets.length === 0 || !this.sendable(msg)) return cloneFirst;
    return this.services.router.route(targets, msg, cloneFirst);
  }

  /**
   * Several messages on one output: as in Node-RED, the first wire gets all of them, then the
   * next wire all of them (copies), rather than each message going to every wire in turn.
   */
  private sendList(port: number, list: Array<Message | null | undefined>, cloneFirst: boolean): boolean {
    const msgs = list.filter((m): m is Message => m !== null && m !== undefined && this.sendable(m));
    const targets = this.targets[port];
    if (!targets || targets.length === 0 || msgs.length === 0) return cloneFirst;
    if (targets.length === 1) {
      let cloneNext = cloneFirst;
      for (const msg of msgs) cloneNext = this.services.router.route(targets, msg, cloneNext);
      return cloneNext;
    }
    let cloneNext = cloneFirst;
    for (const target of targets) for (const msg of msgs) cloneNext = this.services.router.route([target], msg, cloneNext);
    return cloneNext;
  }

  /** A message object (with an id from here on), or an error for anything else. */
  private sendable(msg: Message): boolean {
    if (typeof msg !== 'object') {
      this.report(new Error(`Can only send message objects, got ${typeof msg}`));
      return false;
    }
    if (typeof msg._msgid !== 'string') msg._msgid = messageId();
    return true;
  }

  /** Reports an error: to the log and editor always, to catch nodes when there is a message. */
  report(err: unknown, msg?: Message): void {
    const { message, code, stack } = describe(err);
    const { events, watchers, log } = this.services;
    log.error({ nodeId: this.id, nodeType: this.ref.type, msgId: msg?._msgid, code }, message);
    events.emit('log', { level: 'error', node: this.id, code, message, time: Date.now() });
    if (!msg) return;
    const previous = (msg.error as { source?: { id?: string; count?: number } } | undefined)?.source;
    // Node-RED counts from 1, and adds one each time the same node fails again on its own error.
    const count = previous?.id === this.id ? (previous.count ?? 1) + 1 : 1;
    // Node-RED's loop guard: a catch flow that keeps failing on the same node stops after 10 rounds.
    if (count >= 10) {
      log.warn({ nodeId: this.id }, 'error loop stopped after 10 rounds');
      return;
    }
    watchers.emit('error', this.ref, { source: this.ref, message, code, stack, msg, count });
  }

  status(status: NodeStatus): void {
    this.services.events.emit('status', { node: this.id, ...status });
    if (this.services.watchers.has('status')) this.services.watchers.emit('status', this.ref, { source: this.ref, status });
  }
}
