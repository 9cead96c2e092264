// Where Patchbay is installed: the checkout holding package.json, node_modules, examples/ and the
// built editor. This module runs from server/ (TypeScript through tsx) or from a compiled build,
// dist/server-builds/<build>/server/ (bin/compile-server.js), so it can't just go one directory up.
import { fileURLToPath } from 'node:url';

const here = new URL('.', import.meta.url);
const COMPILED = /\/dist\/server-builds\/[^/]+\/server\/$/;

/** The checkout's path, ending in a slash. */
export const INSTALL_DIR = fileURLToPath(new URL(COMPILED.test(here.pathname) ? '../../../../' : '../', here));
