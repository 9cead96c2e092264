// The flow document as one value: its shape (checked before anything reads it), its canonical
// text (stable key order, so files diff well in git) and its revision (a hash of that text).
// The runtime and storage both use this module; neither imports the other for it.
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FlowDocument, FlowError, FlowNode, FlowTab } from '../api/contract.ts';
import { FLOW_FORMAT, FLOW_FORMAT_VERSION } from '../api/shared.ts';

const Id = Type.String({ minLength: 1, maxLength: 200 });
const DocumentSchema = Type.Object({
  format: Type.Literal(FLOW_FORMAT),
  version: Type.Literal(FLOW_FORMAT_VERSION),
  flows: Type.Array(Type.Object({ id: Id, label: Type.String(), disabled: Type.Optional(Type.Boolean()), info: Type.Optional(Type.String()) })),
  nodes: Type.Array(Type.Object({
    id: Id,
    type: Type.String({ minLength: 1 }),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    flow: Type.Optional(Id),
    name: Type.Optional(Type.String()),
    x: Type.Optional(Type.Number()),
    y: Type.Optional(Type.Number()),
    disabled: Type.Optional(Type.Boolean()),
    config: Type.Record(Type.String(), Type.Unknown()),
    credentials: Type.Optional(Type.Array(Type.String())),
    credentialsMissing: Type.Optional(Type.Array(Type.String())),
    wires: Type.Optional(Type.Array(Type.Array(Type.String()))),
  })),
  packages: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1 }), version: Type.String(), types: Type.Array(Type.String()) }))),
});
const checkDocument = TypeCompiler.Compile(DocumentSchema);

/**
 * How deeply values in a document may nest. Cloning, `${ENV}` substitution, saving and node
 * code all walk config recursively; this keeps every such walk far from the stack limit
 * (about 3,000 levels), so a hostile document is refused instead of crashing the deploy.
 */
const MAX_DEPTH = 100;

export const EMPTY_DOCUMENT: FlowDocument = { format: FLOW_FORMAT, version: FLOW_FORMAT_VERSION, flows: [], nodes: [] };

export type DocumentCheck = { ok: true; doc: FlowDocument } | { ok: false; errors: FlowError[] };

/**
 * Whether `input` (a request body, a file's JSON) has the flow document's shape, each problem
 * named by node and JSON pointer. What a node type makes of its config is checked at deploy.
 */
export function checkFlowDocument(input: unknown): DocumentCheck {
  const deep = pathDeeperThan(input, MAX_DEPTH);
  if (deep !== undefined) return { ok: false, errors: [{ node: nodeAt(input, deep), path: deep, message: `Nested deeper than ${MAX_DEPTH} levels` }] };
  if (!checkDocument.Check(input)) {
    const errors = firstPerPath([...checkDocument.Errors(input)]).slice(0, 50).map((e) => ({ node: nodeAt(input, e.path), path: e.path, message: e.message }));
    return { ok: false, errors };
  }
  // Typed through the schema, so the compiler proves the schema and the contract agree.
  const doc: FlowDocument = input satisfies Static<typeof DocumentSchema>;
  return { ok: true, doc };
}

/** Known keys come first, in this order; keys a newer Patchbay wrote follow, sorted. */
const TAB_KEYS = keyRanks<FlowTab>(['id', 'label', 'disabled', 'info']);
const NODE_KEYS = keyRanks<FlowNode>(['id', 'type', 'version', 'flow', 'name', 'x', 'y', 'disabled', 'config', 'credentials', 'credentialsMissing', 'wires']);
const PACKAGE_KEYS = keyRanks<{ name: string; version: string; types: string[] }>(['name', 'version', 'types']);
/** Config and anything else inside: keys sorted. */
const SORTED: KeyRanks = new Map();

