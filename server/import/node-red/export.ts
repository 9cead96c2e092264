// Patchbay flow document → Node-RED flow file (`patchbay export --to node-red`). Placeholders
// go back exactly as they came; credentials never leave (as in Node-RED's own export).
import type { FlowDocument, FlowNode, FlowTab } from '../../api/contract.ts';
import { selectFlow } from '../select-flow.ts';
import { linkInSources } from './mappers/common.ts';
import { byPatchbayType } from './mappers/index.ts';
import { X_OFFSET, Y_OFFSET } from './structure.ts';
import type { NrNode } from './types.ts';
import { isRecord, text } from './values.ts';

export interface NodeRedExport {
  flows: NrNode[];
  /** Nodes whose Patchbay type has no Node-RED counterpart (written with their config as it is). */
  warnings: string[];
}

/** Id of the mqtt-broker config node written for mqtt nodes that use Patchbay's built-in broker. */
const BUILTIN_BROKER_ID = 'patchbay-builtin-broker';

/**
 * Converts a Patchbay document (or one of its flows, with the config nodes and subflows it
 * uses) into Node-RED's flow file entries.
 *
 * @example
 * ```ts
 * const { flows } = exportNodeRed(doc, { flow: 'hall' });
 * await writeFile('flows.json', JSON.stringify(flows, null, 4));
 * ```
 */
export function exportNodeRed(doc: FlowDocument, options: { flow?: string } = {}): NodeRedExport {
  const chosen = options.flow === undefined ? doc : selectFlow(doc, options.flow);
  const warnings: string[] = [];
  const linkSources = linkInSources(chosen.nodes);
  const members = groupMembers(chosen.nodes);
  const usesBuiltin = chosen.nodes.some((n) => (n.type === 'mqtt-in' || n.type === 'mqtt-out') && !text(n.config.broker));
  const flows: NrNode[] = [
    ...chosen.flows.map(tabEntry),
    ...chosen.nodes.map((node) => entryOf(node, { linkSources, members, warnings })),
  ];
  if (usesBuiltin) flows.push({ id: BUILTIN_BROKER_ID, type: 'mqtt-broker', name: 'Patchbay built-in broker', broker: 'localhost', port: '1883', clientid: '', usetls: false, protocolVersion: '4', keepalive: '60', cleansession: true });
  return { flows, warnings };
}

function tabEntry(tab: FlowTab): NrNode {
  const { env } = tab as FlowTab & { env?: unknown };
  return { id: tab.id, type: 'tab', label: tab.label, disabled: tab.disabled === true, info: tab.info ?? '', env: Array.isArray(env) ? env : [] };
}

function groupMembers(nodes: readonly FlowNode[]): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const node of nodes) {
    const group = (node as FlowNode & { group?: unknown }).group;
    if (typeof group === 'string') members.set(group, [...(members.get(group) ?? []), node.id]);
  }
  return members;
}

interface ExportState {
  linkSources: Map<string, string[]>;
  members: Map<string, string[]>;
  warnings: string[];
}

function entryOf(node: FlowNode, state: ExportState): NrNode {
  const { config } = node;
  switch (node.type) {
    case 'group':
      return { ...common(node, false), style: config.style ?? {}, nodes: state.members.get(node.id) ?? [], x: node.x ?? 0, y: node.y ?? 0, w: config.w, h: config.h, env: config.env ?? [] };
    case 'subflow':
      return { id: node.id, type: 'subflow', name: node.name ?? '', info: text(config.info), category: text(config.category), in: config.in ?? [], out: config.out ?? [], env: config.env ?? [], meta: {}, color: text(config.color, '#DDAA99'), ...(text(config.icon) ? { icon: config.icon } : {}), ...(config.status ? { status: config.status } : {}), inputLabels: config.inputLabels ?? [], outputLabels: config.outputLabels ?? [] };
    case 'subflow-instance':
      return { ...common(node, true), type: `subflow:${text(config.subflow)}`, env: config.env ?? [] };
    case 'unsupported':
    case 'unsupported-config':
      return { ...(isRecord(config.original) ? config.original : {}), ...common(node, node.type === 'unsupported'), type: text(config.originalType, 'unknown') };
    default:
      return mappedEntry(node, state);
  }
}

function mappedEntry(node: FlowNode, state: ExportState): NrNode {
  const mapping = byPatchbayType.get(node.type);
  const onTab = node.flow !== undefined;
  if (!mapping) {
    state.warnings.push(`${node.id}: Node-RED has no "${node.type}" node; it is written with its Patchbay config`);
    return { ...node.config, ...common(node, onTab) };
  }
  const fields = mapping.toNodeRed(node);
  if (node.type === 'link-in') fields.links = state.linkSources.get(node.id) ?? [];
  if ((node.type === 'mqtt-in' || node.type === 'mqtt-out') && !text(node.config.broker)) fields.broker = BUILTIN_BROKER_ID;
  return { ...common(node, onTab), type: mapping.nodeRed, ...fields };
}

/** The keys every entry has: id, type, tab, group, name, position, wires, disabled, notes. */
function common(node: FlowNode, onTab: boolean): NrNode {
  const extra = node as FlowNode & { group?: unknown; info?: unknown };
  const entry: NrNode = { id: node.id, type: node.type, name: node.name ?? '' };
  if (node.flow !== undefined) entry.z = node.flow;
  if (typeof extra.group === 'string') entry.g = extra.group;
  if (typeof extra.info === 'string') entry.info = extra.info;
  if (node.disabled) entry.d = true;
  if (onTab) {
    entry.x = (node.x ?? 0) + X_OFFSET;
    entry.y = (node.y ?? 0) + Y_OFFSET;
    entry.wires = node.wires ?? [];
  }
  return entry;
}
