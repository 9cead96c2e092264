// `patchbay import` and `patchbay export`: flow files in and out of a data dir, without a
// running server. The CLI entry point hands over the arguments and where to print.
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { FlowDocument, FlowError } from '../api/contract.ts';
import { resolveSettings } from '../config.ts';
import { fail, failWith, PatchbayError } from '../errors.ts';
import { isPlainObject } from '../plain-object.ts';
import { errorMessage, missingPackages, packagesNeeded } from '../api/shared.ts';
import type { CliCommand } from './command.ts';
import { CORE_NODES_DIR } from '../index.ts';
import { loadInstalledPackages } from '../packages/installed.ts';
import { convertNodeRed, describeReport, exportNodeRed } from '../import/node-red/index.ts';
import { mergeDocuments } from '../import/merge.ts';
import { selectFlow } from '../import/select-flow.ts';
import { Registry } from '../runtime/registry.ts';
import { prepareDocument } from '../runtime/flow-expansion.ts';
import { writeFileAtomic } from '../storage/atomic-write.ts';
import { credentialKey, credentialsFor, readCredentials, writeCredentials } from '../storage/credentials.ts';
import { readFlowsFile, writeFlowsFile } from '../storage/flows-file.ts';
import { revisionOf, serializeFlows } from '../runtime/flow-document.ts';
import { credentialsMap, type Credentials } from '../runtime/credentials.ts';
import { checkFlowDocument } from '../runtime/flow-document.ts';
import { withCredentialKeys } from '../api/flows.ts';
import { installCommands } from '../import/packages-needed.ts';

export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const consoleOutput: CommandOutput = { out: (text) => console.log(text), err: (text) => console.error(text) };

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'patchbay import FILE [--data-dir DIR]   add a Patchbay flow file to DIR\'s flows (names the node packages it needs that are missing)\n'
    + '       patchbay import --from node-red FILE (--out DOC.json | --data-dir DIR)   convert a Node-RED flow file: write the document, or merge it into DIR\'s flows',
  run: (args) => runFlowFileCommand(['import', ...args], consoleOutput),
};

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'patchbay export [--flow ID] [--to node-red] [--out FILE] [--data-dir DIR]   write DIR\'s flows (or one flow) as a Patchbay file (listing the node packages it needs) or a Node-RED file',
  run: (args) => runFlowFileCommand(['export', ...args], consoleOutput),
};

const EMPTY: FlowDocument = { format: 'patchbay-flows', version: 1, flows: [], nodes: [] };

/** Runs `import` or `export`; resolves with the exit code (1 with a message naming the problem). */
export async function runFlowFileCommand(argv: string[], io: CommandOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await run(argv, io, env);
  } catch (err) {
    if (!(err instanceof PatchbayError)) throw err;
    io.err(`patchbay: ${describeFlowFileError(err)}`);
    return 1;
  }
}

