// The runtime: holds the running nodes and swaps them on deploy. A deploy validates the whole
// document first; then stops only the nodes that changed (or were removed, or depend on a
// changed config node) and starts their replacements. If a replacement fails to start, the
// deploy is rolled back to the previous nodes, so a rejected deploy leaves everything running.
import type { FlowDocument, FlowError, FlowNode } from '../api/contract.ts';
import type { ConfigNodeInfo } from '../node-api/index.ts';
import type { Message, NodeRef, NodeStatus } from '../node-api/types.ts';
import { NodeConfigError } from '../node-api/errors.ts';
import { fail, failWith, type PatchbayError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Registry } from './registry.ts';
import type { ContextStore } from './context-store.ts';
import { undeclaredCredentialKeys, type PreparedNode } from './flow-validation.ts';
import { prepareDocument } from './flow-expansion.ts';
import { EMPTY_DOCUMENT, revisionOf } from './flow-document.ts';
import { credentialsMap, ownEntry, type Credentials } from './credentials.ts';
import { NodeHost, type Capabilities, type HostServices } from './node-host.ts';
import { Router } from './router.ts';
import { Watchers } from './watchers.ts';
import { RuntimeEvents } from './events.ts';

export interface RuntimeOptions {
  registry: Registry;
  contextStore: ContextStore;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** How long a node's close may take before the runtime moves on (ms). */
  nodeCloseTimeoutMs: number;
  capabilities?: Partial<Capabilities>;
}

interface Deployment {
  doc: FlowDocument;
  rev: string;
  nodes: Map<string, PreparedNode>;
  /** Nodes whose type is not installed: kept, not started (see validateDocument). */
  missing: FlowNode[];
  credentials: Credentials;
  /** The tabs that are disabled: none of their nodes runs. */
  disabledFlows: Set<string>;
}

/** For the many nodes without credentials; the node context makes its own object if asked. */
const NO_CREDENTIALS: Record<string, string> = Object.freeze({});

const EMPTY: Deployment = { doc: EMPTY_DOCUMENT, rev: revisionOf(EMPTY_DOCUMENT), nodes: new Map(), missing: [], credentials: credentialsMap(), disabledFlows: new Set() };

export class Runtime {
  readonly events = new RuntimeEvents();
  private readonly hosts = new Map<string, NodeHost>();
  private readonly statuses = new Map<string, NodeStatus>();
  private readonly services: HostServices;
  private current: Deployment = EMPTY;
  private starting?: Deployment;
  private deploying = false;

  constructor(private readonly opts: RuntimeOptions) {
    this.services = {
      router: new Router(),
      watchers: new Watchers(),
      contextStore: opts.contextStore,
      env: opts.env ?? process.env,
      log: opts.log,
      events: this.events,
      host: (id) => this.hosts.get(id),
      configNode: (id) => this.configNode(id),
      flowLabel: (id) => (this.starting ?? this.current).doc.flows.find((f) => f.id === id)?.label,
      findNodes: (query) => this.findNodes(query),
      capabilities: opts.capabilities ?? {},
    };
    this.events.on('status', ({ node, ...status }) => {
      if (Object.keys(status).length) this.statuses.set(node, status);
      else this.statuses.delete(node);
    });
  }

  get document(): FlowDocument {
    return this.current.doc;
  }

  get rev(): string {
    return this.current.rev;
  }

  /** The node types the current document uses that are not installed, with the nodes of each. */
  missingTypes(): Map<string, string[]> {
    const types = new Map<string, string[]>();
    for (const node of this.current.missing) types.set(node.type, [...(types.get(node.type) ?? []), node.id]);
    return types;
  }

  /**
   * What runs of the current document: tabs, and nodes running, disabled (themselves or their
   * tab), missing (their type is not installed), or failed (should run but don't: a refused
   * deploy's rollback could not start them).
   */
  summary(): { flows: { running: number; disabled: number }; nodes: { running: number; disabled: number; missing: string[]; failed: string[] } } {
    const { doc, disabledFlows } = this.current;
    const missing = new Set(this.current.missing.map((n) => n.id));
    let disabled = 0;
    const failed: string[] = [];
    for (const node of doc.nodes) {
      if (node.disabled || (node.flow !== undefined && disabledFlows.has(node.flow))) disabled++;
      else if (!this.hosts.has(node.id) && !missing.has(node.id)) failed.push(node.id);
    }
    return {
      flows: { running: doc.flows.length - disabledFlows.size, disabled: disabledFlows.size },
      nodes: { running: this.hosts.size, disabled, missing: [...missing], failed },
    };
  }

  /** The last status of every node that has one (for editors that connect later). */
  currentStatuses(): Array<{ node: string } & NodeStatus> {
    return [...this.statuses].map(([node, status]) => ({ node, ...status }));
  }

