// Imported Node-RED flows deploy and run: subflows (env per instance, status port, nesting),
// group and tab env, link nodes, and placeholders refused only where they would run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertNodeRed } from '../../../server/import/node-red/index.ts';
import { deployErrors, runDocument } from '../../helpers/imported.ts';

const tab = { id: 't1', type: 'tab', label: 'Main', env: [{ name: 'GREETING', type: 'str', value: 'hi' }] };

/** inject → ... → debug on tab t1; `middle` are the node ids between them, in order. */
function chain(middle: string[], extra: object[] = []) {
  const ids = ['in', ...middle, 'out'];
  return [tab, ...extra,
    { id: 'in', type: 'inject', z: 't1', props: [{ p: 'payload' }], payload: '5', payloadType: 'num', x: 100, y: 100, wires: [[ids[1]]] },
    { id: 'out', type: 'debug', z: 't1', complete: 'payload', targetType: 'msg', active: true, tosidebar: true, x: 500, y: 100, wires: [] },
  ];
}

async function runAndCollect(t: { after(fn: () => Promise<void>): void }, flows: object[], count: number) {
  const { document } = convertNodeRed(flows);
  const running = await runDocument(document);
  t.after(() => running.stop());
  await running.runtime.trigger('in');
  return (await running.waitForDebug(count)).map((d) => d.value);
}

const subflow = (id: string, inner: string, env: object[]) => ({
  id, type: 'subflow', name: `sf-${id}`, in: [{ x: 0, y: 0, wires: [{ id: inner }] }], out: [{ x: 0, y: 0, wires: [{ id: inner, port: 0 }] }], env,
});

test('a subflow instance runs its own copy with its own env values', async (t) => {
  const values = await runAndCollect(t, [
    ...chain(['i1']).map((e) => ((e as { id: string }).id === 'in' ? { ...e, wires: [['i1', 'i2']] } : e)),
    subflow('s1', 'f', [{ name: 'FACTOR', type: 'num', value: '2' }]),
    { id: 'f', type: 'function', z: 's1', func: 'msg.payload = msg.payload * Number(env.get("FACTOR")) + env.get("NR_SUBFLOW_NAME"); return msg;', outputs: 1, x: 0, y: 0, wires: [[]] },
    { id: 'i1', type: 'subflow:s1', z: 't1', name: 'a', env: [], x: 0, y: 0, wires: [['out']] },
    { id: 'i2', type: 'subflow:s1', z: 't1', name: 'b', env: [{ name: 'FACTOR', type: 'num', value: '10' }], x: 0, y: 0, wires: [['out']] },
  ], 2);
  assert.deepEqual(values.sort(), ['10a', '50b']);
});

test('subflows nest, and ${VAR} in a node inside reads the instance\'s value', async (t) => {
  const values = await runAndCollect(t, [
    ...chain(['outer']),
    subflow('inner', 'c', [{ name: 'WORD', type: 'str', value: 'inner-default' }]),
    { id: 'c', type: 'change', z: 'inner', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '${WORD}-${GREETING}', tot: 'str' }], x: 0, y: 0, wires: [[]] },
    subflow('wrap', 'nested', [{ name: 'WORD', type: 'str', value: 'from-wrap' }]),
    { id: 'nested', type: 'subflow:inner', z: 'wrap', env: [{ name: 'WORD', type: 'env', value: 'WORD' }], x: 0, y: 0, wires: [[]] },
    { id: 'outer', type: 'subflow:wrap', z: 't1', x: 0, y: 0, wires: [['out']] },
  ], 1);
  assert.deepEqual(values, ['from-wrap-hi']);
});

