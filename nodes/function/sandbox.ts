// The vm context user code runs in, and the `node` object it sees: Node-RED's Function node API
// (node, context, flow, global, env, RED.util, Buffer, timers, console). A vm context is not a
// security boundary; it keeps user globals apart and lets us hand over exactly this API.
import vm from 'node:vm';
import { format, inspect } from 'node:util';
import { type ContextScope, type Message, type NodeContext, type NodeStatus, NodeRuntimeError, type Outgoing } from '#node-api';
import { createRedUtil } from './red-util.ts';
import { isMessageObject, isThenable, sendResults } from './results.ts';
import type { LoopGuard, UserFunction } from './loop-guard.ts';

/** What one run of user code is bound to. */
export interface RunBinding {
  /** The id of the input message; absent outside an input (On Start, timers started there). */
  msgid?: string;
  /** Absent where sending is not allowed (On Stop). */
  send?: (out: Outgoing) => void;
  /** Only in On Message. */
  done?: (err?: unknown) => void;
}

export interface SandboxOptions {
  guard: LoopGuard;
  outputs: number;
  /** Turns what user code throws (or passes to node.error / node.done) into a reportable error. */
  describe(thrown: unknown): unknown;
  /** Reports a failure of user code outside an input run (timers). */
  report(err: unknown, msg?: Message): void;
}

export interface Sandbox {
  context: vm.Context;
  /** The `node` object user code sees in one run. */
  nodeFor(run: RunBinding): Record<string, unknown>;
  /** Clears every timer user code started (node stop). */
  clearTimers(): void;
  /** Runs the listeners user code added with `node.on("close", ...)`, waiting for those that take `done`. */
  runCloseListeners(): Promise<void>;
}

/** A listener from `node.on("close", ...)`: Node-RED passes `(done)` or `(removed, done)` by its arity. */
type CloseListener = (...args: unknown[]) => unknown;

export function createSandbox(node: NodeContext<unknown, unknown>, opts: SandboxOptions): Sandbox {
  const { guard, describe, report } = opts;
  const timers = new Set<NodeJS.Timeout>();
  const invalidResult = (err: Error) => node.error(err);
  const closeListeners: CloseListener[] = [];

  const schedule = (repeat: boolean) => (callback: unknown, ms?: number, ...args: unknown[]) => {
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
    if (node.signal.aborted) return undefined;
    const fire = () => {
      if (!repeat) timers.delete(handle);
      const outcome = guard.run(callback as UserFunction, args);
      // Node-RED reports timer errors with an empty message, so catch nodes hear them.
      const fail = (err: unknown) => report(err, { _msgid: node.newMessageId() });
      if (!outcome.ok) fail(outcome.error);
      else if (isThenable(outcome.value)) outcome.value.then(undefined, fail);
    };
    const handle = repeat ? setInterval(fire, ms) : setTimeout(fire, ms);
    timers.add(handle);
    return handle;
  };
  const clearTimer = (handle: unknown) => {
    if (!timers.has(handle as NodeJS.Timeout)) return;
    clearTimeout(handle as NodeJS.Timeout); // clears intervals too
    timers.delete(handle as NodeJS.Timeout);
  };

  const scopes = node.context();
  const flow = contextApi(scopes.flow);
  const global = contextApi(scopes.global);
  const context = vm.createContext({
    console: consoleFor(node),
    Buffer,
    // The host's Date, so dates user code makes are Dates to every other node (instanceof).
    Date,
    RED: { util: createRedUtil(node) },
    context: { ...contextApi(scopes.node), flow, global },
    flow,
    global,
    env: { get: (name: unknown) => node.env.get(String(name)) },
    setTimeout: schedule(false),
    setInterval: schedule(true),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
  }, { name: `function ${node.id}` });

  const shared = {
    id: node.id,
    name: node.name,
    // Node-RED's flow path of the node; nodes here sit directly on a flow (no subflows).
    path: `${node.flow}/${node.id}`,
    outputCount: opts.outputs,
    log: (value: unknown) => node.log(text(value)),
    // The node API has one log level for nodes (info): Node-RED's debug and trace go there too.
    debug: (value: unknown) => node.log(text(value)),
    trace: (value: unknown) => node.log(text(value)),
    warn: (value: unknown) => node.warn(text(value)),
    error: (err: unknown, msg?: unknown) => node.error(describe(err), isMessageObject(msg) ? msg : undefined),
    status: (status: NodeStatus | string) => {
      // A stopped node shows no status; On Stop code must not leave one behind.
      if (!node.signal.aborted) node.status(typeof status === 'string' ? { text: status } : status);
    },
    // Node-RED code tidies up with node.on("close", ...), written before On Stop existed. No other
    // event reaches a function node, so other names are accepted and never fire, as there.
    on: (event: unknown, listener: unknown) => {
      if (event === 'input') throw new Error("Cannot add listener to 'input' event within Function");
      if (event === 'close' && typeof listener === 'function') closeListeners.push(listener as CloseListener);
    },
  };

  return {
    context,
    nodeFor(run) {
      // Shared members come from the prototype: under tsx (keepNames) an object literal with
      // methods costs a defineProperty call per method, on every message.
      const facade = Object.create(shared) as Record<string, unknown>;
      facade.send = (msgs: unknown, cloneMsg?: unknown) => {
        if (!run.send) return node.error(new NodeRuntimeError('node.send cannot be used in On Stop code', 'FUNCTION_SEND_IN_STOP'));
        if (node.signal.aborted) return undefined;
        sendResults(msgs, { msgid: run.msgid ?? node.newMessageId(), cloneFirst: cloneMsg !== false, send: run.send, invalid: invalidResult });
      };
      if (run.done) facade.done = (err?: unknown) => run.done!(err === undefined || err === null ? undefined : describe(err));
      return facade;
    },
    clearTimers() {
      for (const handle of timers) clearTimeout(handle);
      timers.clear();
    },
    async runCloseListeners() {
      for (const listener of closeListeners.splice(0)) {
        try {
          await runCloseListener(guard, listener);
        } catch (err) {
          report(err);
        }
      }
    },
  };
}

