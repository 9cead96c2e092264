// What compile-server.js changes in esbuild's bundling of the server, and in its output.
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Bundled CommonJS packages call require() for Node's built-ins and the external packages. */
export const REQUIRE_BANNER = "import { createRequire as __patchbayCreateRequire } from 'node:module'; const require = __patchbayCreateRequire(import.meta.url);";
/** Stands for the build's root directory in the bundles; each output file defines it for its own depth. */
const DIST_ROOT = '__patchbayDistRoot';

/**
 * Two rewrites of the project's own modules. `createRequire(import.meta.url)(...)`, its way to
 * require CommonJS synchronously, becomes the bundle's require: a package it requires is the
 * bundled one, the very module object other bundled code imports (the broker wraps a function
 * of the mqtt-packet that aedes writes with), or Node's for an external. And `import.meta.url`
 * keeps meaning where the module would be in the build if it were not bundled
 * (<build>/server/install-dir.js, ...), not the bundle it ends up in: the modules that find
 * files, the checkout or the node API relative to themselves keep working.
 */
export function projectModules(repo, sourceDirs) {
  const projectSource = new RegExp(`^(?:${sourceDirs.map((dir) => escapeRegExp(join(repo, dir, sep))).join('|')}).*\\.ts$`);
  return {
    name: 'project-modules',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        if (!projectSource.test(path)) return undefined;
        const code = await readFile(path, 'utf8');
        if (!code.includes('import.meta.url')) return undefined;
        const compiled = relative(repo, path).replace(/\.ts$/, '.js').split(sep).join('/');
        const contents = code
          .replaceAll('createRequire(import.meta.url)(', 'require(')
          .replaceAll('import.meta.url', `new URL(${JSON.stringify(compiled)}, ${DIST_ROOT}).href`);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * npm installs a package more than once, at the same version, when it can't hoist it (socket.io
 * and engine.io each have accepts, mime-types and mime-db; ws three times): the bundle gets one
 * copy of each name@version, the first one resolved, as if npm had deduplicated them.
 */
export const oneCopyPerVersion = {
  name: 'one-copy-per-version',
  setup(build) {
    const resolving = Symbol('resolving');
    const copies = new Map(); // name@version → the package directory bundled
    build.onResolve({ filter: /^[^./]/ }, async ({ path, kind, importer, resolveDir, pluginData }) => {
      if (pluginData === resolving) return undefined;
      const resolved = await build.resolve(path, { kind, importer, resolveDir, pluginData: resolving });
      if (resolved.errors.length > 0) return undefined; // esbuild reports it as usual
      const dir = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(resolved.path)?.[1];
      if (resolved.external || !dir) return resolved;
      const { name, version } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
      const key = `${name}@${version}`;
      if (!copies.has(key)) copies.set(key, dir);
      return { ...resolved, path: copies.get(key) + resolved.path.slice(dir.length) };
    });
  },
};

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An output file as written: ASCII only, with DIST_ROOT defined for its place when it uses it. */
export function writtenOutput(code, file) {
  return withDistRoot(asciiOnly(code), file);
}

/** `code` with DIST_ROOT defined relative to where the file is, when it uses it. */
function withDistRoot(code, file) {
  if (!code.includes(DIST_ROOT)) return code;
  const up = '../'.repeat(file.split(sep).length - 1) || './';
  return `const ${DIST_ROOT} = new URL(${JSON.stringify(up)}, import.meta.url);\n${code}`;
}

/**
 * esbuild escapes non-ASCII characters in code but keeps comments as written. One "µ" in a
 * comment makes V8 hold the whole file's source as two bytes per character (7 MB instead of
 * 3.5 for the server's chunk), so they are escaped too: a comment reads the same either way.
 */
function asciiOnly(code) {
  return code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
