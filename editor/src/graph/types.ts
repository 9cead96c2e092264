// The editor's in-memory flow document and the edits that change it.
import type { FlowNode, FlowTab } from '../../../server/api/contract.ts';

export type { FlowDocument, FlowNode, FlowTab, NodeTypeInfo } from '../../../server/api/contract.ts';

/**
 * The flow document as the editor holds it. Immutable: every edit returns a new value, and
 * untouched nodes keep their object identity so the canvas re-renders only what changed.
 */
export interface GraphDoc {
  readonly flows: readonly FlowTab[];
  /** Keyed by id, in file order, so an exported file diffs well against the one imported. */
  readonly nodes: ReadonlyMap<string, FlowNode>;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * One reversible change. Each carries what undo needs (the removed node, the old position),
 * so the inverse of any edit is computed from the edit alone.
 */
export type Edit =
  | { type: 'node:add'; node: FlowNode }
  | { type: 'node:remove'; node: FlowNode }
  | { type: 'node:update'; before: FlowNode; after: FlowNode }
  | { type: 'node:move'; id: string; from: Point; to: Point }
  | { type: 'wire:add'; source: string; port: number; target: string }
  | { type: 'wire:remove'; source: string; port: number; target: string }
  | { type: 'flow:add'; flow: FlowTab; index: number }
  | { type: 'flow:remove'; flow: FlowTab; index: number }
  | { type: 'flow:update'; before: FlowTab; after: FlowTab }
  | { type: 'flow:move'; id: string; from: number; to: number };

/** Edits applied and undone together, e.g. a delete of a selection with its wires. */
export interface Transaction {
  readonly label: string;
  readonly edits: readonly Edit[];
  /**
   * Consecutive transactions with the same key that each update one node merge into one
   * undo step: typing in a form field gives one step per field, not one per letter.
   */
  readonly coalesceKey?: string;
}

/** Produces fresh node and flow ids; injected so tests are deterministic. */
export type IdGenerator = () => string;
