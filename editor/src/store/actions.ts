// All editor actions in one object, built once per editor over its store and server.
import type { RestClient } from '../api/rest.ts';
import { randomId } from '../graph/ids.ts';
import { createCommitter } from './commit.ts';
import { createDraftActions } from './draft-actions.ts';
import type { DraftStorage } from './draft.ts';
import type { EditorState, SidebarTab } from './editor-state.ts';
import { createFlowActions } from './flow-actions.ts';
import { createNodeActions } from './node-actions.ts';
import { createNodeRedActions } from './node-red-actions.ts';
import { createNotices } from './notices.ts';
import { createSelectionActions } from './selection-actions.ts';
import { createServerActions } from './server-actions.ts';
import { createSubflowActions } from './subflow-actions.ts';
import type { Store } from './store.ts';

/**
 * The actions of one editor.
 *
 * @example
 * ```ts
 * const store = createStore(initialState);
 * const actions = createActions(store, createRestClient(), browserDraftStorage());
 * await actions.load();
 * ```
 */
export function createActions(store: Store<EditorState>, rest: RestClient, drafts: DraftStorage, newId: () => string = randomId) {
  const committer = createCommitter(store, newId);
  const notices = createNotices(store);
  const server = createServerActions(store, rest, notices, newId);
  const draftActions = createDraftActions(store, drafts);
  const nodeActions = createNodeActions(store, committer, notices.notify, newId);
  const selectionActions = createSelectionActions(store, committer, notices.notify, newId);
  return {
    undo: committer.undo,
    redo: committer.redo,
    ...notices,
    ...nodeActions,
    ...selectionActions,
    ...createNodeRedActions(rest, { importDocument: selectionActions.importDocument, setCredential: nodeActions.setCredential }, notices.notify),
    ...createFlowActions(store, committer, newId),
    ...createSubflowActions(store, committer, notices.notify, newId),
    ...server,
    ...draftActions,
    /** Loads the node catalogue and the flows, then offers undeployed edits of an earlier visit back. */
    async load(): Promise<void> {
      await server.load();
      if (store.get().loaded) draftActions.offerDraft();
    },
    newId,
    clearDebug(): void {
      store.update({ debug: [], debugUnseen: 0 });
    },
    showSidebar(sidebar: SidebarTab): void {
      // Showing the debug messages is seeing them: the badge counts only those that arrive out of sight.
      store.update(sidebar === 'debug' ? { sidebar, debugUnseen: 0 } : { sidebar });
    },
    /** Opens a node's tab, selects the node and scrolls the canvas to it. */
    revealNode(id: string): void {
      const node = store.get().doc.nodes.get(id);
      if (!node?.flow) return;
      if (store.get().activeFlow !== node.flow) store.update({ activeFlow: node.flow });
      store.update({ selectedNodes: new Set([id]), selectedEdges: new Set(), reveal: { node: id } });
    },
  };
}

export type EditorActions = ReturnType<typeof createActions>;
