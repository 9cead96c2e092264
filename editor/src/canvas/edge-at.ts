// Which wire lies under a screen point: where a node dropped from the palette is spliced in.

/** The id of the edge under the screen point (clientX, clientY), or undefined. React Flow's
 * wide, invisible interaction path around each wire makes the hit area forgiving. */
export function edgeAt(clientX: number, clientY: number): string | undefined {
  for (const element of document.elementsFromPoint(clientX, clientY)) {
    const edge = element.closest('.react-flow__edge');
    const id = edge?.getAttribute('data-id');
    if (id) return id;
  }
  return undefined;
}
