// Short messages for the person at the editor: a deploy went through, a wire was refused.
import type { EditorState, Notice } from './editor-state.ts';
import type { Store } from './store.ts';

export type Notify = (kind: Notice['kind'], message: string) => void;

/** At most this many notices stay on screen; older ones drop off. */
const MAX_NOTICES = 4;

/** Notice actions over `store`. */
export function createNotices(store: Store<EditorState>) {
  let next = 1;
  const notify: Notify = (kind, message) => {
    const notice = { id: next++, kind, message };
    // The same message again (a second refused deploy) replaces the first instead of stacking up.
    store.update((s) => ({ notices: [...s.notices.filter((n) => n.kind !== kind || n.message !== message), notice].slice(-MAX_NOTICES) }));
  };
  return {
    notify,
    dismiss(id: number) {
      store.update((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
  };
}
