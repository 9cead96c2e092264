// Loads a 3000-node flow into the editor in headless Chromium and prints how long until every
// node is on the canvas, the JS heap, and how smoothly the canvas pans, zooms and reacts to a
// single change. Run: node --import tsx test/bench/editor-load.ts [nodeCount]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { FlowDocument, FlowNode } from '../../server/api/contract.ts';
import { createServer } from '../../server/index.ts';
import { CHROMIUM_ARGS, ensureEditorBuilt } from '../e2e/helpers/browser.ts';

const NODE_COUNT = Number(process.argv[2] ?? 3000);
const COLUMNS = 30;

/** Chains of inject → change → debug laid out on a grid, all on one tab. */
function bigFlow(count: number): FlowDocument {
  const types = ['inject', 'change', 'debug'] as const;
  const nodes: FlowNode[] = [];
  for (let i = 0; i < count; i++) {
    const type = types[i % 3]!;
    const next = i % 3 < 2 && i + 1 < count ? [[`n${i + 1}`]] : type === 'debug' ? [] : [[]];
    nodes.push({
      id: `n${i}`, type, flow: 'big', name: `${type} ${i}`,
      x: (i % COLUMNS) * 220, y: Math.floor(i / COLUMNS) * 80,
      config: type === 'debug' ? { console: false } : {}, wires: next,
    });
  }
  return { format: 'patchbay-flows', version: 1, flows: [{ id: 'big', label: `${count} nodes` }], nodes };
}

/** Frames drawn while `action` runs for `ms`: count and the longest gap between two frames. */
async function framesDuring(page: Page, ms: number, action: () => Promise<void>) {
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.evaluate(`
    window.__frames = [];
    window.__stop = false;
    const tick = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  `);
  const started = Date.now();
  while (Date.now() - started < ms) await action();
  const frames = await page.evaluate('window.__stop = true, window.__frames') as number[];
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const seconds = (frames.at(-1)! - frames[0]!) / 1000;
  return { fps: Math.round(gaps.length / seconds), worstFrameMs: Math.round(Math.max(...gaps)) };
}

/** Frames per second while panning (right-drag) and zooming (wheel) over the canvas. */
async function measureMotion(page: Page, where: string): Promise<void> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  const center = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(center.x, center.y);
  let direction = 1;
  const pan = await framesDuring(page, 1500, async () => {
    await page.mouse.down({ button: 'right' });
    for (let i = 1; i <= 10; i++) await page.mouse.move(center.x + direction * i * 20, center.y + direction * i * 8);
    await page.mouse.up({ button: 'right' });
    await page.mouse.move(center.x, center.y);
    direction = -direction;
  });
  // Zoom in and back out by the same steps, so the view ends where it started.
  let step = 0;
  const zoom = await framesDuring(page, 1500, async () => {
    await page.mouse.wheel(0, step++ % 6 < 3 ? -100 : 100);
  });
  while (step % 6 !== 0) await page.mouse.wheel(0, step++ % 6 < 3 ? -100 : 100);
  console.log(`  ${where}: pan ${pan.fps} fps (worst frame ${pan.worstFrameMs} ms), zoom ${zoom.fps} fps (worst frame ${zoom.worstFrameMs} ms)`);
}

/** Frames per second while one node is dragged around (each frame is an edit of a 3000-node document). */
async function dragOneNode(page: Page) {
  const box = (await page.locator('.react-flow__node .node-label').nth(10).boundingBox())!;
  const start = { x: box.x + 10, y: box.y + 8 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  let step = 0;
  const frames = await framesDuring(page, 1500, async () => {
    step++;
    await page.mouse.move(start.x + 40 * Math.sin(step / 5), start.y + 40 * Math.cos(step / 5));
  });
  await page.mouse.up();
  return frames;
}

/** Milliseconds from a click on a node card to the frame that shows it selected. */
async function selectOneNode(page: Page): Promise<number> {
  const card = page.locator('.react-flow__node:not(.selected) .node-label').nth(5);
  const box = (await card.boundingBox())!;
  await page.evaluate('window.__clicked = 0; addEventListener("mousedown", () => { window.__clicked = performance.now(); }, { capture: true, once: true })');
  await page.mouse.click(box.x + 5, box.y + 5);
  return page.evaluate(`new Promise((resolve) => {
    const check = () => document.querySelector('.react-flow__node.selected')
      ? requestAnimationFrame(() => resolve(Math.round(performance.now() - window.__clicked)))
      : requestAnimationFrame(check);
    check();
  })`) as Promise<number>;
}

async function main() {
  await ensureEditorBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-bench-'));
  await writeFile(join(dataDir, 'flows.json'), JSON.stringify(bigFlow(NODE_COUNT)));
  const server = await createServer({ port: 0, host: '127.0.0.1', dataDir, broker: false, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const { editorUrl } = await server.listen();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    await page.goto(editorUrl);
    // Every node is drawn in the minimap (which shows all of them) and the visible ones are cards.
    const renderedMs = await page.evaluate(async (count) => {
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const inMinimap = Number(document.querySelector<HTMLElement>('.flow-minimap')?.dataset.nodes ?? 0);
        if (inMinimap >= count && document.querySelector('.react-flow__node')) return performance.now();
      }
    }, NODE_COUNT);
    const cards = await page.locator('.react-flow__node').count();

    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heapMb = (metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 2 ** 20).toFixed(1);
    const domNodes = metrics.find((m) => m.name === 'Nodes')!.value;

    console.log(`editor-load: ${NODE_COUNT} nodes, ${Math.round(NODE_COUNT * 2 / 3)} wires, Chromium ${browser.version()}`);
    console.log(`  all nodes rendered       ${Math.round(renderedMs)} ms after navigation (${cards} cards in view, ${domNodes} DOM nodes)`);
    console.log(`  JS heap after GC         ${heapMb} MB`);
    await measureMotion(page, 'opening view');

    const select = await selectOneNode(page);
    console.log(`  select one node          ${select} ms from click to painted`);
    const drag = await dragOneNode(page);
    console.log(`  drag one node            ${drag.fps} fps (worst frame ${drag.worstFrameMs} ms)`);

    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(300);
    const all = await page.locator('.react-flow__node').count();
    console.log(`  fit view: ${all} cards in view`);
    await measureMotion(page, 'everything in view');
  } finally {
    await browser.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
