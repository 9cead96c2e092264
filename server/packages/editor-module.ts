// A node package's custom form element, as one ES module for the browser: the package's
// compiled module bundled with what it imports (Lit, its own helpers), since a browser can't
// resolve bare specifiers like `lit`. Bundled once per load of the package.
import { join } from 'node:path';
import { INSTALL_DIR } from '../install-dir.ts';

const PATCHBAY_MODULES = join(INSTALL_DIR, 'node_modules');
const bundles = new Map<string, Promise<string>>();

/** The bundle of `file`; `key` changes when the package is loaded again (a reinstall). */
export function editorModule(file: string, key: string): Promise<string> {
  const cacheKey = `${key}\0${file}`;
  let bundle = bundles.get(cacheKey);
  if (!bundle) {
    // Lit from the package's own node_modules if it ships one, else Patchbay's. esbuild loads
    // here, not at start: most servers never bundle an editor.
    bundle = import('esbuild').then(({ build }) => build({ entryPoints: [file], bundle: true, format: 'esm', write: false, logLevel: 'silent', nodePaths: [PATCHBAY_MODULES], target: 'es2022' })
      .then((result) => result.outputFiles[0]!.text));
    bundle.catch(() => bundles.delete(cacheKey));
    bundles.set(cacheKey, bundle);
  }
  return bundle;
}
