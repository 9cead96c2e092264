// A blank page with the editor's Lit elements registered, for component tests: the elements
// are bundled by vite in memory and served through request interception, so no port is used.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export const ORIGIN = 'http://elements.test';
const entry = fileURLToPath(new URL('../../../editor/src/elements/index.ts', import.meta.url));

/** Bundles editor/src/elements into ES modules: file name → code. */
export async function bundleElements(): Promise<Map<string, string>> {
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'elements' } },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const files = new Map<string, string>();
  for (const output of outputs) {
    if (!('output' in output)) continue;
    for (const chunk of output.output) if (chunk.type === 'chunk') files.set(chunk.fileName, chunk.code);
  }
  return files;
}

/**
 * Opens a page at ORIGIN that loads the bundle. `extraModules` are served too (path → code),
 * e.g. a node type's custom form element.
 */
export async function openElementsPage(browser: Browser, files: Map<string, string>, extraModules: Record<string, string> = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice(1);
    if (path === '') {
      return route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><body><script type="module" src="/elements.js"></script><main id="host"></main></body></html>` });
    }
    const code = files.get(path) ?? extraModules[path];
    if (code === undefined) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ contentType: 'text/javascript', body: code });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => customElements.get('pb-node-form') !== undefined);
  await page.addScriptTag({ content: MOUNT_SCRIPT });
  return page;
}

/**
 * `window.__mount(tag, props, eventNames)`: replaces the page's content with one element,
 * records the named events in `window.__events`. A form context's catalogue arrives as a
 * list (JSON) and becomes a Map; its ids are `new-1`, `new-2`, ... Plain JS in the page,
 * because functions serialised from the test file would carry the test runner's helpers.
 */
const MOUNT_SCRIPT = `
window.__mount = (tag, props, eventNames) => {
  window.__events = [];
  const el = document.createElement(tag);
  if (props.context) {
    let next = 0;
    props.context = {
      ...props.context,
      catalogue: new Map(props.context.catalogue.map((t) => [t.type, t])),
      newId: () => 'new-' + ++next,
      errorsOf: () => [],
      credentialsOf: () => ({}),
    };
  }
  Object.assign(el, props);
  for (const name of eventNames) el.addEventListener(name, (e) => window.__events.push({ type: name, detail: e.detail }));
  document.getElementById('host').replaceChildren(el);
  window.__el = el;
};
`;
