import { useEffect } from 'react';
import type { EditorState } from '../store/editor-state.ts';
import type { Store } from '../store/store.ts';

/** Asks before the page is left (reload, close, navigate) while there are undeployed changes. */
export function useUnsavedGuard(store: Store<EditorState>): void {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!store.get().dirty) return;
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store]);
}
