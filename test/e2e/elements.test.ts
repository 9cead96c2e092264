// Component tests for the property-form elements, in real Chromium: each element gets data
// through properties and reports changes through its events, as its documentation says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser, resultsDir } from './helpers/browser.ts';
import { until } from './helpers/editor-page.ts';
import { bundleElements, openElementsPage, ORIGIN } from './helpers/elements-page.ts';

/** A node type's own form element, as a node package would ship it. */
const CUSTOM_EDITOR = `
export default class ColourPicker extends HTMLElement {
  set config(value) { this._config = value; this.render(); }
  get config() { return this._config; }
  render() {
    this.innerHTML = '<label>Colour <input aria-label="Colour" value="' + (this._config?.colour ?? '') + '"></label>';
    this.querySelector('input').addEventListener('input', (e) => {
      this.dispatchEvent(new CustomEvent('change', { detail: { config: { ...this._config, colour: e.target.value } } }));
    });
  }
}`;

test('form elements', async (t) => {
  const [files, browser] = await Promise.all([bundleElements(), launchBrowser(t)]);
  const shots = await resultsDir('e2e-elements');
  const page = await openElementsPage(browser, files, { 'custom-editor.js': CUSTOM_EDITOR });
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));

  await t.test('text field: emits each keystroke and shows errors', async () => {
    await mount(page, 'pb-text-field', { label: 'Topic', value: 'a', errors: [{ path: '', message: 'Too short' }] }, ['value:change']);
    await page.getByLabel('Topic').fill('abc');
    assert.deepEqual(await events(page), [{ type: 'value:change', detail: { value: 'abc' } }]);
    await page.getByRole('alert').getByText('Too short').waitFor();
  });

  await t.test('number field: emits numbers, refuses text and values out of range', async () => {
    await mount(page, 'pb-number-field', { label: 'Repeat', value: 5, schema: { type: 'integer', minimum: 0 } }, ['value:change']);
    assert.equal(await page.getByLabel('Repeat').inputValue(), '5');
    await page.getByLabel('Repeat').fill('-2');
    await page.getByText('At least 0').waitFor();
    await page.getByLabel('Repeat').fill('1.5');
    await page.getByText('Enter a whole number').waitFor();
    await page.getByLabel('Repeat').fill('12');
    assert.deepEqual(await events(page), [{ type: 'value:change', detail: { value: 12 } }]);
  });

  await t.test('enum field: shows the current choice and emits the option value with its type', async () => {
    await mount(page, 'pb-enum-field', {
      label: 'QoS', value: 1,
      options: [{ value: 0, label: 'at most once' }, { value: 1, label: 'at least once' }, { value: 2, label: 'exactly once' }],
    }, ['value:change']);
    const select = page.getByLabel('QoS');
    assert.equal(await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]!.textContent), 'at least once');
    await select.selectOption({ label: 'exactly once' });
    assert.deepEqual(await events(page), [{ type: 'value:change', detail: { value: 2 } }]);
  });

  await t.test('typed value field: offers the allowed types and an input suited to each', async () => {
    await mount(page, 'pb-typed-value-field', { label: 'Payload', value: { type: 'num', value: '42' }, types: ['str', 'num', 'bool', 'date'] }, ['value:change']);
    const type = page.getByLabel('Payload type');
    assert.deepEqual(await type.locator('option').allInnerTexts(), ['string', 'number', 'boolean', 'timestamp']);
    assert.equal(await type.inputValue(), 'num');
    assert.equal(await page.getByLabel('Payload', { exact: true }).inputValue(), '42');
    await type.selectOption('bool');
    await setProps(page, { value: { type: 'bool', value: 'true' } });
    assert.equal(await page.getByLabel('Payload', { exact: true }).inputValue(), 'true');
    await type.selectOption('date');
    await setProps(page, { value: { type: 'date', value: '' } });
    assert.equal(await page.getByLabel('Payload', { exact: true }).count(), 0, 'a timestamp has no value to type');
    const format = page.getByLabel('Payload format');
    assert.deepEqual(await format.locator('option').allInnerTexts(), ['milliseconds since 1970', 'ISO 8601 string', 'Date object']);
    await format.selectOption('iso');
    assert.deepEqual((await events(page)).map((e) => e.detail), [
      { value: { type: 'bool', value: 'true' } },
      { value: { type: 'date', value: '' } }, // a value of another type is no format
      { value: { type: 'date', value: 'iso' } },
    ]);
  });

  await t.test('list field: rules can be added with defaults, moved and removed', async () => {
    const itemSchema = {
      type: 'object',
      properties: {
        t: { anyOf: [{ const: 'eq' }, { const: 'gt' }], default: 'eq', title: 'Test' },
        v: { type: 'string', default: '', title: 'Value' },
      },
    };
    await mount(page, 'pb-list-field', { label: 'Rules', value: [{ t: 'gt', v: '10' }], itemSchema, context: emptyContext() }, ['value:change']);
    await page.getByRole('button', { name: 'Add to Rules' }).click();
    const [added] = await events(page);
    assert.deepEqual(added!.detail, { value: [{ t: 'gt', v: '10' }, { t: 'eq', v: '' }] });
    await setProps(page, { value: [{ t: 'gt', v: '10' }, { t: 'eq', v: '' }] });
    await page.getByRole('button', { name: 'Move item 2 up' }).click();
    await page.getByRole('button', { name: 'Remove item 1' }).click();
    await page.getByLabel('1. Value', { exact: true }).fill('11');
    assert.deepEqual((await events(page)).map((e) => e.detail), [
      { value: [{ t: 'eq', v: '' }, { t: 'gt', v: '10' }] },
      { value: [{ t: 'eq', v: '' }] },
      { value: [{ t: 'gt', v: '11' }, { t: 'eq', v: '' }] },
    ]);
    await page.screenshot({ path: `${shots}/list-field.png` });
  });

  await t.test('list field: an item of small fields is one row, labelled per item, wrapping when narrow', async () => {
    // A switch rule's shape: a choice, texts, a typed value and a checkbox.
    const itemSchema = {
      type: 'object',
      properties: {
        t: { anyOf: [{ const: 'eq' }, { const: 'btwn' }], default: 'eq', title: 'Test' },
        v: { type: 'object', 'x-typed-value': ['str', 'num'], default: { type: 'str', value: '' }, title: 'Value' },
        v2: { type: 'string', default: '', title: 'Second value', description: 'The other end of the range' },
        case: { type: 'boolean', default: false, title: 'Ignore case' },
      },
    };
    const rules = [{ t: 'eq', v: { type: 'str', value: 'on' } }, { t: 'btwn', v: { type: 'num', value: '1' }, v2: '9', case: true }];
    await mount(page, 'pb-list-field', { label: 'Rules', value: rules, itemSchema, context: emptyContext() }, ['value:change']);
    const row = page.getByRole('group', { name: '2.', exact: true });
    assert.equal(await row.getByLabel('2. Test', { exact: true }).inputValue(), '1');
    assert.equal(await row.getByLabel('2. Value type', { exact: true }).inputValue(), 'num');
    assert.equal(await row.getByLabel('2. Value', { exact: true }).inputValue(), '1');
    assert.equal(await row.getByLabel('2. Second value', { exact: true }).inputValue(), '9');
    assert.equal(await row.getByLabel('2. Second value', { exact: true }).getAttribute('placeholder'), 'Second value');
    assert.equal(await row.getByLabel('2. Ignore case', { exact: true }).isChecked(), true);
    assert.equal(await page.getByText('The other end of the range').count(), 0, 'descriptions are tooltips, not lines under each field');
    assert.equal(await page.locator('pb-text-field[title="Second value: The other end of the range"]').count(), 2);

    // Wide enough: the whole rule, its move and remove buttons included, is one line.
    await page.evaluate(() => { (window as unknown as { __el: HTMLElement }).__el.style.width = '640px'; });
    const tops = async (n: number) => Promise.all([
      page.getByLabel(`${n}. Test`, { exact: true }), page.getByLabel(`${n}. Value`, { exact: true }),
      page.getByLabel(`${n}. Second value`, { exact: true }), page.getByLabel(`${n}. Ignore case`, { exact: true }),
      page.getByRole('button', { name: `Remove item ${n}` }),
    ].map(async (l) => Math.round(((await l.boundingBox())!.y + (await l.boundingBox())!.height / 2))));
    const wide = await tops(1);
    assert.ok(wide.every((y) => Math.abs(y - wide[0]!) <= 4), `one line: ${wide.join(', ')}`);
    await page.screenshot({ path: `${shots}/list-field-rows.png` });

    // A narrow sidebar: the row wraps, nothing is cut off or scrolls sideways.
    await page.evaluate(() => { (window as unknown as { __el: HTMLElement }).__el.style.width = '260px'; });
    const narrow = await tops(1);
    assert.ok(new Set(narrow).size > 1, `wrapped onto several lines: ${narrow.join(', ')}`);
    const overflow = await page.evaluate(() => [...(window as unknown as { __el: HTMLElement }).__el.shadowRoot!.querySelectorAll('li')]
      .some((li) => li.scrollWidth > li.clientWidth + 1));
    assert.equal(overflow, false, 'no row overflows');
    for (const label of ['1. Test', '1. Value', '1. Second value']) {
      assert.ok((await page.getByLabel(label, { exact: true }).boundingBox())!.width >= 40, `${label} stays wide enough to use`);
    }
    await page.screenshot({ path: `${shots}/list-field-rows-narrow.png` });

    await page.getByLabel('1. Value', { exact: true }).fill('off');
    await page.getByLabel('2. Ignore case', { exact: true }).uncheck();
    assert.deepEqual((await events(page)).map((e) => e.detail), [
      { value: [{ t: 'eq', v: { type: 'str', value: 'off' } }, rules[1]] },
      { value: [rules[0], { ...rules[1], case: false }] },
    ]);
  });

  await t.test('list field: items with a code field or a nested list stay stacked', async () => {
    const itemSchema = { type: 'object', properties: { name: { type: 'string', title: 'Name' }, body: { type: 'string', format: 'javascript', title: 'Body' } } };
    await mount(page, 'pb-list-field', { label: 'Handlers', value: [{ name: 'a', body: '' }], itemSchema, context: emptyContext() }, []);
    await page.getByRole('group', { name: '1.', exact: true }).getByLabel('Name', { exact: true }).waitFor();
    assert.equal(await page.locator('pb-list-field').evaluate((el) => el.shadowRoot!.querySelectorAll('[part=row]').length), 0);
  });

  await t.test("list field: a field with showWhen appears when its item's test needs it, and keeps its value while hidden", async () => {
    // A switch rule's shape with the editor hints of `showWhen`.
    const itemSchema = {
      type: 'object',
      properties: {
        t: { anyOf: [{ const: 'eq' }, { const: 'btwn' }, { const: 'true' }], default: 'eq', title: 'Test' },
        v: { type: 'string', default: '', title: 'Value', 'x-show-when': { t: ['eq', 'btwn'] } },
        v2: { type: 'string', default: '', title: 'Second value', 'x-show-when': { t: ['btwn'] } },
      },
    };
    const rules = [{ t: 'eq', v: '1', v2: '9' }, { t: 'true', v: 'kept' }];
    await mount(page, 'pb-list-field', { label: 'Rules', value: rules, itemSchema, context: emptyContext() }, ['value:change']);
    const field = (label: string) => page.getByLabel(label, { exact: true });
    await field('1. Value').waitFor();
    assert.equal(await field('1. Second value').count(), 0, 'eq has no second value');
    assert.equal(await field('2. Value').count(), 0, '"is true" has no value');
    await page.evaluate(() => { (window as unknown as { __el: HTMLElement }).__el.style.width = '640px'; });
    await page.screenshot({ path: `${shots}/show-when-before.png` });

    await field('1. Test').selectOption('btwn');
    const [change] = await events(page);
    assert.deepEqual(change?.detail, { value: [{ t: 'btwn', v: '1', v2: '9' }, rules[1]] });
    await setProps(page, { value: (change!.detail as { value: unknown[] }).value });
    assert.equal(await field('1. Second value').inputValue(), '9', 'the second value appears with the value it kept');
    await page.screenshot({ path: `${shots}/show-when-btwn.png` });

    await field('1. Test').selectOption('true');
    const [hidden] = await events(page);
    assert.deepEqual(hidden?.detail, { value: [{ t: 'true', v: '1', v2: '9' }, rules[1]] }, 'hidden fields keep their values');
    await setProps(page, { value: (hidden!.detail as { value: unknown[] }).value });
    assert.equal(await field('1. Value').count(), 0);
    assert.equal(await field('1. Second value').count(), 0);
  });

  await t.test('object fields: a top-level field with showWhen follows the mode', async () => {
    const schema = {
      type: 'object',
      properties: {
        pauseType: { anyOf: [{ const: 'delay' }, { const: 'rate' }], default: 'delay', title: 'Action' },
        timeout: { type: 'number', default: 5, title: 'Delay', 'x-show-when': { pauseType: ['delay'] } },
        rate: { type: 'number', default: 1, title: 'Rate', 'x-show-when': { pauseType: ['rate'] } },
      },
    };
    await mount(page, 'pb-object-fields', { value: {}, schema, context: emptyContext() }, ['value:change']);
    await page.getByLabel('Delay', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Rate', { exact: true }).count(), 0, 'the default mode counts when the key is missing');
    await page.getByLabel('Action').selectOption('rate');
    const [change] = await events(page);
    assert.deepEqual(change?.detail, { value: { pauseType: 'rate' } });
    await setProps(page, { value: { pauseType: 'rate' } });
    assert.equal(await page.getByLabel('Rate', { exact: true }).inputValue(), '1');
    assert.equal(await page.getByLabel('Delay', { exact: true }).count(), 0);
  });

  await t.test('code field: CodeMirror edits are emitted; a new value from outside is not echoed', async () => {
    await mount(page, 'pb-code-field', { label: 'On message', value: 'return msg;', language: 'javascript' }, ['value:change']);
    await page.locator('pb-code-field[data-ready]').waitFor();
    const content = page.getByLabel('On message').and(page.locator('.cm-content'));
    await content.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// done');
    const typed = await events(page);
    assert.equal((typed.at(-1)!.detail as { value: string }).value, 'return msg;\n// done');
    await setProps(page, { value: 'msg.payload = 1;\nreturn msg;' });
    await page.locator('.cm-line', { hasText: 'msg.payload = 1;' }).waitFor();
    assert.deepEqual(await events(page), []);
    await page.screenshot({ path: `${shots}/code-field.png` });
  });

  await t.test('config node field: pick one, create one in place, edit it in place', async () => {
    const broker = { type: 'mqtt-broker', version: 1, category: 'config', label: 'MQTT broker', color: '#d8bfd8', inputs: 0, outputs: 0,
      schema: { type: 'object', properties: { url: { type: 'string', default: 'mqtt://localhost:1883', title: 'URL' } } }, help: '', module: 'test' };
    await mount(page, 'pb-config-node-field', {
      label: 'Broker', value: '', configType: 'mqtt-broker',
      context: { ...emptyContext([broker]), configNodes: [{ id: 'b1', type: 'mqtt-broker', name: 'Home', config: { url: 'mqtt://home' } }] },
    }, ['value:change', 'config-node:change', 'config-node:delete']);
    await page.getByLabel('Broker', { exact: true }).selectOption({ label: 'Home' });
    await page.getByRole('button', { name: 'Add new MQTT broker' }).click();
    const created = await events(page);
    assert.deepEqual(created[0], { type: 'value:change', detail: { value: 'b1' } });
    assert.equal(created[1]!.type, 'config-node:change');
    assert.deepEqual(created[1]!.detail, { node: { id: 'new-1', type: 'mqtt-broker', version: 1, config: { url: 'mqtt://localhost:1883' } }, created: true });
    assert.deepEqual(created[2], { type: 'value:change', detail: { value: 'new-1' } });

    await setProps(page, { value: 'b1' });
    await page.getByRole('button', { name: 'Edit MQTT broker' }).click();
    await page.getByRole('group', { name: 'MQTT broker settings' }).getByLabel('URL').fill('mqtt://garage');
    const [edited] = await events(page);
    assert.deepEqual(edited!.detail, { node: { id: 'b1', type: 'mqtt-broker', name: 'Home', config: { url: 'mqtt://garage' } }, created: false });
    await page.screenshot({ path: `${shots}/config-node-field.png` });
    await page.getByRole('button', { name: 'Delete MQTT broker' }).click();
    assert.deepEqual(await events(page), [{ type: 'config-node:delete', detail: { id: 'b1' } }]);
  });

  await t.test('credential fields: say which keys are set, never show a value, and report replace, clear and keep', async () => {
    const schema = { type: 'object', properties: { username: { type: 'string', title: 'Username' }, password: { type: 'string', format: 'password', title: 'Password' } } };
    await mount(page, 'pb-credential-fields', { schema, nodeId: 'b1', setKeys: ['username', 'password'], pending: {} }, ['credentials:change']);
    const state = (label: string) => page.getByRole('group', { name: `${label} credential` }).locator('[part=state]').innerText();
    assert.deepEqual([await state('Username'), await state('Password')], ['set', 'set']);
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
    assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('type'), 'password');
    await page.getByLabel('Username', { exact: true }).fill('bob');
    await page.getByRole('button', { name: 'Clear Password' }).click();
    assert.deepEqual((await events(page)).map((e) => e.detail), [{ node: 'b1', key: 'username', value: 'bob' }, { node: 'b1', key: 'password', value: null }]);

    await setProps(page, { pending: { username: 'bob', password: null } });
    assert.deepEqual([await state('Username'), await state('Password')], ['changed', 'cleared']);
    await page.screenshot({ path: `${shots}/credential-fields.png` });
    await page.getByRole('button', { name: 'Keep Password' }).click();
    assert.deepEqual((await events(page)).map((e) => e.detail), [{ node: 'b1', key: 'password', value: '' }]);
    await setProps(page, { setKeys: [], pending: {} });
    assert.deepEqual([await state('Username'), await state('Password')], ['not set', 'not set']);
    assert.equal(await page.getByRole('button', { name: /^Clear/ }).count(), 0, 'nothing to clear');
  });

  await t.test('node form: fields from the schema, deploy errors where they belong, a name change', async () => {
    const info = {
      type: 'inject', version: 1, category: 'common', label: 'inject', color: '#a6bbcf', inputs: 0, outputs: 1, help: '', module: 'test',
      schema: {
        type: 'object',
        properties: {
          payload: { type: 'object', 'x-typed-value': ['str', 'num'], default: { type: 'str', value: '' }, title: 'Payload' },
          once: { type: 'boolean', default: false, title: 'Inject once after start' },
          code: { type: 'string', format: 'json', title: 'Extra' },
        },
      },
    };
    await mount(page, 'pb-node-form', {
      node: { id: 'n1', type: 'inject', flow: 't', config: { payload: { type: 'num', value: 'x' }, once: false } },
      info, context: emptyContext(), errors: [{ path: '/config/payload', message: '"x" is not a number' }, { path: '', message: 'Whole-node problem' }],
    }, ['change']);
    await page.getByText('"x" is not a number').waitFor();
    await page.getByText('Whole-node problem').waitFor();
    await page.getByLabel('Inject once after start').check();
    await page.getByLabel('Name').fill('Tick');
    assert.deepEqual((await events(page)).map((e) => e.detail), [
      { config: { payload: { type: 'num', value: 'x' }, once: true } },
      { name: 'Tick' },
    ]);
    await page.screenshot({ path: `${shots}/node-form.png` });
  });

  await t.test('node form: a flag Node-RED saved as "false" is an unticked checkbox that writes a boolean', async () => {
    const info = {
      type: 'switch', version: 1, category: 'function', label: 'switch', color: '#e2d96e', inputs: 1, outputs: 1, help: '', module: 'test',
      schema: { type: 'object', properties: { checkall: { anyOf: [{ type: 'boolean' }, { const: 'true' }, { const: 'false' }], default: true, title: 'Check all rules' } } },
    };
    await mount(page, 'pb-node-form', { node: { id: 'n4', type: 'switch', flow: 't', config: { checkall: 'false' } }, info, context: emptyContext(), errors: [] }, ['change']);
    const box = page.getByLabel('Check all rules');
    assert.equal(await box.isChecked(), false);
    await box.check();
    assert.deepEqual((await events(page)).map((e) => e.detail), [{ config: { checkall: true } }]);
  });

  await t.test('node form: a type the server does not know keeps its config, editable as JSON', async () => {
    await mount(page, 'pb-node-form', { node: { id: 'n2', type: 'gone', config: { a: 1 } }, info: undefined, context: emptyContext(), errors: [] }, ['change']);
    await page.getByRole('note').getByText('does not know the node type').waitFor();
    await page.locator('pb-json-field .cm-line', { hasText: '"a": 1' }).waitFor();
  });

  await t.test("node form: a type's own element is loaded from its module and reports changes", async () => {
    const info = { type: 'colour', version: 1, category: 'function', label: 'colour', color: '#fff', inputs: 1, outputs: 1,
      schema: { type: 'object', properties: {} }, help: '', module: 'test', editor: `${ORIGIN}/custom-editor.js` };
    await mount(page, 'pb-node-form', { node: { id: 'n3', type: 'colour', config: { colour: 'red' } }, info, context: emptyContext(), errors: [] }, ['change']);
    assert.equal(await page.getByLabel('Colour').inputValue(), 'red');
    await page.getByLabel('Colour').fill('blue');
    assert.deepEqual((await events(page)).at(-1)!.detail, { config: { colour: 'blue' } });
  });

  await t.test('JSON view: shows what JSON cannot carry as what it stands for, collapsible', async () => {
    await mount(page, 'pb-json-view', {
      value: {
        nothing: { __pb: 'undefined' }, nan: { __pb: 'number', value: 'NaN' }, big: { __pb: 'bigint', value: '12345678901234567890' },
        when: { __pb: 'date', value: '2024-05-01T12:00:00.000Z' }, bytes: { __pb: 'buffer', hex: '48690a', length: 3 },
        oops: { __pb: 'error', name: 'TypeError', message: 'x is not a function' }, self: { __pb: 'circular' },
        long: { __pb: 'string', head: 'abc', length: 20000 }, cut: [1, { __pb: 'truncated', length: 5000 }], fn: { __pb: 'function', name: 'handler' }, list: [1, 'two', null, true],
      },
    }, []);
    for (const text of ['undefined', 'NaN', '12345678901234567890n', 'Date 2024-05-01T12:00:00.000Z', 'buffer[3]', 'TypeError: x is not a function',
      '[circular]', '(first 3 of 20000 characters)', '[function handler]', 'array[4]']) {
      await page.getByText(text, { exact: true }).waitFor();
    }
    await page.getByText('buffer[3]').click();
    await page.getByText('48 69 0a').waitFor();
    assert.equal(await page.getByText('"two"').isVisible(), false, 'nested levels start collapsed');
    await page.getByText('array[4]').click();
    await page.getByText('"two"').waitFor();
    await page.getByText('array[5000]').click();
    await page.getByText('[5000 items in all]', { exact: true }).waitFor();
    await page.screenshot({ path: `${shots}/json-view.png` });
  });

  await t.test('JSON view: a deep message renders only what is open, and a long string only its start', async () => {
    // 30 levels of 50 keys each: rendering every hidden branch would mean tens of thousands of elements.
    const deep: Record<string, unknown> = {};
    let level = deep;
    for (let i = 0; i < 30; i++) {
      for (let k = 0; k < 50; k++) level[`k${k}`] = { a: k, b: [k, 'x'] };
      level.next = {};
      level = level.next as Record<string, unknown>;
    }
    await mount(page, 'pb-json-view', { value: { deep, text: 'x'.repeat(100_000) }, open: 1 }, []);
    const elements = () => page.evaluate(() => (window as unknown as { __el: HTMLElement }).__el.shadowRoot!.querySelectorAll('*').length);
    assert.ok(await elements() < 50, 'collapsed branches are not rendered');
    await page.getByText('x'.repeat(300), { exact: false }).first().waitFor();
    assert.equal((await page.locator('.string').first().innerText()).length, 301, 'the first 300 characters and the opening quote');

    const outer = page.getByText('object {51}').first();
    await outer.click();
    await page.getByText('k49', { exact: true }).waitFor();
    assert.ok(await elements() < 600, 'opening one level renders that level');
    await outer.click();
    await until(() => page.getByText('k49', { exact: true }).isHidden(), 'the branch to close');
    await outer.click();
    await page.getByText('k49', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Show all 100000 characters' }).click();
    assert.equal((await page.locator('.string').first().innerText()).length, 100_002, 'the whole string in quotes');
    await page.screenshot({ path: `${shots}/json-view-deep.png` });
  });

  await t.test('help view: renders markdown and shows raw HTML as text', async () => {
    await mount(page, 'pb-help-view', { markdown: '## Inputs\n\n`msg.payload` is sent.\n\n<script>window.__hacked = true</script>' }, []);
    await page.getByRole('heading', { name: 'Inputs' }).waitFor();
    await page.getByText('<script>window.__hacked = true</script>').waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __hacked?: boolean }).__hacked), undefined);
  });

  assert.deepEqual(problems, []);
});

/** A form context (as JSON, see MOUNT_SCRIPT) knowing `types` and no config nodes. */
function emptyContext(types: unknown[] = []) {
  return { catalogue: types, configNodes: [] };
}

/** Replaces the page's content with one `tag` element with `props`, recording `eventNames`. */
async function mount(page: Page, tag: string, props: Record<string, unknown>, eventNames: string[]): Promise<void> {
  await page.evaluate(([t, p, e]) => (window as unknown as { __mount(...args: unknown[]): void }).__mount(t, p, e), [tag, props, eventNames] as const);
}

/** Sets more properties on the mounted element and waits for it to render. */
async function setProps(page: Page, props: Record<string, unknown>): Promise<void> {
  await page.evaluate(async (p) => {
    const el = (window as unknown as { __el: HTMLElement & { updateComplete?: Promise<unknown> } }).__el;
    Object.assign(el, p);
    await el.updateComplete;
  }, props);
}

/** The events recorded since the last call. */
async function events(page: Page): Promise<Array<{ type: string; detail: unknown }>> {
  return page.evaluate(() => {
    const w = window as unknown as { __events: Array<{ type: string; detail: unknown }> };
    const out = w.__events;
    w.__events = [];
    return out;
  });
}
