// The node-type registry: loads node packages (core and custom alike) and answers type lookups.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TObject } from '@sinclair/typebox';
import type { NodeType } from '../node-api/index.ts';
import type { NodeTypeInfo } from '../node-api/types.ts';
import semver from 'semver';
import { fail, failFrom, PatchbayError } from '../errors.ts';
import { defaultConfig, errorMessage } from '../api/shared.ts';
import { loadTypeScriptFor, registerNodeApiResolver } from './node-api-resolver.ts';
import { compileDefaults, type ApplyDefaults } from './config-defaults.ts';

export interface RegisteredType {
  definition: NodeType;
  info: NodeTypeInfo;
  /** Compiled once: the config schema is checked on every deploy. */
  checkConfig: TypeCheck<TObject>;
  /** Compiled once, like checkConfig: fills in a copy of a node's config (see config-defaults.ts). */
  applyDefaults: ApplyDefaults;
  /** Directory of the module, for the custom editor element. */
  dir: string;
  /** When it was loaded (a reinstalled package's types are new objects with a new time). */
  loadedAt: string;
}

/** The `"patchbay"` key of a node package's package.json. */
interface PackageManifest {
  /** The node API versions the package works with: a number, or a semver range such as ">=1 <3". */
  apiVersion: number | string;
  nodes: string[];
}

/** Where a package was found: Patchbay's own nodes/, `<dataDir>/node_modules` (npm) or `<dataDir>/nodes/` (a loose folder). */
export type PackageSource = 'core' | 'npm' | 'local';

/** A package the registry tried to load, with its types or why it failed (served by GET /api/packages). */
export interface PackageRecord {
  name: string;
  version: string;
  source: PackageSource;
  dir: string;
  types: string[];
  error?: { code: string; message: string };
}

/** The node API version this server implements; bumped only for breaking changes. */
export const NODE_API_VERSION = 1;

export class Registry {
  private readonly types = new Map<string, RegisteredType>();
  private readonly records = new Map<string, PackageRecord>();

  get(type: string): RegisteredType | undefined {
    return this.types.get(type);
  }

  catalogue(): NodeTypeInfo[] {
    return [...this.types.values()].map((t) => t.info);
  }

  /** Every package tried, loaded or failed, in load order. */
  packages(): PackageRecord[] {
    return [...this.records.values()];
  }

  /**
   * Loads every node module a package lists under `"patchbay": { "nodes": [...] }`, all or none:
   * a module that fails leaves none of the package's types registered. The modules import the
   * node API as `patchbay/node-api`, wherever the package lives. Throws naming the package; the
   * failure is also kept in packages().
   */
  async loadPackage(packageDir: string, source: PackageSource = 'core'): Promise<PackageRecord> {
    // Core nodes import `#node-api`. The hook runs in a loader thread that every later import
    // waits for, so a server without other packages never starts it.
    if (source !== 'core') registerNodeApiResolver();
    const record: PackageRecord = { name: basename(packageDir), version: '', source, dir: packageDir, types: [] };
    try {
      const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
      record.name = typeof pkg.name === 'string' ? pkg.name : record.name;
      record.version = typeof pkg.version === 'string' ? pkg.version : '';
      this.unloadPackage(record.name);
      record.types = await this.loadModules(packageDir, pkg, source !== 'core');
      this.records.set(record.name, record);
      return record;
    } catch (err) {
      const failure = err instanceof PatchbayError && err.code.startsWith('NODE_') ? err : failFrom(err, 'NODE_PACKAGE_LOAD_FAILED', record.name, errorMessage(err));
      record.error = { code: failure.code, message: failure.message };
      this.records.set(record.name, record);
      throw failure;
    }
  }

  /** Forgets a package's types (its modules stay in memory: ES modules cannot be unloaded). */
  unloadPackage(name: string): void {
    const record = this.records.get(name);
    if (!record) return;
    for (const type of record.types) this.types.delete(type);
    this.records.delete(name);
  }

