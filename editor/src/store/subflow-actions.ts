// Subflow actions: make one from the selection, open a template to edit it, go back.
import { subflowFromSelection } from '../graph/subflows.ts';
import type { Committer } from './commit.ts';
import type { EditorState } from './editor-state.ts';
import type { Notify } from './notices.ts';
import type { Store } from './store.ts';

export function createSubflowActions(store: Store<EditorState>, committer: Committer, notify: Notify, newId: () => string) {
  /** The tab to go back to from a template (the last tab open before it). */
  let returnTo: string | null = null;
  return {
    /** Moves the selected nodes into a new subflow template, leaving one instance in their place (selected). */
    subflowFromSelection(): void {
      const s = store.get();
      const plan = subflowFromSelection(s.doc, s.activeFlow, s.selectedNodes, newId);
      if (!plan) {
        notify('info', 'Select the nodes to turn into a subflow first');
        return;
      }
      committer.commit({ label: 'Subflow from selection', edits: plan.edits }, { selectedNodes: new Set([plan.instance]), selectedEdges: new Set() });
    },

    /** Shows a subflow template's nodes on the canvas, to edit them. */
    openSubflow(template: string): void {
      const s = store.get();
      if (s.doc.nodes.get(template)?.type !== 'subflow') return;
      if (s.doc.flows.some((f) => f.id === s.activeFlow)) returnTo = s.activeFlow;
      store.update({ activeFlow: template, selectedNodes: new Set(), selectedEdges: new Set() });
    },

    /** Back from a template to the tab it was opened from. */
    closeSubflow(): void {
      const { doc } = store.get();
      const tab = returnTo && doc.flows.some((f) => f.id === returnTo) ? returnTo : doc.flows[0]?.id ?? '';
      store.update({ activeFlow: tab, selectedNodes: new Set(), selectedEdges: new Set() });
    },
  };
}
