// Where the browser editor is built from and to: build-editor.js builds it, the `patchbay`
// command checks it is fresh before starting (without loading vite).
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export const EDITOR_BUILD = {
  /** Its index.html: written last, so its time is the build's. */
  output: `${repo}dist/editor/index.html`,
  sources: [`${repo}editor`],
};
