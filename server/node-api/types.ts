// Browser-safe types of the public node API. The editor may `import type` from here.

/** A message travelling along wires: Node-RED's model, `_msgid` plus anything. */
export interface Message {
  _msgid: string;
  payload?: unknown;
  topic?: string;
  [key: string]: unknown;
}

/** What a node may send: one message, or one entry per output, each a message, a list of messages, or nothing. */
export type Outgoing = Message | Array<Message | Message[] | null | undefined> | null | undefined;

/** The badge under a node in the editor. An empty object clears it. */
export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

/** Palette sections, in display order. */
export const NODE_CATEGORIES = ['common', 'function', 'sequence', 'network', 'parser', 'storage', 'config'] as const;
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

/**
 * How many outputs a node has: a fixed number, or the name of a config key whose value is
 * that number (function's `outputs`) or a list with one entry per output (switch's `rules`).
 */
export type OutputCount = number | { fromConfig: string };

/**
 * Whether a node has an input: 0 or 1, or the name of a boolean config key that turns it on
 * (mqtt in's `dynamic`, as Node-RED shows its input only in dynamic mode).
 */
export type InputCount = 0 | 1 | { fromConfig: string };

/** The serialisable part of a node type, as the editor receives it in `GET /api/nodes`. */
export interface NodeTypeInfo {
  type: string;
  /** Bumped when the config shape changes; flows store it so old flows can be migrated. */
  version: number;
  category: NodeCategory;
  label: string;
  color: string;
  icon?: string;
  inputs: InputCount;
  outputs: OutputCount;
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
}

export type JsonSchema = Record<string, unknown>;

/** An event a node can watch with `node.watch` (what catch, status and complete nodes build on). */
export interface WatchedEvents {
  /** `count` grows each time the same node fails again on a message carrying its own error (loop guard). */
  error: { source: NodeRef; message: string; msg?: Message; stack?: string; count: number };
  status: { source: NodeRef; status: NodeStatus };
  complete: { source: NodeRef; msg: Message };
}

export interface NodeRef {
  id: string;
  type: string;
  name?: string;
}

/** Which sources a watcher hears: all nodes of its flow, or the listed ones anywhere. */
export interface WatchScope {
  nodes?: string[];
  /** Errors only: hear an error only if no other watcher in scope has heard it (Node-RED's "uncaught"). */
  uncaught?: boolean;
}
