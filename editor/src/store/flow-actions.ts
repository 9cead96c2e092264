// Tab actions: open, add, rename, disable, describe, reorder, delete.
import { addFlowEdit, moveFlowEdit, removeFlowEdits, updateFlowEdit } from '../graph/flow-edits.ts';
import type { Committer } from './commit.ts';
import type { EditorState } from './editor-state.ts';
import type { Store } from './store.ts';

/** Tab actions over `store`. */
export function createFlowActions(store: Store<EditorState>, committer: Committer, newId: () => string) {
  return {
    openFlow(id: string): void {
      if (store.get().activeFlow === id) return;
      store.update({ activeFlow: id, selectedNodes: new Set(), selectedEdges: new Set() });
    },

    /** Adds a tab at the end and opens it. */
    addFlow(): string {
      const edit = addFlowEdit(store.get().doc, newId());
      const id = edit.type === 'flow:add' ? edit.flow.id : '';
      committer.commit({ label: 'Add flow', edits: [edit] }, { activeFlow: id, selectedNodes: new Set(), selectedEdges: new Set() });
      return id;
    },

    renameFlow(id: string, label: string): void {
      const edit = updateFlowEdit(store.get().doc, id, { label: label.trim() || 'Untitled' });
      if (edit) committer.commit({ label: 'Rename flow', edits: [edit] });
    },

    setFlowDisabled(id: string, disabled: boolean): void {
      const edit = updateFlowEdit(store.get().doc, id, { disabled });
      if (edit) committer.commit({ label: disabled ? 'Disable flow' : 'Enable flow', edits: [edit] });
    },

    /** Saves a tab's description (markdown); an empty text removes it. */
    setFlowInfo(id: string, info: string): void {
      const edit = updateFlowEdit(store.get().doc, id, { info });
      if (edit) committer.commit({ label: 'Edit flow info', edits: [edit] });
    },

    moveFlow(id: string, to: number): void {
      const edit = moveFlowEdit(store.get().doc, id, to);
      if (edit) committer.commit({ label: 'Move flow', edits: [edit] });
    },

    /** Deletes a tab with its nodes (the caller has asked for confirmation). */
    removeFlow(id: string): void {
      committer.commit({ label: 'Delete flow', edits: removeFlowEdits(store.get().doc, id) });
    },
  };
}

export type FlowActions = ReturnType<typeof createFlowActions>;
