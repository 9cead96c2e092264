// Node switches (debug's "To debug sidebar") apply at once on deployed nodes: whenever the
// document's value changes (a flip, its undo, a reload), the running node is told the new state.
import type { RestClient } from '../api/rest.ts';
import { changedToggles } from '../graph/node-toggle.ts';
import type { EditorState } from './editor-state.ts';
import type { Notify } from './notices.ts';
import { failureCause } from './notices.ts';
import type { Store } from './store.ts';
import { errorMessage } from '../../../server/api/shared.ts';

/** Watches `store` and tells the server about flipped switches; returns a function that stops. */
export function syncNodeToggles(store: Store<EditorState>, rest: Pick<RestClient, 'trigger'>, notify: Notify): () => void {
  let nodes = store.get().doc.nodes;
  return store.subscribe(() => {
    const s = store.get();
    if (s.doc.nodes === nodes) return;
    const before = nodes;
    nodes = s.doc.nodes;
    for (const { id, key, on } of changedToggles(before, nodes, s.catalogue, s.deployed.nodes)) {
      rest.trigger(id, { [key]: on }).catch((err: unknown) => notify('error', `The switch did not reach the server: ${errorMessage(err)}`, failureCause(err)));
    }
  });
}
