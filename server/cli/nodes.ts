// `patchbay nodes new|install|list|remove`: node packages of a data dir, with or without a
// server running on it (a running one follows at once: it watches <dataDir>/package.json).
import { resolve } from 'node:path';
import { pino } from 'pino';
import type { FlowDocument } from '../api/contract.ts';
import { resolveSettings } from '../config.ts';
import { CORE_NODES_DIR } from '../index.ts';
import { isPlainObject } from '../plain-object.ts';
import { loadInstalledPackages } from '../packages/installed.ts';
import { flowsUsing, NodePackages } from '../packages/manager.ts';
import { scaffoldPackage } from '../packages/scaffold.ts';
import { Registry, type PackageRecord } from '../runtime/registry.ts';
import { readFlowsFile } from '../storage/flows-file.ts';
import { parseCommand, UsageError, type CliCommand } from './command.ts';

const USAGE = `patchbay nodes new NAME [--form]          scaffold a node package in ./NAME (builds and tests with npm test)
       patchbay nodes install <npm-name|path|tarball> [--allow-scripts]   install a node package into the data dir
       patchbay nodes list                          installed node packages, their types, and load errors
       patchbay nodes remove NAME                   uninstall (nodes of its types stay in flows, marked "missing type")`;

export const nodesCommand: CliCommand = {
  name: 'nodes',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand(args, {
      'data-dir': { type: 'string' },
      form: { type: 'boolean', default: false },
      'allow-scripts': { type: 'boolean', default: false },
    });
    const [verb, target, ...extra] = positionals;
    if (extra.length || (verb !== 'list' && !target) || (verb === 'list' && target)) throw new UsageError(`expected: ${USAGE}`);
    if (verb === 'new') return scaffold(target!, values.form);
    const settings = resolveSettings(values['data-dir'] === undefined ? {} : { dataDir: resolve(values['data-dir']) });
    const registry = new Registry();
    await registry.loadPackage(CORE_NODES_DIR);
    await loadInstalledPackages(registry, settings.dataDir, pino({ level: 'silent' }));
    const packages = new NodePackages(settings.dataDir, registry);
    if (verb === 'list') return list(packages.list());
    if (verb === 'install') return install(packages, target!, values['allow-scripts'], settings.dataDir);
    if (verb === 'remove') return remove(packages, target!, settings.flowsFile);
    throw new UsageError(`unknown nodes command "${verb ?? ''}": ${USAGE}`);
  },
};

async function scaffold(name: string, form: boolean): Promise<number> {
  const { dir, type } = await scaffoldPackage(name, { form });
  console.log(`created ${dir} with node type "${type}"\n\n  cd ${name}\n  npm test\n  npx patchbay nodes install . --data-dir DIR`);
  return 0;
}

function describe(record: PackageRecord): string {
  const where = record.source === 'local' ? ` (folder ${record.dir})` : '';
  if (record.error) return `${record.name}${record.version ? `@${record.version}` : ''}${where}: NOT LOADED — ${record.error.message} (${record.error.code})`;
  return `${record.name}@${record.version}${where}: ${record.types.join(', ') || 'no node types'}`;
}

function list(records: PackageRecord[]): number {
  if (!records.length) console.log('no node packages installed');
  for (const record of records) console.log(describe(record));
  return records.some((r) => r.error) ? 1 : 0;
}

async function install(packages: NodePackages, spec: string, allowScripts: boolean, dataDir: string): Promise<number> {
  const record = await packages.install(spec, { allowScripts, onOutput: (line) => console.error(line) });
  console.log(`installed into ${dataDir}: ${describe(record)}`);
  return record.error ? 1 : 0;
}

async function remove(packages: NodePackages, name: string, flowsFile: string): Promise<number> {
  const record = await packages.remove(name);
  console.log(`removed ${record.name}`);
  const stored: unknown = await readFlowsFile(flowsFile).catch(() => undefined);
  const users = isFlowDocument(stored) ? flowsUsing(stored, record.types) : [];
  if (users.length) console.log(`its nodes stay in the flows, marked "missing type" until it is installed again: ${users.join('; ')}`);
  return 0;
}

function isFlowDocument(value: unknown): value is FlowDocument {
  return isPlainObject(value) && Array.isArray(value.flows) && Array.isArray(value.nodes) && value.nodes.every(isPlainObject);
}
