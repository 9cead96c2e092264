// The flow file: pretty-printed with a stable key order so it diffs well in git, written
// atomically, with the previous version kept as `<file>.backup`.
import { constants, copyFile, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { FlowDocument } from '../api/contract.ts';
import { fail, failFrom } from '../errors.ts';
import { serializeFlows } from '../runtime/flow-document.ts';
import { stageFile, type StagedFile } from './atomic-write.ts';
import { errorMessage } from '../api/shared.ts';

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
    throw failFrom(err, 'FLOWS_FILE_UNREADABLE', path, errorMessage(err));
  }
  if (text.trim() === '') throw fail('FLOWS_FILE_NOT_STARTED', path, 'the file is empty');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw failFrom(err, 'FLOWS_FILE_NOT_STARTED', path, `not valid JSON: ${errorMessage(err)}${whereInText(text, errorMessage(err))}`);
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
  await commitFlowsFile(path, await stageFile(path, serializeFlows(doc)));
}

/** Puts a flow file written with stageFile(path, text) in place, the previous one kept as the backup. */
export async function commitFlowsFile(path: string, staged: StagedFile): Promise<void> {
  try {
    await copyFile(path, `${path}.backup`).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err; // first save: nothing to back up
    });
  } catch (err) {
    await staged.discard();
    throw err;
  }
  await staged.commit();
}