  private async loadModules(packageDir: string, pkg: PackageJson, fresh: boolean): Promise<string[]> {
    const manifest = pkg.patchbay;
    if (typeof pkg.name !== 'string' || !manifest || !Array.isArray(manifest.nodes)) {
      throw fail('NODE_PACKAGE_INVALID', join(packageDir, 'package.json'), 'needs a name and "patchbay": { "apiVersion": 1, "nodes": [...] }');
    }
    if (!supportsApi(manifest.apiVersion)) {
      throw fail('NODE_API_MISMATCH', pkg.name, JSON.stringify(manifest.apiVersion), NODE_API_VERSION);
    }
    // A reinstalled package must not come from the module cache: a query makes its URLs new.
    const query = fresh ? `?load=${Date.now()}` : '';
    const loaded: RegisteredType[] = [];
    for (const modulePath of manifest.nodes) {
      const registered = await this.prepareModule(resolve(packageDir, modulePath), pkg.name, query);
      if (typeof pkg.version === 'string') registered.info.moduleVersion = pkg.version;
      if (loaded.some((t) => t.info.type === registered.info.type)) throw fail('NODE_TYPE_DUPLICATE', registered.info.type, pkg.name, pkg.name);
      loaded.push(registered);
    }
    for (const registered of loaded) this.types.set(registered.info.type, registered);
    return loaded.map((t) => t.info.type);
  }

  /** Loads and registers one node module: its default export is a `defineNode(...)` result. */
  async loadModule(file: string, moduleName: string): Promise<RegisteredType> {
    const registered = await this.prepareModule(file, moduleName, '');
    this.types.set(registered.info.type, registered);
    return registered;
  }

  /**
   * Registers a definition already in memory (the node test helper's way in); `dir` is where
   * its help.md and custom editor are.
   */
  async add(definition: NodeType, dir: string, moduleName: string): Promise<RegisteredType> {
    const registered = await this.prepare(definition, dir, moduleName, dir);
    this.types.set(registered.info.type, registered);
    return registered;
  }

  private async prepareModule(file: string, moduleName: string, query: string): Promise<RegisteredType> {
    await loadTypeScriptFor(file);
    const exported = (await import(pathToFileURL(file).href + query)) as { default?: NodeType };
    return this.prepare(exported.default, dirname(file), moduleName, file);
  }

  private async prepare(definition: NodeType | undefined, dir: string, moduleName: string, file: string): Promise<RegisteredType> {
    if (!definition || typeof definition.type !== 'string' || typeof definition.create !== 'function') {
      throw fail('NODE_MODULE_INVALID', file, 'default export must come from defineNode()');
    }
    const existing = this.types.get(definition.type);
    if (existing) {
      if (existing.dir === dir && existing.info.module === moduleName) return existing;
      throw fail('NODE_TYPE_DUPLICATE', definition.type, moduleName, existing.info.module);
    }
    const help = definition.help ?? (await readFile(join(dir, 'help.md'), 'utf8').catch(() => ''));
    const registered: RegisteredType = {
      definition,
      dir,
      loadedAt: new Date().toISOString(),
      checkConfig: TypeCompiler.Compile(definition.config),
      applyDefaults: compileDefaults(definition.config),
      info: {
        type: definition.type,
        version: definition.version ?? 1,
        category: definition.category,
        label: definition.label,
        color: definition.color,
        icon: definition.icon,
        inputs: definition.inputs,
        outputs: definition.outputs,
        schema: plainSchema(definition.config),
        credentials: definition.credentials && plainSchema(definition.credentials),
        help,
        button: definition.button,
        hidden: definition.hidden,
        editor: definition.editor && `/api/nodes/${encodeURIComponent(definition.type)}/editor.js`,
        module: moduleName,
      },
    };
    const problem = defaultConfigProblem(registered);
    if (problem) throw fail('NODE_MODULE_INVALID', file, problem);
    return registered;
  }
}

/** TypeBox schemas carry symbol keys; the catalogue sends plain JSON Schema. */
function plainSchema(schema: TObject): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

/** Why a fresh node of this type (the config the editor starts it with) would not deploy, if it wouldn't. */
function defaultConfigProblem(registered: RegisteredType): string | undefined {
  const [first] = registered.checkConfig.Errors(defaultConfig(registered.info.schema));
  return first && `a new node's config fails the type's own schema at /config${first.path}: ${first.message}`;
}

/** Whether the manifest's `apiVersion` (a number, or a semver range like "^1") admits this server's node API. */
function supportsApi(apiVersion: unknown): boolean {
  if (typeof apiVersion === 'number') return apiVersion === NODE_API_VERSION;
  return typeof apiVersion === 'string' && semver.validRange(apiVersion) !== null && semver.satisfies(`${NODE_API_VERSION}.0.0`, apiVersion);
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
  patchbay?: PackageManifest;
}
