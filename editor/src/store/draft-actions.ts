// Offering back the undeployed edits of an earlier visit (see draft.ts).
import { sameDocument } from '../graph/doc-equality.ts';
import { fromFlowDocument } from '../graph/document.ts';
import { emptyHistory } from '../graph/history.ts';
import type { DraftStorage } from './draft.ts';
import type { EditorState } from './editor-state.ts';
import { hasChanges } from './selectors.ts';
import type { Store } from './store.ts';

/** Draft actions over `store`. */
export function createDraftActions(store: Store<EditorState>, drafts: DraftStorage) {
  return {
    /** After loading: offers the stored draft when it differs from the server's flows. */
    offerDraft(): void {
      const draft = drafts.read();
      if (!draft) return;
      if (sameDocument(fromFlowDocument(draft.document), store.get().doc)) drafts.clear();
      else store.update({ draftOffer: draft });
    },

    /**
     * Puts the draft's document in place of the server's, as undeployed changes. Its revision
     * comes along: if someone deployed since, Deploy offers reload or overwrite as usual.
     */
    restoreDraft(): void {
      const s = store.get();
      if (!s.draftOffer) return;
      const doc = fromFlowDocument(s.draftOffer.document);
      const open = [s.draftOffer.activeFlow, s.activeFlow].find((id) => doc.flows.some((f) => f.id === id));
      const activeFlow = open ?? doc.flows[0]?.id ?? s.activeFlow;
      store.update({
        doc, rev: s.draftOffer.rev, history: emptyHistory, activeFlow, draftOffer: null,
        selectedNodes: new Set(), selectedEdges: new Set(), dirty: hasChanges({ ...s, doc }),
      });
    },

    discardDraft(): void {
      drafts.clear();
      store.update({ draftOffer: null });
    },
  };
}