async function run(argv: string[], io: CommandOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, flow: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const [verb, ...files] = positionals;
  if (verb === 'export') return exportFlows(values, io, env);
  if (files.length !== 1) throw fail('IMPORT_ARGUMENTS_INVALID', 'give exactly one flow file to import');
  const data = await readJson(files[0]!);
  // A Node-RED export is a JSON array; a Patchbay file an object.
  const from = values.from ?? (Array.isArray(data) ? 'node-red' : 'patchbay');
  if (from === 'patchbay') return importPatchbay(data, files[0]!, values['data-dir'], io, env);
  if (from !== 'node-red') throw fail('IMPORT_FORMAT_UNKNOWN', from);
  if (!values.out === !values['data-dir']) throw fail('IMPORT_ARGUMENTS_INVALID', 'give either --out DOC.json (write the converted document) or --data-dir DIR (merge into its flows)');
  const result = convertNodeRed(data);
  io.err(describeReport(result.report));
  if (values.out) {
    await writeFileAtomic(resolve(values.out), serializeFlows(result.document));
    if (result.report.credentials) io.err(`credentials were not written (a document never holds them): import with --data-dir to keep them encrypted`);
    io.err(`wrote ${values.out}`);
    return 0;
  }
  return mergeIntoDataDir(resolve(values['data-dir']!), result.document, result.credentials, io, env);
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (err) {
    throw fail('IMPORT_FILE_INVALID', file, `cannot read it: ${errorMessage(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw fail('IMPORT_FILE_INVALID', file, `not valid JSON: ${errorMessage(err)}`);
  }
}

async function importPatchbay(data: unknown, file: string, dataDirFlag: string | undefined, io: CommandOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const check = checkFlowDocument(data);
  if (!check.ok) throw failWith('IMPORT_FILE_INVALID', check.errors, file, `not a Patchbay flow document (${check.errors.map((e) => `${e.path}: ${e.message}`).join('; ')})`);
  const dataDir = resolveSettings(dataDirFlag ? { dataDir: resolve(dataDirFlag) } : {}, env).dataDir;
  return mergeIntoDataDir(dataDir, check.doc, {}, io, env);
}

/**
 * Adds the document to the data dir's flows (renaming ids that clash) and its credentials to
 * the encrypted store, if the whole result would deploy; otherwise changes nothing.
 */
async function mergeIntoDataDir(dataDir: string, imported: FlowDocument, credentials: Record<string, Record<string, string>>, io: CommandOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const settings = resolveSettings({ dataDir }, env);
  const stored = checkedDocument(await readFlowsFile(settings.flowsFile), settings.flowsFile) ?? EMPTY;
  const { document, renamed } = mergeDocuments(stored, imported);
  const registry = await dataDirRegistry(dataDir);
  const checked = prepareDocument(document, registry, env);
  if (!checked.ok) throw failWith('FLOWS_INVALID', checked.errors, checked.errors.length);
  await mkdir(dataDir, { recursive: true });
  const key = await credentialKey(settings.credentialSecret, join(dataDir, 'credential.key'));
  const credentialsFile = join(dataDir, 'credentials.json');
  const generations = await readCredentials(credentialsFile, key);
  const previous = { rev: revisionOf(stored), credentials: credentialsFor(generations, revisionOf(stored)) };
  const all: Credentials = Object.assign(credentialsMap(), previous.credentials);
  for (const [id, values] of Object.entries(credentials)) all[renamed.get(id) ?? id] = values;
  const saved = withCredentialKeys(document, all);
  // As a deploy saves: the credentials (tagged with the new revision, the previous kept) before the flow file.
  if (Object.keys(credentials).length) await writeCredentials(credentialsFile, key, [{ rev: revisionOf(saved), credentials: all }, previous]);
  await writeFlowsFile(settings.flowsFile, saved);
  io.err(`merged ${imported.flows.length} flow(s) and ${imported.nodes.length} node(s) into ${settings.flowsFile}${renamed.size ? ` (${renamed.size} id(s) renamed)` : ''}; restart Patchbay on this data dir to run them`);
  reportMissing(imported, saved, registry, dataDir, io);
  return 0;
}

/** Core nodes and the data dir's packages, as a server on it would load them. */
async function dataDirRegistry(dataDir: string): Promise<Registry> {
  const registry = new Registry();
  await registry.loadPackage(CORE_NODES_DIR);
  await loadInstalledPackages(registry, dataDir, pino({ level: 'silent' }));
  return registry;
}

const typeInfoOf = (registry: Registry) => (type: string) => registry.get(type)?.info;

/** Node packages the imported file needs that are not installed, and credentials to enter. */
function reportMissing(imported: FlowDocument, saved: FlowDocument, registry: Registry, dataDir: string, io: CommandOutput): void {
  const missing = missingPackages(imported, typeInfoOf(registry));
  if (missing.packages.length) {
    io.err(`its nodes need node packages that are not installed (they stay in the flows, marked "missing type", until installed):`);
    for (const command of installCommands(missing.packages, dataDir)) io.err(`  ${command}`);
  }
  if (missing.types.length) io.err(`node types no installed package provides (and the file names no package for): ${missing.types.join(', ')}`);
  const needCredentials = saved.nodes.filter((n) => n.credentialsMissing?.length);
  if (needCredentials.length) io.err(`credentials missing (never exported; enter them in the editor): ${needCredentials.map((n) => `${n.name || n.id} (${n.credentialsMissing!.join(', ')})`).join('; ')}`);
}

async function exportFlows(values: { to?: string; out?: string; flow?: string; 'data-dir'?: string }, io: CommandOutput, env: NodeJS.ProcessEnv): Promise<number> {
  if (values.to !== undefined && values.to !== 'node-red' && values.to !== 'patchbay') throw fail('IMPORT_FORMAT_UNKNOWN', values.to);
  const settings = resolveSettings(values['data-dir'] ? { dataDir: resolve(values['data-dir']) } : {}, env);
  const stored = checkedDocument(await readFlowsFile(settings.flowsFile), settings.flowsFile);
  if (stored === undefined) throw fail('FLOWS_FILE_UNREADABLE', settings.flowsFile, 'there is no flow file yet');
  const doc = values.flow === undefined ? stored : selectFlow(stored, values.flow);
  let text = serializeFlows({ ...doc, packages: packagesNeeded(doc.nodes, typeInfoOf(await dataDirRegistry(settings.dataDir))) });
  if (values.to === 'node-red') {
    const { flows, warnings } = exportNodeRed(doc);
    for (const warning of warnings) io.err(`warning: ${warning}`);
    text = `${JSON.stringify(flows, null, 4)}\n`;
  }
  if (values.out) await writeFileAtomic(resolve(values.out), text);
  else io.out(text.trimEnd());
  return 0;
}

/** The stored document, if it has a flow document's shape (its nodes are checked when it deploys). */
function checkedDocument(stored: unknown, file: string): FlowDocument | undefined {
  if (stored === undefined) return undefined;
  const ok = isPlainObject(stored) && stored.format === 'patchbay-flows' && Array.isArray(stored.flows) && Array.isArray(stored.nodes)
    && stored.flows.every(isPlainObject) && stored.nodes.every((n) => isPlainObject(n) && isPlainObject(n.config));
  if (!ok) throw fail('FLOWS_FILE_NOT_STARTED', file, 'it is not a Patchbay flow document');
  return stored as unknown as FlowDocument;
}

/** One line per error of a refused merge, for the terminal. */
export function describeFlowFileError(err: PatchbayError): string {
  if (err.code !== 'FLOWS_INVALID') return err.message;
  const errors = err.details as FlowError[];
  return [`the merged flows would not deploy, so nothing was changed: ${err.message}`, ...errors.map((e) => `  ${e.node ?? ''} ${e.path}: ${e.message}`)].join('\n');
}
