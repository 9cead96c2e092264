// A page object for the editor: the steps a person takes, named as they would say them, so
// the tests read as scenarios. Locators use accessible names and visible text only.
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';

/** Upper bound for anything the editor does in response to a click. */
export const STEP_MS = 10_000;

export class EditorPage {
  /** Uncaught exceptions and console errors: a test fails if any appear. */
  readonly problems: string[] = [];
  private shots = 0;

  private constructor(readonly page: Page, private readonly shotDir: string) {
    page.setDefaultTimeout(STEP_MS);
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      // A refused request (409, 400) is logged by the browser; the tests assert those through the UI.
      if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) this.problems.push(`console: ${msg.text()}`);
    });
  }

  /** Opens the editor at `url` in a fresh page and waits until flows are loaded and the live feed connected. */
  static async open(browser: Browser, url: string, shotDir: string): Promise<EditorPage> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, acceptDownloads: true });
    const editor = new EditorPage(await context.newPage(), shotDir);
    await editor.page.goto(url);
    await editor.page.getByRole('tab', { selected: true }).first().waitFor();
    await editor.page.getByRole('status', { name: 'Server connected' }).waitFor();
    return editor;
  }

  /** Saves a numbered screenshot for a person to look at. */
  async shot(step: string): Promise<void> {
    this.shots++;
    await this.page.screenshot({ path: join(this.shotDir, `${String(this.shots).padStart(2, '0')}-${step}.png`) });
  }

  get canvas(): Locator {
    return this.page.locator('.react-flow__pane');
  }

  /** The card of the node showing `label` (its name or its type's label). */
  node(label: string): Locator {
    return this.page.locator('.react-flow__node').filter({ has: this.page.locator('.node-label', { hasText: new RegExp(`^${escape(label)}$`) }) });
  }

  /** The on-screen boxes of the nodes showing `label`, in document order. */
  async boxes(label: string): Promise<Array<{ x: number; y: number; width: number; height: number }>> {
    const boxes = [];
    for (const card of await this.node(label).all()) boxes.push((await card.boundingBox())!);
    return boxes;
  }

  async addFlow(): Promise<void> {
    const before = await this.page.getByRole('tab').count();
    await this.page.getByRole('button', { name: 'Add flow' }).click();
    await this.page.waitForFunction((n) => document.querySelectorAll('[role=tab]').length > n, before);
  }

  /** Drags a palette entry onto the canvas at `at` (relative to the canvas). */
  async dragFromPalette(label: string, at: { x: number; y: number }): Promise<void> {
    const count = await this.node(label).count();
    await this.page.getByRole('complementary', { name: 'Palette' }).getByRole('button', { name: label, exact: true })
      .dragTo(this.canvas, { targetPosition: at });
    await this.waitForCount(this.node(label), count + 1);
  }

  /** Drags a wire from output `port` of one node to the input of another. */
  async wire(from: string, to: string, port = 0): Promise<void> {
    const edges = await this.page.locator('.react-flow__edge').count();
    const source = await this.node(from).locator('.react-flow__handle.source').nth(port).boundingBox();
    const target = await this.node(to).locator('.react-flow__handle.target').boundingBox();
    assert.ok(source && target, `ports of ${from} and ${to} are on screen`);
    await this.page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(target.x - 20, target.y, { steps: 10 });
    await this.page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 3 });
    await this.page.mouse.up();
    await this.waitForCount(this.page.locator('.react-flow__edge'), edges + 1);
  }

  /** Selects one node and shows its properties. */
  async select(label: string): Promise<void> {
    await this.node(label).locator('.node-label').click();
    await this.page.getByRole('tab', { name: 'Properties' }).click();
    await this.form.locator('header').waitFor();
  }

  /** The property form of the selected node (inside its shadow root, which locators pierce). */
  get form(): Locator {
    return this.page.locator('pb-node-form');
  }

  /** Deploys and waits for the outcome: "deployed", or "refused" with errors shown. */
  async deploy(expect: 'deployed' | 'refused' = 'deployed'): Promise<void> {
    const button = this.page.getByRole('button', { name: 'Deploy' });
    await button.click();
    if (expect === 'refused') {
      await this.page.getByRole('alert', { name: 'Deploy errors' }).waitFor();
      return;
    }
    // Deployed: nothing left to deploy, and no error list.
    await until(async () => (await button.getAttribute('data-dirty')) === null && (await button.innerText()) === 'Deploy', 'the deploy to finish');
    assert.equal(await this.page.getByRole('alert', { name: 'Deploy errors' }).count(), 0);
  }

  async openDebug(): Promise<void> {
    await this.page.getByRole('tab', { name: /^Debug/ }).click();
  }

  /** Debug messages in the sidebar, oldest first. */
  get debugMessages(): Locator {
    return this.page.getByRole('log', { name: 'Debug messages' }).locator('article');
  }

  /**
   * Walks to `target` with Tab, as a keyboard user does: first looks until it is on screen (a
   * form renders after the key that opened it, the code editor loads on demand; Tab presses made
   * before it is there walk past it), then presses Tab until it has the focus, at most 40 times.
   */
  async tabTo(target: Locator): Promise<void> {
    await target.waitFor();
    for (let i = 0; i < 40; i++) {
      await this.page.keyboard.press('Tab');
      const focused = await target.evaluate((element) => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active === element;
      });
      if (focused) return;
    }
    assert.fail(`Tab never reached ${target}`);
  }

  /** Fails the test if the page threw or logged an error. */
  assertNoProblems(): void {
    assert.deepEqual(this.problems, []);
  }

  /** Waits until `locator` matches exactly `count` elements. */
  async waitForCount(locator: Locator, count: number): Promise<void> {
    await until(async () => (await locator.count()) === count, `${count} × ${locator}`);
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}

/** Polls `check` every 50 ms until it holds, failing after `ms` (STEP_MS unless said). */
export async function until(check: () => Promise<boolean> | boolean, what: string, ms = STEP_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
