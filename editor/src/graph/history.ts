// Undo/redo as two stacks of transactions. Undo applies the inverse edits of the last one.
import { applyEdits, invertEdits } from './apply.ts';
import type { Edit, GraphDoc, Transaction } from './types.ts';

export interface History {
  readonly past: readonly Transaction[];
  readonly future: readonly Transaction[];
}

/** Enough for a long session; the oldest entries drop off first. */
const HISTORY_LIMIT = 200;

export const emptyHistory: History = { past: [], future: [] };

/**
 * Records a transaction that was just applied. A new edit clears the redo stack.
 * Transactions sharing a `coalesceKey` merge (see {@link Transaction}).
 */
export function record(history: History, tx: Transaction): History {
  if (tx.edits.length === 0) return history;
  const last = history.past.at(-1);
  const merged = last && mergeUpdates(last, tx);
  const past = merged ? [...history.past.slice(0, -1), merged] : [...history.past, tx];
  return { past: past.slice(-HISTORY_LIMIT), future: [] };
}

/** Undoes the last transaction; returns null when there is nothing to undo. */
export function undo(history: History, doc: GraphDoc): { history: History; doc: GraphDoc; tx: Transaction } | null {
  const tx = history.past.at(-1);
  if (!tx) return null;
  return {
    doc: applyEdits(doc, invertEdits(tx.edits)),
    history: { past: history.past.slice(0, -1), future: [...history.future, tx] },
    tx,
  };
}

/** Redoes the last undone transaction; returns null when there is nothing to redo. */
export function redo(history: History, doc: GraphDoc): { history: History; doc: GraphDoc; tx: Transaction } | null {
  const tx = history.future.at(-1);
  if (!tx) return null;
  return {
    doc: applyEdits(doc, tx.edits),
    history: { past: [...history.past, tx], future: history.future.slice(0, -1) },
    tx,
  };
}

function mergeUpdates(last: Transaction, next: Transaction): Transaction | null {
  const a = soleUpdate(last.edits);
  const b = soleUpdate(next.edits);
  if (!a || !b || !next.coalesceKey || last.coalesceKey !== next.coalesceKey || a.after !== b.before) return null;
  return { ...last, edits: [{ type: 'node:update', before: a.before, after: b.after }] };
}

function soleUpdate(edits: readonly Edit[]): Extract<Edit, { type: 'node:update' }> | null {
  const [only] = edits;
  return edits.length === 1 && only!.type === 'node:update' ? only : null;
}
