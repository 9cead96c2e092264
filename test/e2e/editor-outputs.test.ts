// Nodes with several outputs, as a Node-RED user builds them: a switch with three rules and a
// function with two outputs. Each port says what it is for, and wires follow their rule when
// rules are removed or reordered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openEditor } from './helpers/open-editor.ts';
import { EditorPage, until } from './helpers/editor-page.ts';

test('editor: switch rules and function outputs', async (t) => {
  const { server, editor } = await openEditor(t, 'e2e-editor-outputs');
  const { page } = editor;
  const ports = (label: string) => editor.node(label).locator('.react-flow__handle.source');

  await t.test('a switch with three rules has three output ports, each titled with its rule', async () => {
    await editor.addFlow();
    await editor.dragFromPalette('switch', { x: 150, y: 200 });
    await editor.select('switch');
    const add = editor.form.getByRole('button', { name: 'Add to Rules' });
    await add.click();
    await add.click();
    for (const [i, value] of ['a', 'b', 'c'].entries()) {
      await editor.form.getByLabel(`${i + 1}. Value`, { exact: true }).fill(value);
    }
    await editor.waitForCount(ports('switch'), 3);
    assert.deepEqual(await titles(ports('switch')), ['Output 1: eq a', 'Output 2: eq b', 'Output 3: eq c']);
  });

  await t.test('wire each rule to its own node', async () => {
    await editor.dragFromPalette('debug', { x: 500, y: 60 });
    await editor.dragFromPalette('function', { x: 500, y: 200 });
    await editor.dragFromPalette('change', { x: 500, y: 340 });
    await editor.wire('switch', 'debug', 0);
    await editor.wire('switch', 'function', 1);
    await editor.wire('switch', 'change', 2);
    await editor.shot('switch-wired');
    assert.deepEqual(await wiresOf(page, 'switch'), ['0>debug', '1>function', '2>change']);
  });

  await t.test('moving a rule moves its wire; removing one moves the later rules\' wires up', async () => {
    await editor.select('switch');
    await editor.form.getByRole('button', { name: 'Move item 3 up' }).click();
    await until(async () => (await wiresOf(page, 'switch')).join() === '0>debug,1>change,2>function', 'the wires to follow the moved rule');
    assert.deepEqual(await titles(ports('switch')), ['Output 1: eq a', 'Output 2: eq c', 'Output 3: eq b']);

    await editor.form.getByRole('button', { name: 'Remove item 1' }).click();
    await editor.waitForCount(ports('switch'), 2);
    assert.deepEqual(await wiresOf(page, 'switch'), ['0>change', '1>function']);
    assert.deepEqual(await titles(ports('switch')), ['Output 1: eq c', 'Output 2: eq b']);
    await editor.shot('rule-removed');

    // Form edits of one field merge into one undo step: undo puts back the rules and wires from before the move.
    await page.keyboard.press('Control+z');
    await editor.waitForCount(ports('switch'), 3);
    assert.deepEqual(await wiresOf(page, 'switch'), ['0>debug', '1>function', '2>change']);
  });

  await t.test('the deployed switch has one wire list per rule, in rule order', async () => {
    await editor.deploy();
    const { body } = await server.api('/api/flows');
    const byId = new Map<string, string>(body.nodes.map((n: { id: string; type: string }) => [n.id, n.type]));
    const sw = body.nodes.find((n: { type: string }) => n.type === 'switch');
    assert.deepEqual(sw.config.rules.map((r: { v: string }) => r.v), ['a', 'b', 'c']);
    assert.deepEqual(sw.wires.map((targets: string[]) => targets.map((id) => byId.get(id))), [['debug'], ['function'], ['change']]);
  });

  await t.test('a function with two outputs has two titled ports', async () => {
    await editor.select('function');
    await editor.form.getByLabel('Outputs', { exact: true }).fill('2');
    await editor.waitForCount(ports('function'), 2);
    assert.deepEqual(await titles(ports('function')), ['Output 1', 'Output 2']);
    assert.equal(await editor.node('function').locator('.react-flow__handle.target').getAttribute('title'), 'Input');
    await editor.wire('function', 'debug', 1);
    assert.deepEqual(await wiresOf(page, 'function'), ['1>debug']);
    await editor.shot('function-two-outputs');
  });

  await t.test('selecting another node shows its form from the top', async () => {
    await editor.select('change');
    const panel = page.locator('#sidebar-panel-properties');
    await panel.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    assert.ok(await panel.evaluate((el) => el.scrollTop) > 0, 'the change form is long enough to scroll');
    await editor.select('switch');
    await until(async () => (await panel.evaluate((el) => el.scrollTop)) === 0, 'the switch form to start at its top');
  });

  editor.assertNoProblems();
});

async function titles(ports: ReturnType<EditorPage['node']>): Promise<Array<string | null>> {
  return ports.evaluateAll((els) => els.map((el) => el.getAttribute('title')));
}

/** The wires out of the node labelled `label`, as "port>target label", sorted by port. */
async function wiresOf(page: Page, label: string): Promise<string[]> {
  const nodes = await page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((el) => [el.getAttribute('data-id') ?? '', el.querySelector('.node-label')?.textContent ?? ''] as const));
  const labels = new Map(nodes);
  const source = nodes.find(([, l]) => l === label)?.[0];
  const edges = await page.locator('.react-flow__edge').evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
  return edges
    .map((id) => /^(.+):(\d+)>(.+)$/.exec(id))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === source)
    .map((m) => `${m[2]}>${labels.get(m[3]!) ?? m[3]}`)
    .sort();
}
