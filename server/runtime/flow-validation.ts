// Checks a flow document of the right shape against the installed node types before anything
// starts: ids, flows, wires and each node's config against its type's schema. Every problem is
// listed, not just the first.
import type { FlowDocument, FlowError, FlowNode } from '../api/contract.ts';
import { hasInput, outputCount } from '../api/shared.ts';
import type { Registry, RegisteredType } from './registry.ts';
import { substituteEnv } from './env-substitution.ts';
import { hasKeys } from '../plain-object.ts';

/** A node ready to start: its type and its config with defaults and `${ENV}` applied. */
export interface PreparedNode {
  node: FlowNode;
  type: RegisteredType;
  config: Record<string, unknown>;
  /** Variables of the node's tab, groups and subflow (see flow-expansion.ts), read before the process's. */
  env?: Readonly<Record<string, string>>;
}

export type Validation =
  | { ok: true; doc: FlowDocument; nodes: Map<string, PreparedNode>; missing: FlowNode[] }
  | { ok: false; errors: FlowError[] };

/**
 * Checks a document of the right shape (see checkFlowDocument) against the installed node
 * types: ids, flows, each node's config against its type's schema, and wires. A node whose
 * type is not installed is no error: it is listed in `missing`, kept in the document with its
 * wires, and does not run until a package brings its type (an uninstalled package must not
 * make a flow undeployable, nor lose its nodes).
 */
export function validateDocument(doc: FlowDocument, registry: Registry, env: NodeJS.ProcessEnv): Validation {
  const errors: FlowError[] = [];
  const nodes = new Map<string, PreparedNode>();
  const missing: FlowNode[] = [];
  const flowIds = new Set<string>();
  for (const [i, tab] of doc.flows.entries()) {
    if (flowIds.has(tab.id)) errors.push({ node: null, path: `/flows/${i}/id`, message: `Duplicate flow id "${tab.id}"` });
    flowIds.add(tab.id);
  }
  // The ids seen are the keys of `nodes` and of `missingIds` (usually empty): no set of every id
  // besides, which for a big flow is a large table made on every deploy.
  const missingIds = new Set<string>();
  const seen = (id: string) => nodes.has(id) || missingIds.has(id);
  for (const node of doc.nodes) {
    if (seen(node.id) || flowIds.has(node.id)) errors.push({ node: node.id, path: '/id', message: `Duplicate id "${node.id}"` });
    const type = registry.get(node.type);
    if (!type) {
      missing.push(node);
      missingIds.add(node.id);
      continue;
    }
    if (node.flow !== undefined && !flowIds.has(node.flow)) {
      errors.push({ node: node.id, path: '/flow', message: `Flow "${node.flow}" does not exist` });
    }
    if (node.flow === undefined && type.info.category !== 'config') {
      errors.push({ node: node.id, path: '/flow', message: 'Only config nodes may be outside a flow' });
    }
    const config = type.applyDefaults(substituteEnv(node.config, env)) as Record<string, unknown>;
    // The compiled check is fast; listing errors walks the schema interpreted, so only on failure.
    if (!type.checkConfig.Check(config)) for (const e of type.checkConfig.Errors(config)) errors.push({ node: node.id, path: `/config${e.path}`, message: e.message });
    const outputs = outputCount(type.info, config);
    const wires = node.wires ?? [];
    if (wires.length > outputs && wires.slice(outputs).some((w) => w.length > 0)) {
      errors.push({ node: node.id, path: '/wires', message: `Wired ${wires.length} outputs but the node has ${outputs}` });
    }
    nodes.set(node.id, { node, type, config });
  }
  // Once every config has its defaults: whether a target has an input may depend on them.
  for (const { node } of nodes.values()) {
    node.wires?.forEach((targets, port) => targets.forEach((target, j) => {
      const problem = wireTargetProblem(target, seen(target), nodes.get(target));
      if (problem) errors.push({ node: node.id, path: `/wires/${port}/${j}`, message: problem });
    }));
  }
  return errors.length ? { ok: false, errors } : { ok: true, doc, nodes, missing };
}

/**
 * Why a wire can't end at `id`: no such node, or one without an input (config nodes, comments,
 * mqtt in unless dynamic). A target of a missing type may be wired: it just doesn't run.
 */
function wireTargetProblem(id: string, exists: boolean, target: PreparedNode | undefined): string | undefined {
  if (!exists) return `Wire to missing node "${id}"`;
  if (target && !hasInput(target.type.info, target.config)) return `Wire to "${id}" (${target.node.type}), which has no input`;
  return undefined;
}

/**
 * Credential keys set for a node whose type does not declare them in its credentials schema:
 * nothing would read them, and a secret meant for another node must not sit under this one.
 */
export function undeclaredCredentialKeys(doc: FlowDocument, changes: Record<string, Record<string, unknown>>, registry: Registry): FlowError[] {
  const errors: FlowError[] = [];
  if (!hasKeys(changes)) return errors; // the usual deploy: no credential typed in
  for (const node of doc.nodes) {
    const changed = Object.hasOwn(changes, node.id) ? changes[node.id]! : undefined;
    const type = registry.get(node.type);
    if (!changed || !type) continue; // a missing type keeps what it is given until it is installed
    const declared = Object.keys((type.info.credentials?.properties ?? {}) as Record<string, unknown>);
    for (const key of Object.keys(changed)) {
      if (!declared.includes(key)) {
        const known = declared.length ? `it has ${declared.join(', ')}` : 'it has none';
        errors.push({ node: node.id, path: `/credentials/${key}`, message: `"${key}" is not a credential of ${node.type} (${known})` });
      }
    }
  }
  return errors;
}
