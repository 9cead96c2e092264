// The node-type registry: loads node packages (core and custom alike) and answers type lookups.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TObject } from '@sinclair/typebox';
import type { NodeType } from '../node-api/index.ts';
import type { NodeTypeInfo } from '../node-api/types.ts';
import { fail } from '../errors.ts';
import { defaultConfig } from '../api/shared.ts';
import { registerNodeApiResolver } from './node-api-resolver.ts';

export interface RegisteredType {
  definition: NodeType;
  info: NodeTypeInfo;
  /** Compiled once: the config schema is checked on every deploy. */
  checkConfig: TypeCheck<TObject>;
  /** Directory of the module, for the custom editor element. */
  dir: string;
}

/** The `"patchbay"` key of a node package's package.json. */
interface PackageManifest {
  /** The node API version the package is written against (NODE_API_VERSION). */
  apiVersion: number;
  nodes: string[];
}

/** The node API version this server implements; bumped only for breaking changes. */
const NODE_API_VERSION = 1;

export class Registry {
  private readonly types = new Map<string, RegisteredType>();

  get(type: string): RegisteredType | undefined {
    return this.types.get(type);
  }

  catalogue(): NodeTypeInfo[] {
    return [...this.types.values()].map((t) => t.info);
  }

  /**
   * Loads every node module a package lists under `"patchbay": { "nodes": [...] }`. The
   * modules import the node API as `patchbay/node-api`, wherever the package lives.
   */
  async loadPackage(packageDir: string): Promise<void> {
    registerNodeApiResolver();
    const pkgPath = join(packageDir, 'package.json');
    const pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as { name?: string; patchbay?: PackageManifest };
    const manifest = pkg.patchbay;
    if (!pkg.name || !manifest || !Array.isArray(manifest.nodes)) {
      throw fail('NODE_PACKAGE_INVALID', pkgPath, 'needs a name and "patchbay": { "apiVersion": 1, "nodes": [...] }');
    }
    if (manifest.apiVersion !== NODE_API_VERSION) {
      throw fail('NODE_API_MISMATCH', pkg.name, JSON.stringify(manifest.apiVersion), NODE_API_VERSION);
    }
    for (const modulePath of manifest.nodes) await this.loadModule(resolve(packageDir, modulePath), pkg.name);
  }

  /** Loads one node module: its default export is a `defineNode(...)` result. */
  async loadModule(file: string, moduleName: string): Promise<RegisteredType> {
    const exported = (await import(pathToFileURL(file).href)) as { default?: NodeType };
    const definition = exported.default;
    if (!definition || typeof definition.type !== 'string' || typeof definition.create !== 'function') {
      throw fail('NODE_MODULE_INVALID', file, 'default export must come from defineNode()');
    }
    const existing = this.types.get(definition.type);
    if (existing) {
      if (existing.dir === dirname(file)) return existing;
      throw fail('NODE_TYPE_DUPLICATE', definition.type, moduleName, existing.info.module);
    }
    const dir = dirname(file);
    const help = definition.help ?? (await readFile(join(dir, 'help.md'), 'utf8').catch(() => ''));
    const registered: RegisteredType = {
      definition,
      dir,
      checkConfig: TypeCompiler.Compile(definition.config),
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
    this.types.set(definition.type, registered);
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
