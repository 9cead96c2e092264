// Node-RED flow file → Patchbay flow document, with a report of what was mapped, approximated
// or kept as an unsupported placeholder. Pure: reads nothing, writes nothing.
import type { FlowDocument, FlowNode, FlowTab } from '../../api/contract.ts';
import { fail } from '../../errors.ts';
import { MapContext, Unmappable } from './mapper.ts';
import { byNodeRedType } from './mappers/index.ts';
import { groupOf, instanceOf, isConfigEntry, padWires, placed, placeholderOf, subflowOf, tabOf } from './structure.ts';
import type { ImportedCredentials, ImportReport, ImportResult, NodeReport, NrNode, Outcome } from './types.ts';
import { isRecord, text } from './values.ts';

/**
 * Converts a Node-RED flow file (its parsed JSON: an array of entries, or `{ flows: [...] }`
 * as Node-RED's API returns it). Ids are kept, so links, scopes and config references hold.
 * Credentials in the file come back apart from the document, for the encrypted store.
 *
 * @example
 * ```ts
 * const { document, report, credentials } = convertNodeRed(JSON.parse(text));
 * ```
 */
export function convertNodeRed(input: unknown): ImportResult {
  const entries = readEntries(input);
  return new Conversion(entries).run();
}

function readEntries(input: unknown): NrNode[] {
  if (isRecord(input) && input.format === 'patchbay-flows') throw fail('IMPORT_NOT_NODE_RED', 'this is already a Patchbay flow document');
  const list = Array.isArray(input) ? input : isRecord(input) && Array.isArray(input.flows) ? input.flows : undefined;
  if (!list) throw fail('IMPORT_NOT_NODE_RED', 'expected a JSON array of nodes (or { "flows": [...] })');
  const seen = new Map<string, number>();
  list.forEach((entry: unknown, i) => {
    if (!isRecord(entry)) throw fail('IMPORT_ENTRY_INVALID', i, '', 'expected an object');
    if (typeof entry.id !== 'string' || entry.id === '') throw fail('IMPORT_ENTRY_INVALID', i, '', '"id" must be a non-empty string');
    if (typeof entry.type !== 'string' || entry.type === '') throw fail('IMPORT_ENTRY_INVALID', i, ` ("${entry.id}")`, '"type" must be a non-empty string');
    if (entry.wires !== undefined && !(Array.isArray(entry.wires) && entry.wires.every((w) => Array.isArray(w)))) {
      throw fail('IMPORT_ENTRY_INVALID', i, ` ("${entry.id}")`, '"wires" must be a list of lists of ids');
    }
    const before = seen.get(entry.id);
    if (before !== undefined) throw fail('IMPORT_DUPLICATE_ID', before, i, entry.id);
    seen.set(entry.id, i);
  });
  return list as NrNode[];
}

/** The label of a tab made for nodes whose tab is not in the file (an exported selection). */
const MISSING_TAB_LABEL = 'Imported from Node-RED';

class Conversion {
  private readonly byId: Map<string, NrNode>;
  private readonly tabs = new Map<string, FlowTab>();
  private readonly nodes: FlowNode[] = [];
  private readonly reports: NodeReport[] = [];
  private readonly credentials: ImportedCredentials = Object.create(null) as ImportedCredentials;
  private readonly subflows = new Map<string, FlowNode>();
  private readonly wireTargets = new Set<string>();