test('the status port sets the instance\'s status', async (t) => {
  const { document } = convertNodeRed([tab,
    { id: 's', type: 'subflow', name: 'st', in: [{ x: 0, y: 0, wires: [{ id: 'c' }] }], out: [], status: { x: 0, y: 0, wires: [{ id: 'c', port: 0 }] } },
    { id: 'c', type: 'change', z: 's', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"fill":"green","shape":"dot","text":"ok"}', tot: 'json' }], x: 0, y: 0, wires: [[]] },
    { id: 'in', type: 'inject', z: 't1', props: [{ p: 'payload' }], payload: '', payloadType: 'date', x: 0, y: 0, wires: [['i']] },
    { id: 'i', type: 'subflow:s', z: 't1', x: 0, y: 0, wires: [] },
  ]);
  const running = await runDocument(document);
  t.after(() => running.stop());
  await running.runtime.trigger('in');
  const deadline = Date.now() + 2000;
  while (!running.runtime.currentStatuses().some((s) => s.node === 'i') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(running.runtime.currentStatuses().find((s) => s.node === 'i'), { node: 'i', fill: 'green', shape: 'dot', text: 'ok' });
});

test('a group\'s env hides the tab\'s for the nodes in it; NR_GROUP_NAME names the group', async (t) => {
  const values = await runAndCollect(t, [
    ...chain(['c']),
    { id: 'g', type: 'group', z: 't1', name: 'Kitchen', env: [{ name: 'GREETING', type: 'str', value: 'hello' }], nodes: ['c'], x: 0, y: 0, w: 10, h: 10 },
    { id: 'c', type: 'change', z: 't1', g: 'g', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'GREETING', tot: 'env' }, { t: 'set', p: 'topic', pt: 'msg', to: 'NR_GROUP_NAME', tot: 'env' }], x: 0, y: 0, wires: [['out']] },
  ], 1);
  assert.deepEqual(values, ['hello']);
});

test('link out reaches link in across tabs after import', async (t) => {
  const values = await runAndCollect(t, [
    ...chain(['lo']),
    { id: 't2', type: 'tab', label: 'Other' },
    { id: 'lo', type: 'link out', z: 't1', mode: 'link', links: ['li'], x: 0, y: 0, wires: [] },
    { id: 'li', type: 'link in', z: 't2', links: ['lo'], x: 0, y: 0, wires: [['out']] },
  ], 1);
  assert.deepEqual(values, [5]);
});

test('a placeholder is refused only where it would run', async () => {
  const ui = (extra: object) => ({ id: 'u', type: 'ui_gauge', z: 't1', x: 0, y: 0, wires: [], ...extra });
  const convert = (flows: object[]) => convertNodeRed(flows).document;
  const errors = await deployErrors(convert([...chain([]), ui({}), { id: 'feed', type: 'junction', z: 't1', x: 0, y: 0, wires: [['u']] }]));
  assert.deepEqual(errors.map((e) => [e.node, e.path]), [['u', '/wires']]);
  assert.match(errors[0]!.message, /ui_gauge.*not available in Patchbay/);
  // Unwired, disabled, or on a disabled tab: it deploys.
  for (const flows of [[...chain([]), ui({})], [...chain([]), ui({ d: true, wires: [['out']] })],
    [...chain([]), { id: 't9', type: 'tab', label: 'off', disabled: true }, ui({ z: 't9', wires: [['x']] }), { id: 'x', type: 'junction', z: 't9', x: 0, y: 0, wires: [] }]]) {
    const running = await runDocument(convert(flows));
    await running.stop();
  }
});

test('a subflow instance whose template is missing is kept as a placeholder; a subflow containing itself is refused', async () => {
  const errors = await deployErrors(convertNodeRed([tab,
    { id: 's', type: 'subflow', name: 'loop', in: [{ x: 0, y: 0, wires: [{ id: 'self' }] }], out: [] },
    { id: 'self', type: 'subflow:s', z: 's', x: 0, y: 0, wires: [] },
    { id: 'i', type: 'subflow:s', z: 't1', x: 0, y: 0, wires: [] },
  ]).document);
  assert.deepEqual(errors.map((e) => [e.node, e.path]), [['self', '/config/subflow']]);
  assert.match(errors[0]!.message, /In subflow instance "i": Subflow "s" contains an instance of itself/);
});