/**
 * Calls one close listener as Node-RED does: with `(done)` or `(removed, done)` it is waited for
 * until it calls done; without parameters, until its returned promise (if any) settles.
 * `removed` is false: the node cannot tell a removal from a redeploy, and false is the choice
 * that keeps state rather than deleting it.
 */
function runCloseListener(guard: LoopGuard, listener: CloseListener): Promise<unknown> {
  if (listener.length === 0) {
    const outcome = guard.run(listener, []);
    return outcome.ok ? Promise.resolve(outcome.value) : Promise.reject(outcome.error);
  }
  return new Promise((resolve, reject) => {
    const done = () => resolve(undefined);
    const outcome = guard.run(listener, listener.length === 1 ? [done] : [false, done]);
    if (!outcome.ok) reject(outcome.error);
  });
}

type Callback = (err: unknown, value?: unknown) => void;

/** context/flow/global: get, set and keys, with an optional store name and Node-RED's optional callback. */
function contextApi(scope: ContextScope) {
  return {
    get: (key: string, ...rest: unknown[]) => {
      const [store, callback] = storeAndCallback(rest);
      return answer(() => scope.get(key, store), callback);
    },
    set: (key: string, value: unknown, ...rest: unknown[]) => {
      const [store, callback] = storeAndCallback(rest);
      return answer(() => scope.set(key, value, store), callback);
    },
    keys: (...rest: unknown[]) => {
      const [store, callback] = storeAndCallback(rest);
      return answer(() => scope.keys(store), callback);
    },
  };
}

function storeAndCallback(rest: unknown[]): [string | undefined, Callback | undefined] {
  const last = rest[rest.length - 1];
  const callback = typeof last === 'function' ? (last as Callback) : undefined;
  return [typeof rest[0] === 'string' ? rest[0] : undefined, callback];
}

function answer<T>(operation: () => T, callback: Callback | undefined): T | undefined {
  if (!callback) return operation();
  let value: T;
  try {
    value = operation();
  } catch (err) {
    callback(err);
    return undefined;
  }
  callback(null, value);
  return undefined;
}

function consoleFor(node: NodeContext<unknown, unknown>) {
  const log = (...args: unknown[]) => node.log(format(...args));
  return { log, info: log, debug: log, warn: (...args: unknown[]) => node.warn(format(...args)), error: (...args: unknown[]) => node.error(format(...args)) };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value);
}
