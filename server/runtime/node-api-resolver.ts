// Lets node packages installed anywhere (e.g. <dataDir>/nodes/<pkg>/) import the node API as
// `patchbay/node-api` without a copy of Patchbay in their node_modules: a module resolve hook
// maps that one specifier to this server's node API (and lets the next resolver, tsx, load it).
import { register } from 'node:module';

const NODE_API_SPECIFIER = 'patchbay/node-api';
let registered = false;

export function registerNodeApiResolver(): void {
  if (registered) return;
  registered = true;
  const target = new URL('../node-api/index.ts', import.meta.url).href;
  const hook = `export async function resolve(specifier, context, next) {
    return next(specifier === ${JSON.stringify(NODE_API_SPECIFIER)} ? ${JSON.stringify(target)} : specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