  /**
   * Deploys a document of the right shape (see checkFlowDocument); rejects with FLOWS_INVALID,
   * and changes nothing, when a node's config is invalid or a node fails to start. Deploys must
   * not overlap: the caller runs them one at a time (FlowService does, for the whole server).
   * `rev` is the document's revision (revisionOf) when the caller has it already.
   */
  async deploy(doc: FlowDocument, credentials: Credentials, rev?: string): Promise<string> {
    if (this.deploying) throw new Error('Runtime.deploy called while a deploy is running: deploys must run one at a time');
    this.deploying = true;
    try {
      return await this.swap(doc, credentials, rev ?? revisionOf(doc));
    } finally {
      this.deploying = false;
    }
  }

  /** Credential changes for keys the nodes' types don't declare (see undeclaredCredentialKeys). */
  credentialKeyProblems(doc: FlowDocument, changes: Record<string, Record<string, unknown>>): FlowError[] {
    return undeclaredCredentialKeys(doc, changes, this.opts.registry);
  }

  /** Delivers a message into a node's input, as if a wire brought it. */
  deliver(nodeId: string, msg: Message): void {
    const host = this.hosts.get(nodeId);
    if (!host) throw fail('NODE_NOT_FOUND', nodeId);
    this.services.router.route([host], msg, false);
  }

  async trigger(nodeId: string, input?: Record<string, unknown>): Promise<void> {
    const host = this.hosts.get(nodeId);
    if (!host) throw this.notRunning(nodeId);
    // Without a body it is a button press: only types with a button (inject) take one; a body
    // sets a switch on the node (debug's { active }).
    const pressable = input !== undefined || this.opts.registry.get(host.node.type)?.info.button === true;
    if (!host.canTrigger || !pressable) throw fail('NODE_NOT_TRIGGERABLE', nodeId, host.node.type);
    await host.trigger(input);
  }

  /** Why a node has no host: it is disabled, its flow is, or there is no such node. */
  private notRunning(nodeId: string): Error {
    const node = this.current.nodes.get(nodeId)?.node;
    if (!node) return fail('NODE_NOT_FOUND', nodeId);
    if (node.disabled) return fail('NODE_NOT_RUNNING', nodeId, 'the node is disabled');
    const flow = this.current.doc.flows.find((f) => f.id === node.flow);
    return fail('NODE_NOT_RUNNING', nodeId, `its flow "${flow?.label ?? node.flow}" is disabled`);
  }

  /** Stops every node (process shutdown); call it once no deploy is running. */
  async stop(): Promise<void> {
    await this.stopHosts([...this.hosts.keys()]);
    this.current = EMPTY;
  }

  private async swap(doc: FlowDocument, credentials: Credentials, rev: string): Promise<string> {
    const result = prepareDocument(doc, this.opts.registry, this.services.env);
    if (!result.ok) throw failWith('FLOWS_INVALID', result.errors, result.errors.length);
    const next: Deployment = {
      doc: result.doc, rev, nodes: result.nodes, missing: result.missing, credentials, disabledFlows: disabledFlowsOf(result.doc),
    };
    const changed = changedNodes(this.current, next);
    const previous = this.current;

    await this.stopHosts(changed.filter((id) => this.hosts.has(id)));
    const errors = await this.startHosts(next, changed);
    if (errors.length) {
      // Roll back: the new nodes go, the old ones come back as they were.
      await this.stopHosts(changed.filter((id) => this.hosts.has(id)));
      const refused = failWith('FLOWS_INVALID', errors, errors.length);
      this.reportRollback(await this.startHosts(previous, changed), refused);
      throw refused;
    }
    this.current = next;
    this.markMissing(previous.missing, next.missing);
    for (const id of previous.nodes.keys()) if (!next.nodes.has(id) && !next.missing.some((n) => n.id === id)) this.opts.contextStore.drop(`node:${id}`);
    this.events.emit('deployed', { rev: next.rev });
    return next.rev;
  }

  /**
   * A previous node that no longer starts (a device gone, a port taken meanwhile) stays stopped:
   * logged, and listed in the refused deploy's incidents, so the response says what now differs.
   */
  private reportRollback(failures: FlowError[], refused: PatchbayError): void {
    for (const failure of failures) {
      const problem = fail('FLOWS_ROLLBACK_FAILED', failure.node, failure.message);
      this.opts.log.error({ code: problem.code, nodeId: failure.node }, problem.message);
      refused.incidents.push({ code: problem.code, node: failure.node, message: problem.message });
    }
  }

  /** Nodes of a missing type show it as their status (the editor marks them too); the mark goes once the type is back. */
  private markMissing(before: FlowNode[], after: FlowNode[]): void {
    const now = new Set(after.map((n) => n.id));
    for (const node of before) if (!now.has(node.id) && this.statuses.get(node.id)?.text === missingText(node)) this.events.emit('status', { node: node.id });
    for (const node of after) this.events.emit('status', { node: node.id, fill: 'red', shape: 'ring', text: missingText(node) });
  }

  /** Starts the listed nodes of a deployment that should run, then rewires every host. */
  private async startHosts(deployment: Deployment, ids: string[]): Promise<FlowError[]> {
    this.starting = deployment;
    try {
      return await this.startListed(deployment, ids);
    } finally {
      this.starting = undefined;
    }
  }

