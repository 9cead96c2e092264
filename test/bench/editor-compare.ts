// The editor row: a 3000-node flow opened in headless Chromium, in Patchbay's editor and in
// Node-RED's, used the same way: time until every node is on the page, JS heap after GC, the
// worst zoom step (a click on the zoom buttons) and the worst step of dragging every node
// (select all, drag one). A step is timed from the input event to the second animation frame
// after it: the frame that shows its result has been painted.
//
// Alone (the editor row only, median (min–max) of N runs, each in a fresh server and browser):
//   node --import tsx test/bench/editor-compare.ts [--only patchbay] [--runs N]
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureEditorBuilt } from '../e2e/helpers/browser.ts';
import { nodeRedBigFlows, patchbayBigDocument } from './flows.ts';
import type { System } from './report.ts';
import { startNodeRed, startPatchbay, type Running } from './servers.ts';

/** How each editor shows its parts: what "every node drawn" means and where the controls are. */
interface EditorParts {
  start(count: number): Promise<Running>;
  /** Page script: true once all `count` nodes are loaded and the canvas shows nodes. */
  ready: string;
  zoomIn: string;
  zoomOut: string;
  /** A node card in view to drag by. */
  node: string;
}

const EDITORS: Record<System, EditorParts> = {
  patchbay: {
    start: (count) => startPatchbay(undefined, patchbayBigDocument(count)),
    ready: `Number(document.querySelector('.flow-minimap')?.dataset.nodes ?? 0) >= COUNT && !!document.querySelector('.react-flow__node')`,
    zoomIn: '.react-flow__controls-zoomin',
    zoomOut: '.react-flow__controls-zoomout',
    node: '.react-flow__node .node-label',
  },
  nodeRed: {
    start: (count) => startNodeRed(undefined, () => nodeRedBigFlows(count)),
    ready: `(window.RED?.nodes?.filterNodes?.({ z: 'big' })?.length ?? 0) >= COUNT && document.querySelectorAll('#red-ui-workspace-chart .red-ui-flow-node').length > 0`,
    zoomIn: '#red-ui-view-zoom-in',
    zoomOut: '#red-ui-view-zoom-out',
    node: '#red-ui-workspace-chart .red-ui-flow-node',
  },
};

/** Times every `type` event (captured before the editor sees it) to its second animation frame. */
async function timeSteps(page: Page, type: string): Promise<void> {
  await page.evaluate(`
    window.__steps = [];
    window.__stepListener && removeEventListener(window.__stepType, window.__stepListener, { capture: true });
    window.__stepType = ${JSON.stringify(type)};
    window.__stepListener = () => {
      const t0 = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => window.__steps.push(performance.now() - t0)));
    };
    addEventListener(window.__stepType, window.__stepListener, { capture: true });
  `);
}

/** The step times once `count` are in (a page-side wait: waitForFunction's eval is blocked by Patchbay's CSP). */
function stepsDone(page: Page, count: number): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const check = () => window.__steps.length >= ${count} ? resolve(window.__steps) : setTimeout(check, 5);
    check();
  })`) as Promise<number[]>;
}

async function worstZoomStep(page: Page, parts: EditorParts): Promise<number> {
  await timeSteps(page, 'click');
  const buttons = [parts.zoomIn, parts.zoomIn, parts.zoomIn, parts.zoomOut, parts.zoomOut, parts.zoomOut];
  for (const [i, selector] of buttons.entries()) {
    await page.locator(selector).click();
    await stepsDone(page, i + 1);
  }
  return Math.max(...await stepsDone(page, buttons.length));
}

/** The middle of the node card nearest the canvas's centre (Node-RED draws off-screen nodes too). */
function centralNode(page: Page, selector: string): Promise<{ x: number; y: number }> {
  return page.evaluate(`(() => {
    const centre = { x: innerWidth / 2, y: innerHeight / 2 };
    const points = [...document.querySelectorAll(${JSON.stringify(selector)})].map((element) => {
      const r = element.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    const distance = (p) => Math.hypot(p.x - centre.x, p.y - centre.y);
    return points.reduce((best, p) => distance(p) < distance(best) ? p : best);
  })()`) as Promise<{ x: number; y: number }>;
}

async function worstDragStep(page: Page, parts: EditorParts): Promise<number> {
  const at = await centralNode(page, parts.node);
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('Control+a');
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await timeSteps(page, 'mousemove');
  const STEPS = 10;
  for (let i = 1; i <= STEPS; i++) {
    await page.mouse.move(at.x + i * 15, at.y + i * 6);
    await stepsDone(page, i);
  }
  const steps = await stepsDone(page, STEPS);
  await page.mouse.up();
  return Math.max(...steps);
}

/** One measurement of `system`'s editor with a `count`-node flow, in a fresh server and browser. */
export async function measureEditor(system: System, count: number): Promise<Record<string, number>> {
  const parts = EDITORS[system];
  if (system === 'patchbay') await ensureEditorBuilt();
  const running = await parts.start(count);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(running.httpUrl!);
    // performance.now() counts from the navigation's start.
    const ready = await page.evaluate(`(async () => {
      const COUNT = ${count};
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (${parts.ready}) return performance.now();
      }
    })()`) as number;
    await page.waitForTimeout(500);
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1e6;
    const zoom = await worstZoomStep(page, parts);
    const drag = await worstDragStep(page, parts);
    return { ready, heap, zoom, drag };
  } finally {
    await browser.close();
    await running.stop();
  }
}

/** Prints each figure's runs, sorted, and their median (side-by-side.ts holds the table with the goals). */
async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { only: { type: 'string' }, runs: { type: 'string', default: '3' } } });
  const systems: System[] = args.only === 'patchbay' ? ['patchbay'] : ['patchbay', 'nodeRed'];
  const runs: Record<string, number[]> = {};
  for (let run = 0; run < Number(args.runs); run++) {
    for (const system of systems) {
      for (const [key, value] of Object.entries(await measureEditor(system, 3000))) (runs[`${system} ${key}`] ??= []).push(value);
    }
  }
  for (const [name, values] of Object.entries(runs)) {
    const sorted = values.sort((a, b) => a - b);
    console.log(`${name}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}, runs ${sorted.map((v) => v.toFixed(1)).join(' ')}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
