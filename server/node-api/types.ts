// Browser-safe types of the public node API. The editor may `import type` from here.

/**
 * A message travelling along wires: Node-RED's model, `_msgid` plus anything.
 *
 * @example
 * ```ts
 * const msg: Message = { _msgid: node.newMessageId(), topic: 'hall/temp', payload: 21.5 };
 * ```
 */
export interface Message {
  _msgid: string;
  payload?: unknown;
  topic?: string;
  [key: string]: unknown;
}

/**
 * What a node may send: one message, or one entry per output, each a message, a list of
 * messages, or nothing.
 *
 * @example
 * ```ts
 * send([{ _msgid, payload: 'too hot' }, null]);        // output 1 only
 * send([null, [first, second]]);                      // two messages on output 2
 * ```
 */
export type Outgoing = Message | Array<Message | Message[] | null | undefined> | null | undefined;

/**
 * The badge under a node in the editor. An empty object clears it.
 *
 * @example
 * ```ts
 * node.status({ fill: 'green', shape: 'dot', text: 'connected' });
 * node.status({}); // cleared
 * ```
 */
export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

/**
 * Palette sections, in display order.
 *
 * @example
 * ```ts
 * defineNode({ type: 'csv-lite', category: 'parser', ... });
 * ```
 */
export const NODE_CATEGORIES = ['common', 'devices', 'function', 'sequence', 'network', 'parser', 'storage', 'config'] as const;

/**
 * One palette section (see NODE_CATEGORIES).
 *
 * @example
 * ```ts
 * const category: NodeCategory = 'function';
 * ```
 */
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

/**
 * How many outputs a node has: a fixed number, or the name of a config key whose value is
 * that number (function's `outputs`) or a list with one entry per output (switch's `rules`).
 *
 * @example
 * ```ts
 * outputs: 2,                        // always two
 * outputs: { fromConfig: 'rules' },  // one per rule
 * ```
 */
export type OutputCount = number | { fromConfig: string };

/**
 * Whether a node has an input: 0 or 1, or the name of a boolean config key that turns it on
 * (mqtt in's `dynamic`, as Node-RED shows its input only in dynamic mode).
 *
 * @example
 * ```ts
 * inputs: { fromConfig: 'dynamic' },
 * ```
 */
export type InputCount = 0 | 1 | { fromConfig: string };

/**
 * What the definition of a node type and its catalogue entry share: its name, its place in
 * the palette and its ports.
 *
 * @example
 * ```ts
 * const basics: NodeTypeBasics = { type: 'lamp', category: 'function', label: 'lamp', color: '#e2d96e', inputs: 1, outputs: 1 };
 * ```
 */
export interface NodeTypeBasics {
  type: string;
  category: NodeCategory;
  label: string;
  color: string;
  icon?: string;
  inputs: InputCount;
  outputs: OutputCount;
}

/**
 * The serialisable part of a node type, as the editor receives it in `GET /api/nodes`.
 *
 * @example
 * ```ts
 * const catalogue: NodeTypeInfo[] = await (await fetch('/api/nodes')).json();
 * const inject = catalogue.find((t) => t.type === 'inject');
 * ```
 */
export interface NodeTypeInfo extends NodeTypeBasics {
  /** Bumped when the config shape changes; flows store it so old flows can be migrated. */
  version: number;
  /** JSON Schema of `config`. */
  schema: JsonSchema;
  /** JSON Schema of the credentials; values of `format: "password"` keys never leave the server. */
  credentials?: JsonSchema;
  /** Markdown help text. */
  help: string;
  /** The editor shows a button on the node that calls `POST /api/nodes/:id/trigger`. */
  button?: boolean;
  /** Not offered in the palette (made by an import or by the editor itself). */
  hidden?: boolean;
  /** URL of an ES module defining a custom element for the property form. */
  editor?: string;
  /** The package the type comes from. */
  module: string;
  /** That package's version (listed with it in exported flow files). */
  moduleVersion?: string;
}

