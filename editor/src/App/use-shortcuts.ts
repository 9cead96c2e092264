import { useEffect, useRef } from 'react';
import { SHORTCUTS, type ShortcutTargets } from './shortcuts.ts';

/** Listens for the editor's keyboard shortcuts on the window. */
export function useShortcuts(targets: ShortcutTargets): void {
  // The latest targets without re-binding the listener on every render.
  const latest = useRef(targets);
  latest.current = targets;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const typing = isTyping(event);
      const shortcut = SHORTCUTS.find((s) => s.matches(event) && (s.whileTyping || !typing));
      // A key a field used for itself is its own, except deploy: the code editor hands
      // Ctrl+Enter on after keeping it from its own binding.
      if (!shortcut || (event.defaultPrevented && !shortcut.overField)) return;
      // Copying text the person selected (e.g. in the debug sidebar) stays the browser's job.
      if (shortcut.keys === 'Ctrl+C' && window.getSelection()?.toString()) return;
      event.preventDefault();
      shortcut.run(latest.current);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** True when the key goes to a text field, including those inside the form's shadow roots. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
