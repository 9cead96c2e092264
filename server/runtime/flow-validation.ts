// Checks a whole flow document before anything starts: shape, ids, types, wires and each
// node's config against its type's schema. Every problem is listed, not just the first.
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { FlowDocument, FlowError, FlowNode } from '../api/contract.ts';
import { FLOW_FORMAT, FLOW_FORMAT_VERSION } from '../api/contract.ts';
import { inputCount, outputCount, type Registry, type RegisteredType } from './registry.ts';
import { substituteEnv } from './env-substitution.ts';

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
    wires: Type.Optional(Type.Array(Type.Array(Type.String()))),
  })),
});
const checkDocument = TypeCompiler.Compile(DocumentSchema);

/**
 * How deeply values in a document may nest. Cloning, `${ENV}` substitution, saving and node
 * code all walk config recursively; this keeps every such walk far from the stack limit
 * (about 3,000 levels), so a hostile document is refused instead of crashing the deploy.
 */
export const MAX_DEPTH = 100;

/** A node ready to start: its type and its config with defaults and `${ENV}` applied. */
export interface PreparedNode {
  node: FlowNode;
  type: RegisteredType;
  config: Record<string, unknown>;
  outputs: number;
  /** Variables of the node's tab, groups and subflow (see flow-expansion.ts), read before the process's. */
  env?: Readonly<Record<string, string>>;
}

export type Validation =
  | { ok: true; doc: FlowDocument; nodes: Map<string, PreparedNode> }
  | { ok: false; errors: FlowError[] };

export function validateDocument(input: unknown, registry: Registry, env: NodeJS.ProcessEnv): Validation {
  const deep = pathDeeperThan(input, MAX_DEPTH);
  if (deep !== undefined) return { ok: false, errors: [{ node: nodeAt(input, deep), path: deep, message: `Nested deeper than ${MAX_DEPTH} levels` }] };
  if (!checkDocument.Check(input)) {
    const errors = firstPerPath([...checkDocument.Errors(input)]).slice(0, 50).map((e) => ({ node: nodeAt(input, e.path), path: e.path, message: e.message }));
    return { ok: false, errors };
  }
  // Typed through the schema, so the compiler proves the schema and the contract agree.
  const doc: FlowDocument = input as Static<typeof DocumentSchema>;
  const errors: FlowError[] = [];
  const nodes = new Map<string, PreparedNode>();
  const flowIds = new Set<string>();
  for (const [i, tab] of doc.flows.entries()) {
    if (flowIds.has(tab.id)) errors.push({ node: null, path: `/flows/${i}/id`, message: `Duplicate flow id "${tab.id}"` });
    flowIds.add(tab.id);
  }
  const ids = new Set<string>();
  for (const node of doc.nodes) {
    if (ids.has(node.id) || flowIds.has(node.id)) errors.push({ node: node.id, path: '/id', message: `Duplicate id "${node.id}"` });
    ids.add(node.id);
  }
  for (const node of doc.nodes) {
    const type = registry.get(node.type);
    if (!type) {
      errors.push({ node: node.id, path: '/type', message: `Unknown node type "${node.type}"` });
      continue;
    }
    if (node.flow !== undefined && !flowIds.has(node.flow)) {
      errors.push({ node: node.id, path: '/flow', message: `Flow "${node.flow}" does not exist` });
    }
    if (node.flow === undefined && type.info.category !== 'config') {
      errors.push({ node: node.id, path: '/flow', message: 'Only config nodes may be outside a flow' });
    }
    const config = Value.Default(type.definition.config, substituteEnv(structuredClone(node.config), env)) as Record<string, unknown>;
    for (const e of type.checkConfig.Errors(config)) errors.push({ node: node.id, path: `/config${e.path}`, message: e.message });
    const outputs = outputCount(type.info, config);
    const wires = node.wires ?? [];
    if (wires.length > outputs && wires.slice(outputs).some((w) => w.length > 0)) {
      errors.push({ node: node.id, path: '/wires', message: `Wired ${wires.length} outputs but the node has ${outputs}` });
    }
    nodes.set(node.id, { node, type, config, outputs });
  }
  // Once every config has its defaults: whether a target has an input may depend on them.
  for (const { node } of nodes.values()) {
    node.wires?.forEach((targets, port) => targets.forEach((target, j) => {
      const problem = wireTargetProblem(target, ids.has(target), nodes.get(target));
      if (problem) errors.push({ node: node.id, path: `/wires/${port}/${j}`, message: problem });
    }));
  }
  return errors.length ? { ok: false, errors } : { ok: true, doc, nodes };
}

/**
 * Why a wire can't end at `id`: no such node, or one without an input (config nodes, comments,
 * mqtt in unless dynamic). A target of an unknown type is reported as that already.
 */
function wireTargetProblem(id: string, exists: boolean, target: PreparedNode | undefined): string | undefined {
  if (!exists) return `Wire to missing node "${id}"`;
  if (target && inputCount(target.type.info, target.config) === 0) return `Wire to "${id}" (${target.node.type}), which has no input`;
  return undefined;
}

/**
 * The JSON pointer of the first value nested deeper than `limit`, if any. Iterative, because
 * the input may be nested far beyond what a recursive walk survives.
 */
function pathDeeperThan(input: unknown, limit: number): string | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: '', depth: 0 }];
  while (pending.length) {
    const { value, path, depth } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return path;
    for (const [key, child] of Object.entries(value)) {
      pending.push({ value: child, path: `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth: depth + 1 });
    }
  }
  return undefined;
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
