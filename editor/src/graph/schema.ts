// What the editor reads from a node type's JSON Schema: default config and port counts.
import type { JsonSchema } from '../../../server/node-api/types.ts';
import type { FlowNode, NodeTypeInfo } from './types.ts';

/**
 * The value a new node starts with for `schema`: its `default`, else, for a required
 * property, an empty value of its type so the form has something to show.
 *
 * @example
 * ```ts
 * defaultValue({ type: 'object', properties: { topic: { type: 'string', default: 'a' } } }); // { topic: 'a' }
 * ```
 */
export function defaultValue(schema: JsonSchema): unknown {
  if ('default' in schema) return structuredClone(schema.default);
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) {
    const first = schema.anyOf[0] as JsonSchema;
    return 'const' in first ? first.const : defaultValue(first);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'object': return defaultObject(schema);
    case 'array': return [];
    case 'string': return '';
    case 'number':
    case 'integer': return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean': return false;
    default: return undefined;
  }
}

function defaultObject(schema: JsonSchema): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(properties)) {
    if (!required.has(key) && !('default' in prop)) continue;
    const value = defaultValue(prop);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The config of a freshly added node of this type. */
export function defaultConfig(info: NodeTypeInfo): Record<string, unknown> {
  return defaultObject(info.schema);
}

/**
 * How many outputs a node has with its current config. A config without the key counts
 * with the schema default, as the server does at deploy. A type the catalogue does not know
 * keeps the outputs its wires show, so its connections survive a round trip.
 */
export function outputCount(node: FlowNode, info: NodeTypeInfo | undefined): number {
  if (!info) return node.wires?.length ?? 0;
  if (typeof info.outputs === 'number') return info.outputs;
  const value = configValue(node.config, info, info.outputs.fromConfig);
  if (Array.isArray(value)) return value.length;
  return typeof value === 'number' && value >= 0 ? Math.floor(value) : 0;
}

/**
 * Whether a node with this config has an input (mqtt in only when dynamic), counting a missing
 * key with the schema default as the server does. A type the catalogue does not know keeps
 * its input, so wires into it survive until its package is installed.
 */
export function hasInput(config: Record<string, unknown>, info: NodeTypeInfo | undefined): boolean {
  if (!info) return true;
  if (typeof info.inputs === 'number') return info.inputs > 0;
  return configValue(config, info, info.inputs.fromConfig) === true;
}

/** A config value, or the schema default when the config doesn't set it. */
function configValue(config: Record<string, unknown>, info: NodeTypeInfo, key: string): unknown {
  const property = (info.schema.properties as Record<string, JsonSchema> | undefined)?.[key];
  return key in config || !property ? config[key] : defaultValue(property);
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