/**
 * A JSON Schema as plain data (what TypeBox schemas serialise to).
 *
 * @example
 * ```ts
 * const schema: JsonSchema = { type: 'string', default: 'payload' };
 * ```
 */
export type JsonSchema = Record<string, unknown>;

/**
 * The value a `showWhen` condition compares with: what a choice, a number or a checkbox holds.
 *
 * @example
 * ```ts
 * showWhen({ mode: ['external'], retries: [3], tls: [true] });
 * ```
 */
export type ShowWhenValue = string | number | boolean;

/**
 * Sibling property key → the values for which the field is shown.
 *
 * @example
 * ```ts
 * const onlyBetween: ShowWhenConditions = { t: ['btwn'] };
 * ```
 */
export type ShowWhenConditions = Readonly<Record<string, readonly ShowWhenValue[]>>;

/**
 * The JSON Schema of one config property as the editor reads it: standard keywords plus
 * Patchbay's editor hints, which validation ignores. Nodes write the hints with `showWhen`,
 * `configNodeOf` and `typedValue` from the node API.
 *
 * @example
 * ```ts
 * const broker: PropertySchema = { type: 'string', default: '', 'x-config-node': 'mqtt-broker' };
 * ```
 */
export type PropertySchema = JsonSchema & {
  /** The property holds the id of a config node of this type. */
  'x-config-node'?: string;
  /** The property is a typed value `{ type, value }` that may take these types. */
  'x-typed-value'?: readonly string[];
  /** Shown only while the named siblings hold one of the listed values. */
  'x-show-when'?: ShowWhenConditions;
  /** A picker fed by the device registry (see devicePicker). */
  'x-device-picker'?: DevicePickerKind;
};

/**
 * What a device picker field chooses: a device; a property of the sibling `device`
 * (`settable`: only those that can be set); a value of the sibling `property` to compare with
 * (`value`) or to send (`command`, which adds toggle).
 *
 * @example
 * ```ts
 * const kind: DevicePickerKind = 'settable';
 * ```
 */
export type DevicePickerKind = 'device' | 'property' | 'settable' | 'value' | 'command';

/**
 * An event a node can watch with `node.watch` (what catch, status and complete nodes build
 * on). An error's `count` grows each time the same node fails again on a message carrying
 * its own error (the loop guard); its `code` names the failure.
 *
 * @example
 * ```ts
 * node.watch('error', {}, (e: WatchedEvents['error']) => node.send({ _msgid: node.newMessageId(), payload: `${e.source.id}: ${e.code}` }));
 * ```
 */
export interface WatchedEvents {
  /** `count` grows each time the same node fails again on a message carrying its own error (loop guard). */
  /** `code` names the failure: the thrown error's own `code`, else `NODE_RUNTIME`. */
  error: { source: NodeRef; message: string; code: string; msg?: Message; stack?: string; count: number };
  status: { source: NodeRef; status: NodeStatus };
  complete: { source: NodeRef; msg: Message };
}

/**
 * A node as other nodes see it: its id, type and name.
 *
 * @example
 * ```ts
 * const [target]: NodeRef[] = node.findNodes({ type: 'link-in', idOrName: 'alarm' });
 * ```
 */
export interface NodeRef {
  id: string;
  type: string;
  name?: string;
}

/**
 * Which sources a watcher hears: all nodes of its flow, or the listed ones anywhere.
 *
 * @example
 * ```ts
 * node.watch('status', { nodes: ['mqtt-1', 'mqtt-2'] }, (e) => node.send({ _msgid: node.newMessageId(), payload: e.status }));
 * ```
 */
export interface WatchScope {
  nodes?: string[];
  /** Errors only: hear an error only if no other watcher in scope has heard it (Node-RED's "uncaught"). */
  uncaught?: boolean;
}