  private async startListed(deployment: Deployment, ids: string[]): Promise<FlowError[]> {
    const { disabledFlows, credentials } = deployment;
    const starting: NodeHost[] = [];
    for (const id of ids) {
      const p = deployment.nodes.get(id);
      if (!p || p.node.disabled || (p.node.flow && disabledFlows.has(p.node.flow))) continue;
      const host = new NodeHost(p, this.services, ownEntry(credentials, id) ?? NO_CREDENTIALS);
      starting.push(host);
      this.hosts.set(host.id, host);
    }
    for (const host of this.hosts.values()) host.connect();
    // Only the nodes whose `create` returned a promise are waited for; failures keep start order.
    const failures: Array<{ at: number; error: FlowError }> = [];
    const pending: Array<Promise<void>> = [];
    starting.forEach((host, at) => {
      const failed = (err: unknown) => { failures.push({ at, error: startError(host.id, err) }); };
      try {
        const started = host.start();
        if (started) pending.push(started.then(undefined, failed));
      } catch (err) {
        failed(err);
      }
    });
    if (pending.length) await Promise.all(pending);
    return failures.sort((a, b) => a.at - b.at).map((f) => f.error);
  }

  private async stopHosts(ids: string[]): Promise<void> {
    await Promise.all(ids.map(async (id) => {
      const host = this.hosts.get(id);
      if (!host) return;
      this.hosts.delete(id);
      if (this.statuses.has(id)) this.events.emit('status', { node: id });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => { timer = setTimeout(resolve, this.opts.nodeCloseTimeoutMs, 'timeout'); });
      try {
        const outcome = await Promise.race([host.stop(), deadline]);
        if (outcome === 'timeout') this.opts.log.warn({ code: 'NODE_CLOSE_TIMEOUT', nodeId: id }, fail('NODE_CLOSE_TIMEOUT', id, this.opts.nodeCloseTimeoutMs).message);
      } catch (err) {
        this.opts.log.error({ nodeId: id, err }, 'node failed to close');
      } finally {
        clearTimeout(timer);
      }
    }));
    for (const host of this.hosts.values()) host.connect();
  }

  /** Looks in the deployment being started as well as the running one (config nodes start alongside their users). */
  private configNode(id: string): ConfigNodeInfo | undefined {
    const deployment = this.starting ?? this.current;
    const prepared = deployment.nodes.get(id);
    if (!prepared) return undefined;
    return { id, type: prepared.node.type, config: prepared.config, credentials: ownEntry(deployment.credentials, id) ?? {} };
  }

  private findNodes({ type, idOrName }: { type: string; idOrName?: string }): NodeRef[] {
    const found: NodeRef[] = [];
    for (const host of this.hosts.values()) {
      const { node } = host; // not host.ref: that would make one for every node looked at
      if (node.type === type && (idOrName === undefined || node.id === idOrName || node.name === idOrName)) found.push(host.ref);
    }
    return found;
  }
}

/** A node that failed to start, with the config path its NodeConfigError names. */
function startError(node: string, err: unknown): FlowError {
  const path = err instanceof NodeConfigError && err.path ? `/config${err.path}` : '';
  return { node, path, message: (err as Error).message };
}

const missingText = (node: FlowNode) => `missing type: ${node.type}`;

function disabledFlowsOf(doc: FlowDocument): Set<string> {
  return new Set(doc.flows.filter((f) => f.disabled).map((f) => f.id));
}

/**
 * What makes a node "the same" across deploys. Position and name changes don't restart it.
 * Made only to compare two deployments, never kept: in a big flow they would add up.
 */
function signature(id: string, p: PreparedNode, deployment: Deployment): string {
  const flowDisabled = p.node.flow !== undefined && deployment.disabledFlows.has(p.node.flow);
  return JSON.stringify([p.node.type, p.node.flow, p.node.disabled, flowDisabled, p.config, p.node.wires, ownEntry(deployment.credentials, id), p.env]);
}

/** Ids to (re)start: new or changed nodes, removed ones, and nodes referring to a changed config node. */
function changedNodes(before: Deployment, after: Deployment): string[] {
  // Distinct without a set (a big one for a big flow): each id is listed from one map only.
  const changed: string[] = [];
  for (const [id, p] of after.nodes) {
    const old = before.nodes.get(id);
    // A reinstalled package registers its types anew: their nodes restart with the new code.
    if (!old || old.type !== p.type || signature(id, old, before) !== signature(id, p, after)) changed.push(id);
  }
  for (const id of before.nodes.keys()) if (!after.nodes.has(id)) changed.push(id);
  const changedConfigNodes = changed.filter((id) => (after.nodes.get(id) ?? before.nodes.get(id))?.type.info.category === 'config');
  if (!changedConfigNodes.length) return changed;
  const all = new Set(changed);
  for (const [id, p] of after.nodes) if (refersTo(p.config, changedConfigNodes)) all.add(id);
  return [...all];
}

function refersTo(config: unknown, ids: string[]): boolean {
  if (typeof config === 'string') return ids.includes(config);
  if (config && typeof config === 'object') return Object.values(config).some((v) => refersTo(v, ids));
  return false;
}
