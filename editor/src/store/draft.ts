// Undeployed edits kept in the browser, so a reload, a closed tab or a crash does not lose
// them: the next visit offers them back (Node-RED asks before leaving; this also survives a
// crash). Credentials typed but not deployed are never written: they are secrets.
import type { FlowDocument } from '../../../server/api/contract.ts';
import { toFlowDocument } from '../graph/document.ts';
import type { EditorState } from './editor-state.ts';
import type { Store } from './store.ts';

export interface Draft {
  /** The server revision the edits were made on; a deploy of them is checked against it. */
  rev: string | null;
  /** Milliseconds since the epoch. */
  savedAt: number;
  document: FlowDocument;
  /** The tab that was open, opened again on restore. */
  activeFlow: string;
}

export interface DraftStorage {
  read(): Draft | null;
  write(draft: Draft): void;
  clear(): void;
}

const KEY = 'patchbay:draft';
/** Writes wait this long for more edits, so typing does not serialise the document per key. */
const WRITE_DELAY_MS = 300;

/** Drafts in `storage` (localStorage: one per server origin). */
export function browserDraftStorage(storage: Storage = localStorage): DraftStorage {
  return {
    read() {
      try {
        const draft = JSON.parse(storage.getItem(KEY) ?? 'null') as Draft | null;
        return draft && Array.isArray(draft.document?.nodes) && Array.isArray(draft.document.flows) ? draft : null;
      } catch {
        // Unreadable (written by hand, cut off): there is nothing to offer.
        return null;
      }
    },
    write(draft) {
      try {
        storage.setItem(KEY, JSON.stringify(draft));
      } catch {
        // Storage full or refused: the edits are still in the page and the unload guard asks.
      }
    },
    clear: () => storage.removeItem(KEY),
  };
}

/**
 * Keeps the draft in step with the editor: written (shortly after each edit, and when the
 * page goes away) while there are undeployed changes, removed once there are none. Leaves
 * the stored draft alone until the flows are loaded and while it is being offered back.
 * Returns a function that stops watching.
 */
export function keepDraft(store: Store<EditorState>, drafts: DraftStorage, target: Window = window): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let written: EditorState['doc'] | null = null;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const s = store.get();
    if (!s.loaded || s.draftOffer) return;
    if (!s.dirty) {
      if (written !== null) drafts.clear();
      written = null;
    } else if (s.doc !== written) {
      drafts.write({ rev: s.rev, savedAt: Date.now(), document: toFlowDocument(s.doc), activeFlow: s.activeFlow });
      written = s.doc;
    }
  };
  const unsubscribe = store.subscribe(() => {
    const s = store.get();
    const stale = s.dirty ? s.doc !== written : written !== null;
    if (timer === undefined && stale) timer = setTimeout(flush, WRITE_DELAY_MS);
  });
  target.addEventListener('pagehide', flush);
  return () => {
    unsubscribe();
    clearTimeout(timer);
    target.removeEventListener('pagehide', flush);
  };
}
