import { useCallback, useEffect, useState } from 'react';
import type { EditorState } from '../store/editor-state.ts';
import type { Store } from '../store/store.ts';

/** What the person chose: follow the system's setting, or always light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'patchbay:theme';
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

/**
 * The colour theme: follows the system's light or dark setting (also when it changes) unless
 * the person picked one; the choice is remembered. Sets `data-theme` on the page root (the
 * stylesheets' custom properties follow it) and `theme` in the state (for the canvas).
 */
export function useTheme(store: Store<EditorState>): { choice: ThemeChoice; next(): void } {
  const [choice, setChoice] = useState<ThemeChoice>(() => {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  });
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const theme = choice === 'system' ? (media.matches ? 'dark' : 'light') : choice;
      document.documentElement.dataset.theme = theme;
      store.update({ theme });
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [choice, store]);
  const next = useCallback(() => setChoice((c) => {
    const chosen = NEXT[c];
    if (chosen === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, chosen);
    return chosen;
  }), []);
  return { choice, next };
}