  constructor(private readonly entries: NrNode[]) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    for (const e of entries) for (const port of e.wires ?? []) for (const target of port) if (typeof target === 'string') this.wireTargets.add(target);
  }

  run(): ImportResult {
    // Tabs and templates first: nodes refer to them, in whatever order the file lists them.
    for (const e of this.entries) if (e.type === 'tab') this.addTab(e);
    for (const e of this.entries) if (e.type === 'subflow') this.addSubflow(e);
    for (const e of this.entries) if (e.type !== 'tab' && e.type !== 'subflow') this.addEntry(e);
    const document: FlowDocument = { format: 'patchbay-flows', version: 1, flows: [...this.tabs.values()], nodes: this.nodes };
    return { document, report: this.report(), credentials: this.credentials };
  }

  private addTab(e: NrNode): void {
    this.tabs.set(e.id, tabOf(e));
    this.record(e, 'flow', 'mapped', []);
  }

  private addSubflow(e: NrNode): void {
    const template = subflowOf(e);
    this.subflows.set(e.id, template);
    this.nodes.push(template);
    this.record(e, 'subflow', 'mapped', []);
  }

  private addEntry(e: NrNode): void {
    if (e.type === 'group') {
      this.nodes.push(groupOf(e, this.tabFor(e)));
      this.record(e, 'group', 'mapped', []);
      return;
    }
    if (e.type.startsWith('subflow:')) {
      this.addInstance(e);
      return;
    }
    this.addNode(e);
  }

  /** The tab or subflow a node is on; config nodes have none. */
  private flowOf(e: NrNode): string | undefined {
    return isConfigEntry(e) ? undefined : this.tabFor(e);
  }

  /** The tab or subflow of a node, group or instance; a tab missing from the file is made. */
  private tabFor(e: NrNode): string {
    const z = typeof e.z === 'string' && e.z !== '' ? e.z : 'node-red-import';
    if (!this.tabs.has(z) && !this.subflows.has(z)) this.tabs.set(z, { id: z, label: MISSING_TAB_LABEL });
    return z;
  }

  private addInstance(e: NrNode): void {
    const template = this.subflows.get(e.type.slice('subflow:'.length));
    const notes: string[] = [];
    const wires = this.wiresOf(e, notes);
    const flow = this.tabFor(e);
    if (!template) {
      notes.push(`its subflow ${e.type.slice(8)} is not in the file`);
      this.nodes.push(placeholderOf(e, flow, wires, this.wireTargets.has(e.id)));
      this.record(e, 'unsupported', 'unsupported', notes);
      return;
    }
    this.nodes.push(instanceOf(e, flow, template, wires));
    this.record(e, 'subflow-instance', notes.length ? 'approximated' : 'mapped', notes);
  }

  private addNode(e: NrNode): void {
    const mapping = byNodeRedType.get(e.type);
    const flow = this.flowOf(e);
    const ctx = new MapContext(this.byId);
    const wires = this.wiresOf(e, ctx.notes);
    if (mapping) {
      try {
        const { config, credentials } = mapping.toPatchbay(e, ctx);
        const node: FlowNode = { id: e.id, type: mapping.patchbay, ...placed(e, flow), config };
        if (flow !== undefined) node.wires = wires;
        this.nodes.push(node);
        this.keepCredentials(e.id, credentials);
        this.record(e, mapping.patchbay, ctx.notes.length ? 'approximated' : 'mapped', ctx.notes);
        return;
      } catch (err) {
        if (!(err instanceof Unmappable)) throw err;
        ctx.note(err.message);
      }
    } else {
      ctx.note(`Patchbay has no "${e.type}" node; it is kept as it was and goes back unchanged on export`);
    }
    if (isRecord(e.credentials) && Object.keys(e.credentials).length) ctx.note('its credentials are not kept');
    const placeholder = placeholderOf(e, flow, wires, this.wireTargets.has(e.id));
    this.nodes.push(placeholder);
    this.record(e, placeholder.type, 'unsupported', ctx.notes);
  }

  /** Wires to entries the file has; a wire to anything else is dropped and noted. */
  private wiresOf(e: NrNode, notes: string[]): string[][] {
    const wires = (e.wires ?? []).map((port) => port.filter((t): t is string => typeof t === 'string'));
    const missing = wires.flat().filter((t) => !this.byId.has(t));
    if (missing.length) notes.push(`wires to nodes not in the file are dropped: ${missing.join(', ')}`);
    return padWires(wires.map((port) => port.filter((t) => this.byId.has(t))), wires.length);
  }

  private keepCredentials(id: string, credentials: Record<string, string> | undefined): void {
    if (credentials && Object.keys(credentials).length) this.credentials[id] = credentials;
  }

  private record(e: NrNode, as: string, outcome: Outcome, notes: string[]): void {
    const entry: NodeReport = { id: e.id, type: e.type, as, outcome, notes };
    const name = text(e.name) || text(e.label);
    if (name) entry.name = name;
    this.reports.push(entry);
  }

  private report(): ImportReport {
    const count = (o: Outcome) => this.reports.filter((r) => r.outcome === o).length;
    return {
      mapped: count('mapped'),
      approximated: count('approximated'),
      unsupported: count('unsupported'),
      credentials: Object.keys(this.credentials).length,
      nodes: this.reports,
    };
  }
}
