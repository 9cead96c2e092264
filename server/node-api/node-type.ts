// What a node type is: its definition (data plus `create`) and the handlers `create` returns.
import type { Static, TObject } from '@sinclair/typebox';
import type { NodeContext } from './node-context.ts';
import type { Message, NodeTypeBasics, Outgoing } from './types.ts';

/**
 * The definition of a node type: data that describes it plus `create`, called once per
 * deploy for each node of the type.
 *
 * @example
 * ```ts
 * import { defineNode, Type } from '#node-api';
 * export default defineNode({
 *   type: 'upper-case', category: 'function', label: 'upper case', color: '#e2d96e',
 *   inputs: 1, outputs: 1,
 *   config: Type.Object({ property: Type.String({ default: 'payload' }) }),
 *   create(node) {
 *     return {
 *       input(msg, send) {
 *         msg[node.config.property] = String(msg[node.config.property]).toUpperCase();
 *         send(msg);
 *       },
 *     };
 *   },
 * });
 * ```
 */
export interface NodeType<C extends TObject = TObject, K extends TObject = TObject> extends NodeTypeBasics {
  /** Version of the config shape; defaults to 1. */
  version?: number;
  /** Schema of `config`, written with `Type` so the config type is inferred. */
  config: C;
  /** Schema of the credentials, stored encrypted and never in the flow file. */
  credentials?: K;
  /** Markdown help; when absent the registry reads `help.md` beside the module. */
  help?: string;
  /** Show a button on the node in the editor that calls `trigger`. */
  button?: boolean;
  /** Kept out of the palette: nodes of this type are made by an import or by the editor itself (subflow instances). */
  hidden?: boolean;
  /** Path, relative to the module, of an ES module with a custom form element. */
  editor?: string;
  create(node: NodeContext<Static<C>, Static<K>>): NodeHandlers | void | Promise<NodeHandlers | void>;
}

/**
 * What `create` returns. All optional.
 *
 * @example
 * ```ts
 * create(node) {
 *   const timer = setInterval(() => node.send({ payload: Date.now() }), 1000);
 *   return { close: () => clearInterval(timer) };
 * }
 * ```
 */
export interface NodeHandlers {
  /**
   * Handles one incoming message. With fewer than three parameters the message is complete
   * when the returned value (or promise) settles; with three, when `done` is called. A throw,
   * a rejection or `done(err)` reports an error to the catch nodes in scope.
   */
  input?(msg: Message, send: (out: Outgoing) => void, done: (err?: unknown) => void): void | Promise<void>;
  /**
   * The editor's button (inject), or a switch on the node: `input` is then its new state
   * (debug's `{ active: false }`, sent when the switch is flipped on a deployed node).
   */
  trigger?(input?: Record<string, unknown>): void | Promise<void>;
  /** Stop timers, close connections. Raced against the runtime's close deadline. */
  close?(): void | Promise<void>;
}

/**
 * Declares a node type. The identity function, there for type inference.
 *
 * @example
 * ```ts
 * export default defineNode({ type: 'noop', category: 'function', label: 'noop',
 *   color: '#ddd', inputs: 1, outputs: 1, config: Type.Object({}),
 *   create: () => ({ input: (msg, send) => send(msg) }) });
 * ```
 */
export function defineNode<C extends TObject, K extends TObject = TObject>(type: NodeType<C, K>): NodeType<C, K> {
  return type;
}
