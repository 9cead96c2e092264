// From the document as saved to the nodes that run: subflow instances become copies of their
// template's nodes, every node gets the environment variables of its tab, groups and
// subflow, and a placeholder for a type Patchbay lacks is refused where it would run. Called
// once per deploy, before validation; the core (router, hosts) never sees subflows or groups.
import type { FlowDocument, FlowError, FlowNode, FlowTab } from '../api/contract.ts';
import { isPlainObject } from '../plain-object.ts';
import { mergeVariables, substituteScoped, withVariables, type EnvScope } from './flow-env.ts';
import { validateDocument, type Validation } from './flow-validation.ts';
import type { Registry } from './registry.ts';

const EMPTY: EnvScope = Object.freeze({});

/**
 * Expands and validates a document. On success `doc` is the document as given (what is
 * saved and served) and `nodes` holds what runs, each with the environment it sees; errors
 * on copies of a subflow's nodes name the template's node.
 */
export function prepareDocument(input: FlowDocument, registry: Registry, env: NodeJS.ProcessEnv): Validation {
  if (!isShaped(input)) return validateDocument(input, registry, env);
  const expansion = new Expansion(input, env);
  const errors = expansion.run();
  if (errors.length) return { ok: false, errors };
  const result = validateDocument(expansion.doc(), registry, env);
  if (!result.ok) return { ok: false, errors: result.errors.map((e) => expansion.toOriginal(e)) };
  for (const [id, prepared] of result.nodes) {
    const scope = expansion.env.get(id);
    if (scope) prepared.env = scope;
  }
  // The saved nodes, not their copies in subflow instances.
  return { ok: true, doc: input, nodes: result.nodes, missing: input.nodes.filter((n) => !registry.get(n.type)) };
}

/** Enough shape to expand (the document's shape is checked before a deploy gets here; this is a guard). */
function isShaped(input: FlowDocument): boolean {
  return Array.isArray(input.flows) && Array.isArray(input.nodes) && input.nodes.every((n) => isPlainObject(n) && isPlainObject(n.config));
}

type Node = FlowNode & { group?: string };

class Expansion {
  readonly env = new Map<string, EnvScope>();
  private readonly flows: FlowTab[];
  private readonly nodes: FlowNode[] = [];
  private readonly errors: FlowError[] = [];
  /** Expanded id → the saved node it copies, and the instance it belongs to. */
  private readonly origins = new Map<string, { node: string; instance: string }>();
  private readonly templates = new Map<string, FlowNode>();
  private readonly inner = new Map<string, FlowNode[]>();
  private readonly groups = new Map<string, Node>();
  private readonly disabledTabs: Set<string>;

  constructor(private readonly input: FlowDocument, private readonly process: NodeJS.ProcessEnv) {
    this.flows = [...input.flows];
    this.disabledTabs = new Set(input.flows.filter((f) => f.disabled).map((f) => f.id));
    for (const node of input.nodes) if (node.type === 'subflow') this.templates.set(node.id, node);
    for (const node of input.nodes as Node[]) {
      if (node.type === 'group') this.groups.set(node.id, node);
      if (node.flow !== undefined && this.templates.has(node.flow)) this.inner.set(node.flow, [...(this.inner.get(node.flow) ?? []), node]);
    }
  }

  run(): FlowError[] {
    const tabScopes = new Map(this.input.flows.map((f) => [f.id, withVariables(EMPTY, (f as FlowTab & { env?: unknown }).env, this.process)]));
    for (const node of this.input.nodes as Node[]) {
      if (node.flow !== undefined && this.templates.has(node.flow)) continue; // only their copies run
      const scope = this.groupScope(node.group, tabScopes.get(node.flow ?? '') ?? EMPTY);
      this.place(node, scope, []);
    }
    this.checkPlaceholders();
    return this.errors;
  }

  doc(): FlowDocument {
    return { ...this.input, flows: this.flows, nodes: this.nodes };
  }

  /** An error on an expanded node, told about the saved node (and instance) it comes from. */
  toOriginal(error: FlowError): FlowError {
    const origin = error.node === null ? undefined : this.origins.get(error.node);
    if (!origin) return error;
    return { ...error, node: origin.node, message: `In subflow instance "${origin.instance}": ${error.message}` };
  }

  private place(node: Node, scope: EnvScope, stack: string[]): void {
    const running = !node.disabled && !this.disabledTabs.has(node.flow ?? '');
    // An instance not yet given a template (a fresh one from the editor) runs nothing.
    if (node.type === 'subflow-instance' && running && node.config.subflow) this.expand(node, scope, stack);
    else this.keep(node, scope);
  }

  private keep(node: FlowNode, scope: EnvScope): void {
    if (scope === EMPTY) {
      this.nodes.push(node);
      return;
    }
    this.nodes.push({ ...node, config: substituteScoped(node.config, scope) });
    this.env.set(node.id, scope);
  }

  /** A group's variables over those of the groups around it, over the tab's. */
  private groupScope(id: string | undefined, outer: EnvScope, depth = 0): EnvScope {
    const group = id === undefined ? undefined : this.groups.get(id);
    if (!group || depth > 50) return outer;
    const around = this.groupScope(group.group, outer, depth + 1);
    return withVariables(around, group.config.env, this.process, { NR_GROUP_ID: group.id, NR_GROUP_NAME: group.name ?? '' });
  }

