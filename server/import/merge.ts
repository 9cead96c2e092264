// Adds an imported document to an existing one. Ids the existing document already uses are
// given fresh ones in the imported part, and every reference follows (wires, flows, groups,
// config references such as link targets, scopes and subflow templates). A config node that is
// already there, identical (same id, type and config: the same file imported twice), is used
// as it is rather than copied, as the editor's import does.
import { randomBytes } from 'node:crypto';
import type { FlowDocument, FlowNode } from '../api/contract.ts';
import { isPlainObject } from '../plain-object.ts';

export interface Merged {
  document: FlowDocument;
  /** Imported id → the id it has now, for each id that clashed. */
  renamed: Map<string, string>;
  /** Ids of imported config nodes that were already there, identical. */
  reused: Set<string>;
}

/**
 * @example
 * ```ts
 * const { document, renamed } = mergeDocuments(stored, convertNodeRed(file).document);
 * ```
 */
export function mergeDocuments(base: FlowDocument, incoming: FlowDocument, newId = () => randomBytes(8).toString('hex')): Merged {
  const taken = new Set([...base.flows.map((f) => f.id), ...base.nodes.map((n) => n.id)]);
  const existing = new Map(base.nodes.map((n) => [n.id, n]));
  const reused = new Set(incoming.nodes.filter((n) => isSameConfigNode(existing.get(n.id), n)).map((n) => n.id));
  const renamed = new Map<string, string>();
  for (const id of [...incoming.flows.map((f) => f.id), ...incoming.nodes.map((n) => n.id)]) {
    if (!taken.has(id) || reused.has(id)) continue;
    let fresh = newId();
    while (taken.has(fresh)) fresh = newId();
    taken.add(fresh);
    renamed.set(id, fresh);
  }
  const rename = <T>(value: T): T => renameIds(value, renamed);
  const flows = incoming.flows.map((f) => ({ ...f, id: rename(f.id) }));
  const nodes = incoming.nodes.filter((n) => !reused.has(n.id)).map((n): FlowNode => rename(n));
  return { document: { ...base, flows: [...base.flows, ...flows], nodes: [...base.nodes, ...nodes] }, renamed, reused };
}

function isSameConfigNode(existing: FlowNode | undefined, incoming: FlowNode): boolean {
  return existing !== undefined && existing.flow === undefined && incoming.flow === undefined && existing.type === incoming.type
    && JSON.stringify(existing.config) === JSON.stringify(incoming.config);
}

/** Every string equal to a renamed id, at any depth (ids are random, so a coincidence is not a practical worry). */
function renameIds<T>(value: T, renamed: Map<string, string>): T {
  if (renamed.size === 0) return value;
  if (typeof value === 'string') return (renamed.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => renameIds(v, renamed)) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameIds(v, renamed)])) as T;
  return value;
}
