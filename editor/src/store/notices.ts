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
    store.update((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
  };
  return {
    notify,
    dismiss(id: number) {
      store.update((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
  };
}
