// Which kind of flow file a pasted or dropped text is, so the dialog can take either.

export type FlowFileFormat =
  | { kind: 'patchbay' }
  /** A Node-RED export: an array of nodes, or `{ flows: [...] }` as its API returns. `data` is the parsed JSON. */
  | { kind: 'node-red'; data: unknown }
  /** Not JSON, or JSON of neither kind: the Patchbay parser says what is wrong with it. */
  | { kind: 'unknown' };

/**
 * @example
 * ```ts
 * detectFormat('[{"id":"a","type":"tab"}]').kind; // 'node-red'
 * ```
 */
export function detectFormat(text: string): FlowFileFormat {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'unknown' };
  }
  if (Array.isArray(data)) return { kind: 'node-red', data };
  if (typeof data !== 'object' || data === null) return { kind: 'unknown' };
  const record = data as Record<string, unknown>;
  if (record.format === 'patchbay-flows') return { kind: 'patchbay' };
  if (Array.isArray(record.flows) && record.format === undefined && record.nodes === undefined) return { kind: 'node-red', data };
  return { kind: 'unknown' };
}
