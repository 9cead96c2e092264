// Short messages for the person at the editor: a deploy went through, a wire was refused.
import { ApiError } from '../api/rest.ts';
import type { EditorState, Notice, NoticeCause } from './editor-state.ts';
import type { Store } from './store.ts';

export type Notify = (kind: Notice['kind'], message: string, cause?: NoticeCause) => void;

/**
 * What a failure was caused by, when the notice about it should go away with the cause: the
 * server could not be reached (gone once it is back).
 */
export function failureCause(err: unknown): NoticeCause | undefined {
  return err instanceof ApiError && err.code === 'NETWORK' ? 'server' : undefined;
}

/** Notice actions over `store`. */
export function createNotices(store: Store<EditorState>) {
  let next = 1;
  // One notice of each kind at a time: the newest says what matters now, older ones of the
  // same kind would only pile up (two failures while the server is away).
  const notify: Notify = (kind, message, cause) => {
    const notice: Notice = { id: next++, kind, message, cause };
    store.update((s) => ({ notices: [...s.notices.filter((n) => n.kind !== kind), notice] }));
  };
  return {
    notify,
    dismiss(id: number) {
      store.update((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
    /** Removes the notices about a cause that is gone (the server is back, a deploy went through). */
    dismissCause(...causes: NoticeCause[]) {
      store.update((s) => ({ notices: s.notices.filter((n) => !n.cause || !causes.includes(n.cause)) }));
    },
  };
}

export type Notices = ReturnType<typeof createNotices>;
