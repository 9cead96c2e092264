// The flow file: pretty-printed with a stable key order so it diffs well in git, written
// atomically, with the previous version kept as `<file>.backup`.
import { constants, copyFile, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { FlowDocument, FlowNode, FlowTab } from '../api/contract.ts';
import { fail, failFrom } from '../errors.ts';
import { writeFileAtomic } from './atomic-write.ts';

const TAB_KEYS: Array<keyof FlowTab> = ['id', 'label', 'disabled', 'info'];
const NODE_KEYS: Array<keyof FlowNode> = ['id', 'type', 'version', 'flow', 'name', 'x', 'y', 'disabled', 'config', 'credentials', 'wires'];

/**
 * Reads the flow file; `undefined` when there is none yet. A file that can't be read is
 * FLOWS_FILE_UNREADABLE; one that isn't JSON (hand-edited, truncated) is FLOWS_FILE_NOT_STARTED
 * with the line and column.
 */
export async function readFlowsFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw failFrom(err, 'FLOWS_FILE_UNREADABLE', path, (err as Error).message);
  }
  if (text.trim() === '') throw fail('FLOWS_FILE_NOT_STARTED', path, 'the file is empty');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw failFrom(err, 'FLOWS_FILE_NOT_STARTED', path, `not valid JSON: ${(err as Error).message}${whereInText(text, (err as Error).message)}`);
  }
}

/** " (line L, column C)" for a JSON.parse message that gives only a character position. */
function whereInText(text: string, message: string): string {
  if (/line \d+/.test(message)) return '';
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : text.length;
  const before = text.slice(0, position).split('\n');
  return ` (line ${before.length}, column ${before.at(-1)!.length + 1})`;
}

/**
 * Copies a flow file that could not be started to `<file>.invalid-<hash of its content>`, where
 * no deploy (which rotates `<file>.backup`) will overwrite it. The same content is kept once.
 */
export async function keepRejectedCopy(path: string): Promise<string> {
  const copy = `${path}.invalid-${createHash('sha256').update(await readFile(path)).digest('hex').slice(0, 12)}`;
  await copyFile(path, copy, constants.COPYFILE_EXCL).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err; // kept at an earlier start already
  });
  return copy;
}

export async function writeFlowsFile(path: string, doc: FlowDocument): Promise<void> {
  await copyFile(path, `${path}.backup`).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err; // first save: nothing to back up
  });
  await writeFileAtomic(path, serializeFlows(doc));
}

/** The canonical text of a document: known keys in a fixed order, config keys sorted. */
export function serializeFlows(doc: FlowDocument): string {
  const canonical = {
    format: doc.format,
    version: doc.version,
    flows: doc.flows.map((tab) => ordered(tab, TAB_KEYS)),
    nodes: doc.nodes.map((node) => ordered(node, NODE_KEYS)),
  };
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

/** The revision of a document: a hash of its canonical text, so equal documents share a rev. */
export function revisionOf(doc: FlowDocument): string {
  return createHash('sha256').update(serializeFlows(doc)).digest('hex').slice(0, 16);
}

function ordered<T extends object>(value: T, keys: Array<keyof T>): Record<string, unknown> {
  // No prototype: an unknown key named `__proto__` is data to keep, not a prototype to set.
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of keys) if (value[key] !== undefined) out[key as string] = sortKeys(value[key]);
  // Keys we don't know yet (written by a newer Patchbay) are kept, after the known ones.
  for (const key of Object.keys(value).sort()) if (!(key in out)) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}
