// The dependency rules of DESIGN.md / STYLE R3, checked on the real import graph so they
// can't be broken quietly. Each rule is a pure function of one import; the last tests feed
// the rules imports that break them, so a rule that stopped catching anything would fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Import {
  /** The importing file, relative to the repo root, with `/` separators. */
  file: string;
  spec: string;
  /** `import type` / `export type`, or a type position (`import('x').T`): erased at build. */
  typeOnly: boolean;
}

// ---- Reading imports ------------------------------------------------------------------

/** Every import of a source text: static, re-exports, dynamic import() and require(). */
function importsIn(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ file, spec: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly ?? false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ file, spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ file, spec: node.argument.literal.text, typeOnly: true });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) found.push({ file, spec: (node.arguments[0] as ts.StringLiteralLike).text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = `${dir}/${name}`;
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

const allImports = (dir: string) => sourceFiles(dir).flatMap((file) => importsIn(file, readFileSync(join(root, file), 'utf8')));

// ---- The rules --------------------------------------------------------------------------

/** Where a relative import (or the #node-api alias) lands, from the repo root; undefined for packages. */
function target(imp: Import): string | undefined {
  if (imp.spec === '#node-api' || imp.spec.startsWith('patchbay/')) return 'server/node-api/index.ts';
  if (!imp.spec.startsWith('.')) return undefined;
  return relative(root, resolve(root, dirname(imp.file), imp.spec)).split(sep).join('/');
}

/** The npm package an import names (`@scope/name` or `name`), or the builtin (`node:fs`). */
function packageOf(spec: string): string {
  if (spec.startsWith('node:')) return spec.split('/')[0]!;
  if (builtinModules.includes(spec.split('/')[0]!)) return `node:${spec.split('/')[0]}`;
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * What node code may use besides the node API: libraries for a node's own logic, and Node's
 * own modules for what nodes do (timers, crypto, HTTP requests, the function node's vm).
 * Servers, brokers, databases and the editor's stack are not on it: a node reaches MQTT,
 * HTTP endpoints and storage only through the node API. Adding to this list is a review
 * decision, not a quiet edit.
 */
const NODE_LIBRARIES = new Set([
  'mustache', 'ajv', 'acorn', 'magic-string', 'croner',
  'node:buffer', 'node:crypto', 'node:events', 'node:http', 'node:https', 'node:querystring', 'node:stream',
  'node:string_decoder', 'node:timers', 'node:url', 'node:util', 'node:vm', 'node:zlib',
  // Issue 14: the parsers Node-RED's csv, yaml, xml and html nodes use (RFC 4180 ones for csv).
  'js-yaml', 'xml2js', 'cheerio', 'csv-parse', 'csv-stringify',
]);

/** Nodes: the node API, their own (or their family's) helper files, and NODE_LIBRARIES. */
function nodeImportProblem(imp: Import): string | undefined {
  const isTest = imp.file.endsWith('.test.ts');
  const to = target(imp);
  if (imp.spec.startsWith('#') && imp.spec !== '#node-api') return 'only the #node-api alias';
  if (to === undefined) {
    // A node's tests may use real clients (mqtt.js, node:net) to drive it from outside.
    if (isTest || NODE_LIBRARIES.has(packageOf(imp.spec))) return undefined;
    return `"${packageOf(imp.spec)}" is not on the node library allow-list (test/architecture.test.ts)`;
  }
  if (to === 'server/node-api/index.ts') return undefined;
  if (isTest && to.startsWith('test/helpers/')) return undefined;
  if (!to.startsWith('nodes/')) return 'a path outside nodes/';
  if (to.endsWith('/index.ts') && dirname(to) !== dirname(imp.file)) return "another node's definition";
  return undefined;
}

/** The contract files the editor may `import type` from, and the one module it may import values from. */
const EDITOR_TYPE_SOURCES = new Set(['server/api/contract.ts', 'server/node-api/types.ts']);
const SHARED_MODULE = 'server/api/shared.ts';
/** Packages that only make sense on the server: an editor import of one pulls server code into the browser. */
const SERVER_ONLY_PACKAGES = new Set(['express', 'socket.io', 'better-sqlite3', 'mqtt', 'pino', 'ws', 'tsx']);

/** The editor: nothing from server/ or nodes/ but contract types and the shared module. */
function editorImportProblem(imp: Import): string | undefined {
  const to = target(imp);
  if (to === undefined) {
    const pkg = packageOf(imp.spec);
    if (pkg.startsWith('node:')) return 'a Node.js builtin in the browser';
    return SERVER_ONLY_PACKAGES.has(pkg) ? `the server-only package "${pkg}"` : undefined;
  }
  if (to.startsWith('editor/')) return undefined;
  if (to === SHARED_MODULE) return undefined;
  if (imp.typeOnly && EDITOR_TYPE_SOURCES.has(to)) return undefined;
  return imp.typeOnly ? `types from ${to}, which is not a contract file` : `a value from ${to} (only ${SHARED_MODULE} may be imported for values)`;
}

/** The shared module runs in the browser: it imports nothing but types. */
function sharedModuleImportProblem(imp: Import): string | undefined {
  return imp.typeOnly ? undefined : 'a value import in the browser-safe shared module';
}

/**
 * aedes (and its plugins) anywhere but server/broker/. test/bench/ is a package of its own whose
 * aedes is the broker Node-RED runs against in the comparison, not Patchbay's.
 */
function aedesImportProblem(imp: Import): string | undefined {
  if (!/^aedes(-|$)/.test(packageOf(imp.spec))) return undefined;
  return imp.file.startsWith('server/broker/') || imp.file.startsWith('test/bench/') ? undefined : 'aedes outside server/broker/';
}

/** The server never reaches into nodes/ or editor/ by path. */
function serverImportProblem(imp: Import): string | undefined {
  const to = target(imp);
  return to?.startsWith('nodes/') || to?.startsWith('editor/') ? `${to} by path` : undefined;
}

/** The node API stands alone: nothing from the rest of the server but the pure shared module. */
function nodeApiImportProblem(imp: Import): string | undefined {
  const to = target(imp);
  if (to === undefined || to.startsWith('server/node-api/') || to === SHARED_MODULE) return undefined;
  return `${to}, outside the node API`;
}

/** The runtime core sits under the HTTP, realtime, broker and storage layers, never on them. */
function runtimeImportProblem(imp: Import): string | undefined {
  const to = target(imp);
  const above = ['server/http/', 'server/realtime/', 'server/broker/', 'server/storage/', 'server/mqtt/'];
  return to !== undefined && above.some((dir) => to.startsWith(dir)) ? `${to}, a layer above the runtime` : undefined;
}

function violations(imports: Import[], rule: (imp: Import) => string | undefined): string[] {
  return imports.flatMap((imp) => {
    const problem = rule(imp);
    return problem ? [`${imp.file}: "${imp.spec}": ${problem}`] : [];
  });
}

// ---- The tree follows the rules ---------------------------------------------------------

test('nodes import only #node-api, node helper files and allow-listed libraries', () => {
  assert.deepEqual(violations(allImports('nodes'), nodeImportProblem), []);
});

test('the editor imports from the server only contract types and the shared module', () => {
  assert.deepEqual(violations(allImports('editor/src'), editorImportProblem), []);
});

test('the shared module imports only types', () => {
  assert.deepEqual(violations(allImports('server/api').filter((imp) => imp.file === SHARED_MODULE), sharedModuleImportProblem), []);
});

test('only server/broker imports aedes, across the whole tree', () => {
  const everything = ['server', 'nodes', 'editor/src', 'test', 'examples'].flatMap(allImports);
  assert.deepEqual(violations(everything, aedesImportProblem), []);
});

test('the server never imports nodes or the editor by path', () => {
  assert.deepEqual(violations(allImports('server'), serverImportProblem), []);
});

test('the node API does not reach into the rest of the server', () => {
  assert.deepEqual(violations(allImports('server/node-api'), nodeApiImportProblem), []);
});

test('the runtime does not import the layers above it (storage, HTTP, realtime, broker, MQTT)', () => {
  assert.deepEqual(violations(allImports('server/runtime'), runtimeImportProblem), []);
});

// ---- The rules catch what they are for ----------------------------------------------------

test('the import reader sees every form of import', () => {
  const text = [
    "import type { A } from './types.ts';",
    "import { b, type C } from 'lib-b';",
    "export * from 'lib-c';",
    "export type { D } from './d.ts';",
    "const e = await import('lib-e');",
    "const f = require('lib-f');",
    "let g: import('lib-g').G;",
  ].join('\n');
  assert.deepEqual(importsIn('editor/src/x.ts', text).map((i) => [i.spec, i.typeOnly]), [
    ['./types.ts', true], ['lib-b', false], ['lib-c', false], ['./d.ts', true], ['lib-e', false], ['lib-f', false], ['lib-g', true],
  ]);
});

test('each rule fails on a violation and passes the allowed form', () => {
  const imp = (file: string, spec: string, typeOnly = false): Import => ({ file, spec, typeOnly });
  const cases: Array<[(i: Import) => string | undefined, Import, boolean]> = [
    // nodes: forbidden server packages and paths; allowed API, helpers, libraries
    [nodeImportProblem, imp('nodes/lamp/index.ts', 'aedes'), false],
    [nodeImportProblem, imp('nodes/lamp/index.ts', 'mqtt'), false],
    [nodeImportProblem, imp('nodes/lamp/index.ts', 'express'), false],
    [nodeImportProblem, imp('nodes/lamp/index.ts', 'better-sqlite3'), false],
    [nodeImportProblem, imp('nodes/lamp/index.ts', 'node:child_process'), false],
    [nodeImportProblem, imp('nodes/lamp/index.ts', 'fs'), false],
    [nodeImportProblem, imp('nodes/lamp/index.ts', '../../server/runtime/runtime.ts'), false],
    [nodeImportProblem, imp('nodes/lamp/index.ts', '../switch/index.ts'), false],
    [nodeImportProblem, imp('nodes/lamp/index.ts', '#server'), false],
    [nodeImportProblem, imp('nodes/lamp/index.ts', '#node-api'), true],
    [nodeImportProblem, imp('nodes/lamp/index.ts', './colour.ts'), true],
    [nodeImportProblem, imp('nodes/lamp/index.ts', '../status/scope.ts'), true],
    [nodeImportProblem, imp('nodes/lamp/index.ts', 'mustache'), true],
    [nodeImportProblem, imp('nodes/lamp/lamp.test.ts', 'mqtt'), true],
    [nodeImportProblem, imp('nodes/lamp/lamp.test.ts', '../../test/helpers/flows.ts'), true],
    // editor: no values from the server but the shared module, no types but the contract
    [editorImportProblem, imp('editor/src/graph/x.ts', '../../../server/node-api/index.ts'), false],
    [editorImportProblem, imp('editor/src/graph/x.ts', '#node-api'), false],
    [editorImportProblem, imp('editor/src/graph/x.ts', '../../../server/api/contract.ts'), false],
    [editorImportProblem, imp('editor/src/graph/x.ts', '../../../server/runtime/registry.ts', true), false],
    [editorImportProblem, imp('editor/src/graph/x.ts', '../../../nodes/inject/index.ts', true), false],
    [editorImportProblem, imp('editor/src/graph/x.ts', 'express'), false],
    [editorImportProblem, imp('editor/src/graph/x.ts', 'node:fs'), false],
    [editorImportProblem, imp('editor/src/graph/x.ts', '../../../server/api/contract.ts', true), true],
    [editorImportProblem, imp('editor/src/graph/x.ts', '../../../server/node-api/types.ts', true), true],
    [editorImportProblem, imp('editor/src/graph/x.ts', '../../../server/api/shared.ts'), true],
    [editorImportProblem, imp('editor/src/graph/x.ts', '@xyflow/react'), true],
    [sharedModuleImportProblem, imp(SHARED_MODULE, '../node-api/index.ts'), false],
    [sharedModuleImportProblem, imp(SHARED_MODULE, '../node-api/types.ts', true), true],
    // aedes: only the broker, wherever the importer lives
    [aedesImportProblem, imp('server/http/app.ts', 'aedes'), false],
    [aedesImportProblem, imp('test/unit/x.test.ts', 'aedes-persistence'), false],
    [aedesImportProblem, imp('editor/src/x.ts', 'aedes/types'), false],
    [aedesImportProblem, imp('server/broker/broker.ts', 'aedes'), true],
    [aedesImportProblem, imp('test/bench/aedes-broker.js', 'aedes'), true],
    // server layers
    [serverImportProblem, imp('server/runtime/x.ts', '../../nodes/inject/index.ts'), false],
    [serverImportProblem, imp('server/http/x.ts', '../../editor/src/main.tsx'), false],
    [nodeApiImportProblem, imp('server/node-api/x.ts', '../runtime/router.ts'), false],
    [nodeApiImportProblem, imp('server/node-api/x.ts', './types.ts'), true],
    [runtimeImportProblem, imp('server/runtime/runtime.ts', '../storage/flows-file.ts'), false],
    [runtimeImportProblem, imp('server/runtime/runtime.ts', '../api/shared.ts'), true],
  ];
  for (const [rule, example, allowed] of cases) {
    assert.equal(rule(example) === undefined, allowed, `${rule.name}(${example.file} → ${example.spec}${example.typeOnly ? ', type-only' : ''}) should be ${allowed ? 'allowed' : 'refused'}`);
  }
});