/** The canonical text of a document: known keys in a fixed order, config keys sorted. */
export function serializeFlows(doc: FlowDocument): string {
  const canonical = {
    format: doc.format,
    version: doc.version,
    flows: doc.flows.map((tab) => inKeyOrder(tab, TAB_KEYS)),
    nodes: doc.nodes.map((node) => inKeyOrder(node, NODE_KEYS)),
    ...(doc.packages?.length && { packages: doc.packages.map((p) => inKeyOrder(p, PACKAGE_KEYS)) }),
  };
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

/** The revision of a document: a hash of its canonical text, so equal documents share a rev. */
export function revisionOf(doc: FlowDocument): string {
  return revisionOfText(serializeFlows(doc));
}

/** The revision of a document from its canonical text (serializeFlows), for callers that have it. */
export function revisionOfText(canonicalText: string): string {
  return createHash('sha256').update(canonicalText).digest('hex').slice(0, 16);
}

type KeyRanks = ReadonlyMap<string, number>;

function keyRanks<T>(keys: Array<keyof T & string>): KeyRanks {
  return new Map(keys.map((key, i) => [key, i]));
}

/** Whether key `a` goes before key `b`: known keys by rank, before the others, which are sorted. */
function before(a: string, b: string, ranks: KeyRanks): boolean {
  const rankA = ranks.get(a);
  const rankB = ranks.get(b);
  if (rankA !== undefined || rankB !== undefined) return rankB === undefined || (rankA !== undefined && rankA < rankB);
  return a < b;
}

function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const canonical = canonicalValue(value[i]);
      if (canonical !== value[i]) (copy ??= [...value])[i] = canonical;
    }
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  return inKeyOrder(value as Record<string, unknown>, SORTED);
}

/**
 * `value` with its keys in canonical order, each value canonical. A part already so is used as
 * it is, found without a copy or even a list of its keys: documents are saved canonical, so most
 * of a big one needs none, and this runs on every deploy.
 */
function inKeyOrder(value: object, ranks: KeyRanks): unknown {
  const record = value as Record<string, unknown>;
  let ordered = true;
  let previous: string | undefined;
  let values: unknown[] | undefined;
  let i = 0;
  // for-in lists own keys first, in Object.keys' order (JSON data inherits no enumerable keys).
  for (const key in record) {
    if (ordered && previous !== undefined) ordered = before(previous, key, ranks);
    previous = key;
    const given = record[key];
    if (given !== null && typeof given === 'object') {
      const canonical = canonicalValue(given);
      if (canonical !== given) (values ??= Object.values(record))[i] = canonical;
    }
    i++;
  }
  if (ordered && !values) return value;
  const canonicalValues = values ?? Object.values(record);
  const entries = Object.keys(record).map((key, j): [string, unknown] => [key, canonicalValues[j]]);
  if (!ordered) entries.sort(([a], [b]) => (a === b ? 0 : before(a, b, ranks) ? -1 : 1));
  // fromEntries defines own keys: one named `__proto__` is data to keep, not a prototype to set.
  return Object.fromEntries(entries);
}

/**
 * The JSON pointer of the first value nested deeper than `limit`, if any. The input may be
 * nested far beyond what a recursive walk survives, but this one never goes below `limit`.
 */
function pathDeeperThan(input: unknown, limit: number): string | undefined {
  return keysBelow(input, limit)?.reverse().map((key) => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** The keys down to an object `depth` levels below `value`, innermost first. */
function keysBelow(value: unknown, depth: number): string[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth === 0) return [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = keysBelow(value[i], depth - 1);
      if (found) return pushed(found, String(i));
    }
    return undefined;
  }
  for (const key in value) {
    const found = keysBelow((value as Record<string, unknown>)[key], depth - 1);
    if (found) return pushed(found, key);
  }
  return undefined;
}

function pushed(keys: string[], key: string): string[] {
  keys.push(key);
  return keys;
}

/** TypeBox reports some problems twice ("required", then "expected string"); the first one says it. */
function firstPerPath<T extends { path: string }>(errors: T[]): T[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.path) && seen.add(e.path));
}

/** The id of the node a JSON pointer like /nodes/3/config/x points into, if any. */
function nodeAt(input: unknown, path: string): string | null {
  const match = /^\/nodes\/(\d+)/.exec(path);
  const node = match ? (input as { nodes?: Array<{ id?: unknown }> }).nodes?.[Number(match[1])] : undefined;
  return typeof node?.id === 'string' ? node.id : null;
}
