// The one way the document changes: apply a transaction, record it for undo, and keep the
// rest of the state consistent with the new document.
import { isOpenableFlow } from '../graph/subflows.ts';
import { applyEdits } from '../graph/apply.ts';
import { addFlowEdit } from '../graph/flow-edits.ts';
import { record, redo, undo } from '../graph/history.ts';
import type { Edit, GraphDoc, Transaction } from '../graph/types.ts';
import type { EditorState } from './editor-state.ts';
import { hasChanges } from './selectors.ts';
import type { Store } from './store.ts';

export interface Committer {
  /** Applies and records `tx`; `extra` state is merged in the same update. */
  commit(tx: Transaction, extra?: Partial<EditorState>): void;
  /** Records `tx` whose edits are already in the document (the end of a drag). */
  recordApplied(tx: Transaction): void;
  /** Applies edits without recording them (a drag in progress). */
  applyTransient(edits: readonly Edit[]): void;
  undo(): void;
  redo(): void;
}

/** Builds the commit functions over `store`; `newId` names the tab created when the last one goes. */
export function createCommitter(store: Store<EditorState>, newId: () => string): Committer {
  return {
    commit(tx, extra = {}) {
      if (tx.edits.length === 0) return;
      store.update((s) => {
        const full = ensureTab(s.doc, tx, newId);
        return settle(s, applyEdits(s.doc, full.edits), { history: record(s.history, full), ...withoutErrorsOf(s, full.edits), ...extra });
      });
    },
    recordApplied(tx) {
      if (tx.edits.length === 0) return;
      store.update((s) => ({ history: record(s.history, tx), dirty: hasChanges(s) }));
    },
    applyTransient(edits) {
      if (edits.length === 0) return;
      store.update((s) => ({ doc: applyEdits(s.doc, edits) }));
    },
    undo() {
      store.update((s) => {
        const step = undo(s.history, s.doc);
        return step ? settle(s, step.doc, { history: step.history }) : {};
      });
    },
    redo() {
      store.update((s) => {
        const step = redo(s.history, s.doc);
        return step ? settle(s, step.doc, { history: step.history }) : {};
      });
    },
  };
}

/** Deleting the last tab leaves an empty new one, as Node-RED does: there is always a canvas. */
function ensureTab(doc: GraphDoc, tx: Transaction, newId: () => string): Transaction {
  const removed = tx.edits.filter((e) => e.type === 'flow:remove').length;
  const added = tx.edits.filter((e) => e.type === 'flow:add').length;
  if (doc.flows.length - removed + added > 0) return tx;
  return { ...tx, edits: [...tx.edits, addFlowEdit({ flows: [], nodes: doc.nodes }, newId())] };
}

/** The state after the document changed: selection and active tab still point at things that exist. */
function settle(s: EditorState, doc: GraphDoc, extra: Partial<EditorState>): Partial<EditorState> {
  const activeFlow = isOpenableFlow(doc, s.activeFlow) ? s.activeFlow : (doc.flows[0]?.id ?? '');
  const selectedNodes = new Set([...s.selectedNodes].filter((id) => doc.nodes.get(id)?.flow === activeFlow));
  return {
    doc,
    dirty: hasChanges({ ...s, doc }),
    activeFlow,
    selectedNodes: selectedNodes.size === s.selectedNodes.size ? s.selectedNodes : selectedNodes,
    selectedEdges: activeFlow === s.activeFlow ? s.selectedEdges : new Set(),
    ...extra,
  };
}

/** A node's deploy errors go away once it is edited: they described the old config. */
function withoutErrorsOf(s: EditorState, edits: readonly Edit[]): Partial<EditorState> {
  const edited = new Set(edits.flatMap((e) => (e.type === 'node:update' ? [e.after.id] : e.type === 'node:remove' ? [e.node.id] : [])));
  if (![...edited].some((id) => s.nodeErrors.has(id))) return {};
  const nodeErrors = new Map(s.nodeErrors);
  for (const id of edited) nodeErrors.delete(id);
  return { nodeErrors, deployErrors: s.deployErrors.filter((e) => !e.node || !edited.has(e.node)) };
}
