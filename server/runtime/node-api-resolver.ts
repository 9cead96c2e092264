// Lets node packages installed anywhere (e.g. <dataDir>/nodes/<pkg>/) import the node API as
// `patchbay/node-api` without a copy of Patchbay in their node_modules: a module resolve hook
// maps that one specifier to this server's node API (and lets the next resolver, tsx, load it).
import { register } from 'node:module';

const NODE_API_SPECIFIER = 'patchbay/node-api';
/** `.ts` when the server runs through tsx, `.js` when it runs compiled (dist/server): packages get the same node API module. */
const OWN_EXTENSION = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
let registered = false;
let typeScriptLoader: Promise<void> | undefined;

export function registerNodeApiResolver(): void {
  if (registered) return;
  registered = true;
  const target = new URL(`../node-api/index${OWN_EXTENSION}`, import.meta.url).href;
  const hook = `export async function resolve(specifier, context, next) {
    return next(specifier === ${JSON.stringify(NODE_API_SPECIFIER)} ? ${JSON.stringify(target)} : specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

/**
 * Before a node module written in TypeScript is imported: the compiled server registers tsx's
 * loader then, at the first such module, so servers without one never pay for it. (The
 * TypeScript server runs through tsx already.)
 */
export function loadTypeScriptFor(file: string): Promise<void> {
  if (OWN_EXTENSION === '.ts' || !/\.[cm]?ts$/.test(file)) return Promise.resolve();
  typeScriptLoader ??= import('tsx/esm/api').then(({ register: registerTsx }) => {
    // No tsconfig: its `paths` would send `patchbay/node-api` to the TypeScript sources, a second copy of the node API.
    registerTsx({ tsconfig: false });
  });
  return typeScriptLoader;
}
