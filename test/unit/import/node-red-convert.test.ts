// The Node-RED importer: structure (tabs, config nodes, groups, subflows, placeholders), the
// report and credentials. Each node family's options are covered in node-red-<family>.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertNodeRed } from '../../../server/import/node-red/index.ts';
import { PatchbayError } from '../../../server/errors.ts';

const tab = { id: 't1', type: 'tab', label: 'Hall', disabled: false, info: 'notes', env: [{ name: 'ROOM', type: 'str', value: 'hall' }] };

test('tabs become flows with their label, disabled state, notes and env', () => {
  const { document } = convertNodeRed([tab, { id: 't2', type: 'tab', label: 'Off', disabled: true }]);
  assert.deepEqual(document.flows, [
    { id: 't1', label: 'Hall', info: 'notes', env: [{ name: 'ROOM', type: 'str', value: 'hall' }] },
    { id: 't2', label: 'Off', disabled: true },
  ]);
});

test('nodes keep id, name, disabled state, group, notes and a top-left position; wires to missing nodes are dropped and noted', () => {
  const { document, report } = convertNodeRed([tab,
    { id: 'a', type: 'junction', z: 't1', x: 150, y: 115, wires: [['b', 'ghost']] },
    { id: 'b', type: 'comment', z: 't1', g: 'g1', name: 'About', info: 'hello', d: true, x: 300, y: 60, wires: [] },
    { id: 'g1', type: 'group', z: 't1', name: 'Box', style: { label: true }, nodes: ['b'], x: 10, y: 20, w: 400, h: 200 },
  ]);
  assert.deepEqual(document.nodes.find((n) => n.id === 'a'), { id: 'a', type: 'junction', flow: 't1', x: 100, y: 100, config: {}, wires: [['b']] });
  assert.deepEqual(document.nodes.find((n) => n.id === 'b'), { id: 'b', type: 'comment', flow: 't1', name: 'About', x: 250, y: 45, disabled: true, group: 'g1', info: 'hello', config: { info: 'hello' }, wires: [] });
  assert.deepEqual(document.nodes.find((n) => n.id === 'g1'), { id: 'g1', type: 'group', flow: 't1', name: 'Box', x: 10, y: 20, config: { w: 400, h: 200, style: { label: true }, env: [] } });
  const a = report.nodes.find((r) => r.id === 'a')!;
  assert.equal(a.outcome, 'approximated');
  assert.match(a.notes[0]!, /ghost/);
});

test('nodes of a tab the file does not contain (an exported selection) get a tab of their own', () => {
  const { document } = convertNodeRed([{ id: 'j', type: 'junction', z: 'gone', x: 0, y: 0, wires: [] }]);
  assert.deepEqual(document.flows, [{ id: 'gone', label: 'Imported from Node-RED' }]);
});

test('a type Patchbay lacks is kept whole as a placeholder, with its wires and whether anything feeds it', () => {
  const ui = { id: 'u', type: 'ui_button', z: 't1', name: 'Go', group: 'dash', payload: 'x', x: 200, y: 100, wires: [['j']] };
  const { document, report } = convertNodeRed([tab, ui, { id: 'j', type: 'junction', z: 't1', x: 0, y: 0, wires: [] },
    { id: 'dash', type: 'ui_group', name: 'Home', tab: '', order: 1 }]);
  assert.deepEqual(document.nodes.find((n) => n.id === 'u'), {
    id: 'u', type: 'unsupported', flow: 't1', name: 'Go', x: 150, y: 85,
    config: { originalType: 'ui_button', original: { group: 'dash', payload: 'x' }, input: false, outputs: 1 }, wires: [['j']],
  });
  assert.deepEqual(document.nodes.find((n) => n.id === 'dash'), {
    id: 'dash', type: 'unsupported-config', name: 'Home', config: { originalType: 'ui_group', original: { tab: '', order: 1 } },
  });
  assert.deepEqual(report.nodes.filter((r) => r.outcome === 'unsupported').map((r) => r.id), ['u', 'dash']);
  assert.equal(report.unsupported, 2);
});

test('subflow templates, their nodes and instances with per-instance env', () => {
  const { document } = convertNodeRed([tab,
    { id: 's1', type: 'subflow', name: 'Double', info: '', in: [{ x: 50, y: 30, wires: [{ id: 'sj' }] }], out: [{ x: 300, y: 30, wires: [{ id: 'sj', port: 0 }] }], env: [{ name: 'K', type: 'num', value: '2' }], color: '#ddaa99' },
    { id: 'sj', type: 'junction', z: 's1', x: 150, y: 30, wires: [[]] },
    { id: 'i1', type: 'subflow:s1', z: 't1', name: 'twice', env: [{ name: 'K', type: 'num', value: '3' }], x: 200, y: 100, wires: [['j']] },
    { id: 'j', type: 'junction', z: 't1', x: 0, y: 0, wires: [] },
  ]);
  const template = document.nodes.find((n) => n.id === 's1')!;
  assert.equal(template.type, 'subflow');
  assert.equal(template.flow, undefined);
  assert.deepEqual(template.config.in, [{ x: 50, y: 30, wires: [{ id: 'sj' }] }]);
  assert.equal(document.nodes.find((n) => n.id === 'sj')!.flow, 's1');
  assert.deepEqual(document.nodes.find((n) => n.id === 'i1'), {
    id: 'i1', type: 'subflow-instance', flow: 't1', name: 'twice', x: 150, y: 85,
    config: { subflow: 's1', env: [{ name: 'K', type: 'num', value: '3' }], input: true, outputs: 1 }, wires: [['j']],
  });
});

test('credentials in the file come back apart from the document, under Patchbay\'s keys', () => {
  const { document, credentials, report } = convertNodeRed([
    { id: 'b', type: 'mqtt-broker', broker: 'example.org', port: '1883', credentials: { user: 'ann', password: 'secret' } },
  ]);
  assert.deepEqual({ ...credentials }, { b: { username: 'ann', password: 'secret' } });
  assert.equal(JSON.stringify(document).includes('secret'), false);
  assert.equal(report.credentials, 1);
});

test('what is not a Node-RED flow file is refused, naming the entry', () => {
  const code = (input: unknown) => {
    try {
      convertNodeRed(input);
    } catch (err) {
      return `${(err as PatchbayError).code}: ${(err as Error).message}`;
    }
    return 'converted';
  };
  assert.match(code({ format: 'patchbay-flows' }), /IMPORT_NOT_NODE_RED: .*already a Patchbay/);
  assert.match(code('text'), /IMPORT_NOT_NODE_RED/);
  assert.match(code([{ id: 'a', type: 'tab' }, 7]), /IMPORT_ENTRY_INVALID: .*entry 1: expected an object/);
  assert.match(code([{ id: 'a' }]), /IMPORT_ENTRY_INVALID: .*entry 0 \("a"\): "type"/);
  assert.match(code([{ id: 'a', type: 'x' }, { id: 'a', type: 'y' }]), /IMPORT_DUPLICATE_ID: .*0 and 1 .*"a"/);
  assert.equal(code({ flows: [] }), 'converted');
});
