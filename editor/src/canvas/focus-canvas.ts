// The canvas as a keyboard target: where the skip link lands, and where the focus goes when
// the node holding it is deleted (instead of falling back to the page body).

/** The element the focus goes to: React Flow's root, labelled "Flow canvas". */
function canvasElement(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.flow-canvas .react-flow');
}

/** Moves the keyboard focus to the canvas; from there Tab walks its nodes. */
export function focusCanvas(): void {
  canvasElement()?.focus({ preventScroll: true });
}

/**
 * Moves the keyboard focus to a node's card once it is drawn (after a quick-add or a search),
 * so Enter edits it and Tab walks on from it.
 */
export function focusNode(id: string, when: 'now' | 'after-render' = 'after-render'): void {
  const focus = () => document.querySelector<HTMLElement>(`.flow-canvas .react-flow__node[data-id="${CSS.escape(id)}"]`)?.focus({ preventScroll: true });
  // 'now' from the sidebar, so the very next key goes to the node; after a dialog, two frames
  // later: the dialog has given the focus back to where it was, React has drawn a new node and
  // React Flow has placed it.
  if (when === 'now') focus();
  else requestAnimationFrame(() => requestAnimationFrame(focus));
}
