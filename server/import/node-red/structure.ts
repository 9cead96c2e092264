// The parts of a Node-RED file that are not nodes of a type: tabs, groups, subflow templates
// and instances, and placeholders for types Patchbay lacks.
import type { FlowNode, FlowTab } from '../../api/contract.ts';
import type { NrNode } from './types.ts';
import { flag, isRecord, text } from './values.ts';

/** Node-RED's x/y are the centre of a 100×30 node; Patchbay's are the top-left corner. */
export const X_OFFSET = 50;
export const Y_OFFSET = 15;

/** The keys every Node-RED entry has in common; a placeholder keeps the rest as they were. */
const COMMON_KEYS = new Set(['id', 'type', 'z', 'g', 'name', 'x', 'y', 'wires', 'd', 'info', 'credentials']);

export interface EnvEntry {
  name: string;
  type: string;
  value: string;
}

/** Env variables of a tab, group, subflow or instance: `[{ name, type, value }]`, value kept as text. */
export function envList(value: unknown): EnvEntry[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).filter((e) => typeof e.name === 'string' && e.name !== '').map((e) => ({
    name: text(e.name),
    type: text(e.type, 'str'),
    value: typeof e.value === 'object' && e.value !== null ? JSON.stringify(e.value) : text(e.value),
  }));
}

export function tabOf(nr: NrNode): FlowTab {
  const tab: FlowTab & { env?: EnvEntry[] } = { id: nr.id, label: text(nr.label) || text(nr.name) || nr.id };
  if (flag(nr.disabled)) tab.disabled = true;
  if (text(nr.info)) tab.info = text(nr.info);
  const env = envList(nr.env);
  if (env.length) tab.env = env;
  return tab;
}

/** Position and the common optional keys of a node on a tab or subflow. */
export function placed(nr: NrNode, flow: string | undefined): Pick<FlowNode, 'flow' | 'name' | 'x' | 'y' | 'disabled'> & { group?: string; info?: string } {
  const out: Pick<FlowNode, 'flow' | 'name' | 'x' | 'y' | 'disabled'> & { group?: string; info?: string } = {};
  if (flow !== undefined) out.flow = flow;
  if (text(nr.name)) out.name = text(nr.name);
  if (flow !== undefined && typeof nr.x === 'number' && typeof nr.y === 'number') {
    out.x = Math.round(nr.x - X_OFFSET);
    out.y = Math.round(nr.y - Y_OFFSET);
  }
  if (nr.d === true) out.disabled = true;
  if (typeof nr.g === 'string') out.group = nr.g;
  if (text(nr.info)) out.info = text(nr.info);
  return out;
}

export function groupOf(nr: NrNode, flow: string): FlowNode {
  const config: Record<string, unknown> = {
    w: typeof nr.w === 'number' ? nr.w : 200,
    h: typeof nr.h === 'number' ? nr.h : 100,
    style: isRecord(nr.style) ? nr.style : {},
    env: envList(nr.env),
  };
  // Groups are boxes drawn around their nodes: their x/y is already the top-left corner.
  return { id: nr.id, type: 'group', ...placed(nr, flow), x: numberOr(nr.x, 0), y: numberOr(nr.y, 0), config };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A subflow template: a config node whose nodes sit on a flow of its own id. */
export function subflowOf(nr: NrNode): FlowNode {
  const config: Record<string, unknown> = {
    info: text(nr.info),
    category: text(nr.category),
    color: text(nr.color, '#DDAA99'),
    icon: text(nr.icon),
    in: portList(nr.in),
    out: portList(nr.out),
    env: envList(nr.env),
    inputLabels: Array.isArray(nr.inputLabels) ? nr.inputLabels.map((l) => text(l)) : [],
    outputLabels: Array.isArray(nr.outputLabels) ? nr.outputLabels.map((l) => text(l)) : [],
  };
  if (isRecord(nr.status)) config.status = port(nr.status);
  const node: FlowNode = { id: nr.id, type: 'subflow', config };
  if (text(nr.name)) node.name = text(nr.name);
  return node;
}

function portList(value: unknown): Array<ReturnType<typeof port>> {
  return Array.isArray(value) ? value.filter(isRecord).map(port) : [];
}

/** A port of a subflow template: where it is drawn, and the `{ id, port? }` wires it has inside. */
function port(p: Record<string, unknown>) {
  const wires = Array.isArray(p.wires) ? p.wires.filter(isRecord).filter((w) => typeof w.id === 'string') : [];
  return {
    x: numberOr(p.x, 0),
    y: numberOr(p.y, 0),
    wires: wires.map((w) => (typeof w.port === 'number' ? { id: text(w.id), port: w.port } : { id: text(w.id) })),
  };
}

/** An instance of a template: how many ports it has follows the template. */
export function instanceOf(nr: NrNode, flow: string, template: FlowNode, wires: string[][]): FlowNode {
  const inputs = (template.config.in as unknown[]).length;
  const outputs = (template.config.out as unknown[]).length;
  return {
    id: nr.id,
    type: 'subflow-instance',
    ...placed(nr, flow),
    config: { subflow: template.id, env: envList(nr.env), input: inputs > 0, outputs },
    wires: padWires(wires, outputs),
  };
}

/** Exactly `count` output lists, so the node's ports and its wires agree. */
export function padWires(wires: string[][], count: number): string[][] {
  return Array.from({ length: count }, (_, i) => wires[i] ?? []);
}

/** A node of a type Patchbay lacks: its original JSON and wires are kept, to go back on export. */
export function placeholderOf(nr: NrNode, flow: string | undefined, wires: string[][], hasInput: boolean): FlowNode {
  const original = Object.fromEntries(Object.entries(nr).filter(([key]) => !COMMON_KEYS.has(key)));
  if (flow === undefined) return { id: nr.id, type: 'unsupported-config', ...placed(nr, undefined), config: { originalType: nr.type, original } };
  return {
    id: nr.id,
    type: 'unsupported',
    ...placed(nr, flow),
    config: { originalType: nr.type, original, input: hasInput, outputs: wires.length },
    wires,
  };
}

/** Node-RED config nodes have neither wires nor a position. */
export function isConfigEntry(nr: NrNode): boolean {
  return !Array.isArray(nr.wires) && typeof nr.x !== 'number';
}
