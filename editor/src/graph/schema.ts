// What the editor reads from a node type: default config and port counts (computed by the
// module the server uses too), and what its ports are for.
import {
  defaultConfig as sharedDefaultConfig, hasInput as sharedHasInput, outputCount as sharedOutputCount,
} from '../../../server/api/shared.ts';
import type { FlowNode, NodeTypeInfo } from './types.ts';

export { defaultValue } from '../../../server/api/shared.ts';

/** The config of a freshly added node of this type. */
export function defaultConfig(info: NodeTypeInfo): Record<string, unknown> {
  return sharedDefaultConfig(info.schema);
}

/**
 * How many outputs a node has with its current config, counted as the server counts them. A
 * type the catalogue does not know keeps the outputs its wires show, so its connections
 * survive a round trip.
 */
export function outputCount(node: FlowNode, info: NodeTypeInfo | undefined): number {
  return info ? sharedOutputCount(info, node.config) : node.wires?.length ?? 0;
}

/**
 * Whether a node with this config has an input (mqtt in only when dynamic). A type the
 * catalogue does not know keeps its input, so wires into it survive until its package is
 * installed.
 */
export function hasInput(config: Record<string, unknown>, info: NodeTypeInfo | undefined): boolean {
  return info ? sharedHasInput(info, config) : true;
}

/** True for config node types (e.g. an MQTT broker connection): no tab, no wires. */
export function isConfigType(info: NodeTypeInfo | undefined): boolean {
  return info?.category === 'config';
}

/**
 * What output `port` of a node is for, shown when the pointer rests on the port (Node-RED
 * shows a switch rule on its port). Outputs counted from a list name their item: its first
 * field and, when set, its second (a switch rule's test and value: "Output 2: eq on").
 */
export function outputLabel(node: FlowNode, info: NodeTypeInfo | undefined, port: number, outputs: number): string {
  const name = outputs > 1 ? `Output ${port + 1}` : 'Output';
  if (!info || typeof info.outputs !== 'object') return name;
  const items = node.config[info.outputs.fromConfig];
  if (!Array.isArray(items)) return name;
  const summary = summarizeItem(items[port]);
  return summary ? `${name}: ${summary}` : name;
}

function summarizeItem(item: unknown): string {
  if (item === null || typeof item !== 'object') return item === undefined ? '' : String(item);
  const [first, second] = Object.values(item).filter((v) => typeof v !== 'object');
  const text = second === '' || second === undefined ? String(first ?? '') : `${String(first)} ${String(second)}`;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
