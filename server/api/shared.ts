// What the server and the editor both compute, in one place: the flow format's name, the
// config a new node starts with, and a node's port counts. Browser-safe: pure functions, no
// imports but types. The editor may import values from this module and from no other server
// file (test/architecture.test.ts).
import type { DevicePickerKind, JsonSchema, NodeTypeInfo, PropertySchema, ShowWhenConditions } from '../node-api/types.ts';

export const FLOW_FORMAT = 'patchbay-flows';
export const FLOW_FORMAT_VERSION = 1;

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
  if ('default' in schema) {
    const value: unknown = structuredClone(schema.default);
    // An object default such as `{}` still gets its properties' own defaults (as TypeBox fills them at deploy).
    return schema.type === 'object' && isPlainRecord(value) ? { ...defaultObject(schema), ...value } : value;
  }
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

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The config of a freshly added node of a type whose config schema is `schema`. The server
 * refuses to register a type whose fresh config fails its own schema.
 */
export function defaultConfig(schema: JsonSchema): Record<string, unknown> {
  return defaultObject(schema);
}

/**
 * How many outputs a node has with `config`. A config without the key counts with the
 * schema default, so a node saved before the key existed keeps its ports.
 */
export function outputCount(info: Pick<NodeTypeInfo, 'outputs' | 'schema'>, config: Record<string, unknown>): number {
  if (typeof info.outputs === 'number') return info.outputs;
  const value = configValue(config, info.schema, info.outputs.fromConfig);
  if (Array.isArray(value)) return value.length;
  return typeof value === 'number' && value >= 0 ? Math.floor(value) : 0;
}

/** Whether a node with `config` has an input (mqtt in only when dynamic), counted the same way. */
export function hasInput(info: Pick<NodeTypeInfo, 'inputs' | 'schema'>, config: Record<string, unknown>): boolean {
  if (typeof info.inputs === 'number') return info.inputs > 0;
  return configValue(config, info.schema, info.inputs.fromConfig) === true;
}

/** A config value, or the schema default when the config doesn't set it. */
function configValue(config: Record<string, unknown>, schema: JsonSchema, key: string): unknown {
  const property = (schema.properties as Record<string, JsonSchema> | undefined)?.[key];
  return key in config || !property ? config[key] : defaultValue(property);
}

/** Patchbay's editor hints on one property schema, each present only when well-formed. */
export interface PropertyHints {
  configNode?: string;
  typedValue?: string[];
  showWhen?: ShowWhenConditions;
  devicePicker?: DevicePickerKind;
}

/**
 * Reads the editor hints of a property schema (see PropertySchema). A malformed hint (from a
 * hand-written schema) is left out rather than trusted.
 *
 * @example
 * ```ts
 * propertyHints({ type: 'string', 'x-config-node': 'mqtt-broker' }).configNode; // 'mqtt-broker'
 * ```
 */
export function propertyHints(schema: PropertySchema): PropertyHints {
  const hints: PropertyHints = {};
  const configNode = schema['x-config-node'];
  if (typeof configNode === 'string') hints.configNode = configNode;
  const typed: unknown = schema['x-typed-value'];
  if (Array.isArray(typed) && typed.every((t) => typeof t === 'string')) hints.typedValue = typed;
  const conditions: unknown = schema['x-show-when'];
  if (isShowWhenConditions(conditions)) hints.showWhen = conditions;
  const picker: unknown = schema['x-device-picker'];
  if (isDevicePickerKind(picker)) hints.devicePicker = picker;
  return hints;
}

const DEVICE_PICKER_KINDS: readonly unknown[] = ['device', 'property', 'settable', 'value', 'command'] satisfies DevicePickerKind[];

function isDevicePickerKind(value: unknown): value is DevicePickerKind {
  return DEVICE_PICKER_KINDS.includes(value);
}

function isShowWhenConditions(value: unknown): value is ShowWhenConditions {
  const isValue = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return isPlainRecord(value) && Object.values(value).every((allowed) => Array.isArray(allowed) && allowed.every(isValue));
}

/**
 * The message of anything thrown: an Error's `message`, a string as it is, anything else
 * through `String()`.
 *
 * @example
 * ```ts
 * try { JSON.parse(text); } catch (err) { node.warn(`not JSON: ${errorMessage(err)}`); }
 * ```
 */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (isPlainRecord(err) && typeof err.message === 'string') return err.message;
  return String(err);
}

/** The package name of Patchbay's own node types (nodes/package.json): never listed as a need. */
export const CORE_NODES_PACKAGE = '@patchbay/core-nodes';

/** A node package an exported flow needs: install it with `patchbay nodes install NAME@VERSION`. */
export interface NodePackageNeed {
  name: string;
  version: string;
  /** The node types of the flow that come from it. */
  types: string[];
}

/** The installed packages (not the core) whose types `nodes` use, with their versions: what an export lists. */
export function packagesNeeded(nodes: ReadonlyArray<{ type: string }>, typeInfo: (type: string) => NodeTypeInfo | undefined): NodePackageNeed[] {
  const needs = new Map<string, NodePackageNeed>();
  for (const type of new Set(nodes.map((n) => n.type))) {
    const info = typeInfo(type);
    if (!info || info.module === CORE_NODES_PACKAGE) continue;
    const need = needs.get(info.module) ?? { name: info.module, version: info.moduleVersion ?? '', types: [] };
    need.types.push(type);
    needs.set(info.module, need);
  }
  return [...needs.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What an imported file needs that is not installed: the packages it lists whose types are
 * missing, and missing types it names no package for.
 */
export function missingPackages(file: { nodes: ReadonlyArray<{ type: string }>; packages?: NodePackageNeed[] }, typeInfo: (type: string) => NodeTypeInfo | undefined): { packages: NodePackageNeed[]; types: string[] } {
  const absent = new Set(file.nodes.map((n) => n.type).filter((type) => !typeInfo(type)));
  const packages = (file.packages ?? []).filter((p) => p.types.some((type) => absent.has(type)));
  for (const p of packages) for (const type of p.types) absent.delete(type);
  return { packages, types: [...absent].sort() };
}

/** The npm spec that installs a needed package. */
export const packageSpec = (need: NodePackageNeed) => (need.version ? `${need.name}@${need.version}` : need.name);
