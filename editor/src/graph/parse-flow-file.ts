// Checks an imported file before anything touches the canvas: a bad file changes nothing
// and gets one clear message naming what and where.
import { FLOW_FORMAT, FLOW_FORMAT_VERSION } from '../../../server/api/shared.ts';
import type { FlowDocument, FlowNode, FlowTab } from './types.ts';
import { errorMessage } from '../../../server/api/shared.ts';

export type ParseResult = { ok: true; doc: FlowDocument } | { ok: false; error: string };

/**
 * Parses the text of a flow file.
 *
 * @example
 * ```ts
 * const result = parseFlowFile(await file.text());
 * if (!result.ok) showError(result.error);
 * ```
 */
export function parseFlowFile(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return fail(`The file is not valid JSON (${errorMessage(err)}).`);
  }
  if (Array.isArray(data)) {
    return fail('This looks like a Node-RED flow export (a JSON array): import it with the Import dialog, which converts it.');
  }
  if (!isRecord(data) || data.format !== FLOW_FORMAT) {
    return fail(`Not a Patchbay flow file: "format" must be "${FLOW_FORMAT}".`);
  }
  if (data.version !== FLOW_FORMAT_VERSION) {
    return fail(`Unsupported flow file version ${JSON.stringify(data.version)}; this editor reads version ${FLOW_FORMAT_VERSION}.`);
  }
  if (!Array.isArray(data.flows)) return fail('"flows" must be a list of tabs.');
  if (!Array.isArray(data.nodes)) return fail('"nodes" must be a list of nodes.');

  const flows: FlowTab[] = [];
  for (const [i, flow] of data.flows.entries()) {
    const problem = flowProblem(flow);
    if (problem) return fail(`flows[${i}]: ${problem}`);
    flows.push(flow as FlowTab);
  }
  const nodes: FlowNode[] = [];
  const seen = new Set<string>();
  for (const [i, node] of data.nodes.entries()) {
    const problem = nodeProblem(node);
    if (problem) return fail(`nodes[${i}]${describe(node)}: ${problem}`);
    const valid = node as FlowNode;
    if (seen.has(valid.id)) return fail(`nodes[${i}]: the id "${valid.id}" is used twice.`);
    seen.add(valid.id);
    nodes.push(valid.config === undefined ? { ...valid, config: {} } : valid);
  }
  return { ok: true, doc: { format: FLOW_FORMAT, version: FLOW_FORMAT_VERSION, flows, nodes } };
}

function flowProblem(flow: unknown): string | null {
  if (!isRecord(flow)) return 'must be an object';
  if (!isId(flow.id)) return '"id" must be a non-empty string';
  if (typeof flow.label !== 'string') return '"label" must be a string';
  if (flow.disabled !== undefined && typeof flow.disabled !== 'boolean') return '"disabled" must be true or false';
  return null;
}

function nodeProblem(node: unknown): string | null {
  if (!isRecord(node)) return 'must be an object';
  if (!isId(node.id)) return '"id" must be a non-empty string';
  if (!isId(node.type)) return '"type" must be a non-empty string';
  if (node.flow !== undefined && !isId(node.flow)) return '"flow" must be a tab id';
  for (const key of ['x', 'y'] as const) {
    if (node[key] !== undefined && !Number.isFinite(node[key])) return `"${key}" must be a number`;
  }
  if (node.config !== undefined && !isRecord(node.config)) return '"config" must be an object';
  if (node.wires !== undefined) {
    const ok = Array.isArray(node.wires) && node.wires.every((port) => Array.isArray(port) && port.every(isId));
    if (!ok) return '"wires" must be a list of lists of node ids';
  }
  return null;
}

function describe(node: unknown): string {
  return isRecord(node) && typeof node.id === 'string' ? ` ("${node.id}")` : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function fail(error: string): ParseResult {
  return { ok: false, error };
}
