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