  /** Replaces an instance with copies of its template's nodes; the instance stays as the input. */
  private expand(instance: Node, scope: EnvScope, stack: string[]): void {
    const templateId = String(instance.config.subflow ?? '');
    const template = this.templates.get(templateId);
    const problem = !template ? `Subflow "${templateId}" does not exist` : stack.includes(templateId) ? `Subflow "${templateId}" contains an instance of itself` : undefined;
    if (problem || !template) {
      this.errors.push(this.toOriginal({ node: instance.id, path: '/config/subflow', message: problem! }));
      return;
    }
    const flow = `${instance.id}/flow`;
    this.flows.push({ id: flow, label: `${template.name ?? templateId} (${instance.name ?? instance.id})` });
    const path = [...stack.map((s) => this.templates.get(s)?.name ?? s), template.name ?? templateId].join('/');
    const inner = withVariables(scope, mergeVariables(template.config.env, instance.config.env), this.process, {
      NR_SUBFLOW_ID: instance.id, NR_SUBFLOW_NAME: instance.name ?? template.name ?? '', NR_SUBFLOW_PATH: path,
    });
    const copies = new SubflowCopy(template, instance, flow, this.inner.get(templateId) ?? []);
    this.keep(copies.relay(), scope);
    for (const [copy, original] of copies.nodes()) {
      this.origins.set(copy.id, { node: original.id, instance: this.origins.get(instance.id)?.instance ?? instance.id });
      this.place(copy, this.groupScope(original.group, inner), [...stack, templateId]);
    }
  }

  /** A placeholder is refused while it is enabled and wired into or out of running nodes. */
  private checkPlaceholders(): void {
    const running = (n: FlowNode) => !n.disabled && !this.disabledTabs.has(n.flow ?? '');
    // Most documents have none: no need to collect every wire's target (a big set for a big flow).
    if (!this.nodes.some((n) => n.type === 'unsupported' && running(n))) return;
    const reached = new Set<string>();
    for (const n of this.nodes) if (running(n)) for (const port of n.wires ?? []) for (const t of port) reached.add(t);
    for (const n of this.nodes) {
      if (n.type !== 'unsupported' || !running(n)) continue;
      if (!reached.has(n.id) && !(n.wires ?? []).some((port) => port.length > 0)) continue;
      const type = String(n.config.originalType ?? 'unknown');
      this.errors.push(this.toOriginal({
        node: n.id, path: '/wires',
        message: `Node-RED type "${type}" is not available in Patchbay and is wired into a flow that runs: remove its wires, disable it or replace it`,
      }));
    }
  }
}

/** The copies one instance runs: ids prefixed with the instance's, wires and references renamed. */
class SubflowCopy {
  private readonly ids: Set<string>;
  private readonly copies = new Map<string, Node>();
  private readonly direct: string[] = [];

  constructor(private readonly template: FlowNode, private readonly instance: Node, flow: string, originals: FlowNode[]) {
    this.ids = new Set(originals.map((n) => n.id));
    for (const original of originals as Node[]) {
      const copy: Node = { ...original, id: this.id(original.id), flow, config: this.rename(original.config) as Record<string, unknown> };
      if (original.group !== undefined) copy.group = this.id(original.group);
      if (original.wires) copy.wires = original.wires.map((port) => port.filter((t) => this.ids.has(t)).map((t) => this.id(t)));
      this.copies.set(original.id, copy);
    }
    this.wireOutputs();
    this.wireStatus(flow);
  }

  private id(inner: string): string {
    return `${this.instance.id}/${inner}`;
  }

  /** The copies, each with the template node it copies. */
  *nodes(): Generator<[Node, Node]> {
    for (const [id, copy] of this.copies) yield [copy, { ...copy, id, group: this.groupOf(copy) }];
  }

  private groupOf(copy: Node): string | undefined {
    return copy.group?.slice(this.instance.id.length + 1);
  }

  /** The instance itself: its input passes on to the nodes the template's input port wires to. */
  relay(): Node {
    const inPort = (this.template.config.in as Array<{ wires?: Array<{ id: string }> }> | undefined)?.[0];
    const targets = (inPort?.wires ?? []).filter((w) => this.ids.has(w.id)).map((w) => this.id(w.id));
    return { ...this.instance, config: { ...this.instance.config, input: true, outputs: 1 }, wires: [[...targets, ...this.direct]] };
  }

  /** Node-RED wires the nodes feeding an output port straight to the instance's targets. */
  private wireOutputs(): void {
    const outs = (this.template.config.out as Array<{ wires?: Array<{ id: string; port?: number }> }> | undefined) ?? [];
    outs.forEach((out, i) => {
      const targets = this.instance.wires?.[i] ?? [];
      for (const { id, port = 0 } of out.wires ?? []) {
        if (id === this.template.id) this.direct.push(...targets); // the input wired straight to this output
        else this.appendWire(id, port, targets);
      }
    });
  }

  private wireStatus(flow: string): void {
    const status = this.template.config.status as { wires?: Array<{ id: string; port?: number }> } | undefined;
    if (!status?.wires?.length) return;
    const relay: Node = { id: this.id('#status'), type: 'subflow-status', flow, config: { instance: this.instance.id }, wires: [] };
    this.copies.set('#status', relay);
    for (const { id, port = 0 } of status.wires) this.appendWire(id, port, [relay.id]);
  }

  private appendWire(source: string, port: number, targets: string[]): void {
    const copy = this.copies.get(source);
    if (!copy) return;
    const wires = [...(copy.wires ?? [])];
    while (wires.length <= port) wires.push([]);
    wires[port] = [...wires[port]!, ...targets];
    copy.wires = wires;
  }

  /** References to the template's own nodes (link targets, catch scopes) point at the copies. */
  private rename(value: unknown): unknown {
    if (typeof value === 'string') return this.ids.has(value) ? this.id(value) : value;
    if (Array.isArray(value)) return value.map((v) => this.rename(v));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.rename(v)]));
    return value;
  }
}
