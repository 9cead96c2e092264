import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeTypeInfo } from '../../../server/api/contract.ts';
import { CORE_NODES_PACKAGE, missingPackages, packagesNeeded } from '../../../server/api/shared.ts';
import { flowDocument, fromFlowDocument } from '../../../editor/src/graph/document.ts';
import { importEdits } from '../../../editor/src/graph/import-edits.ts';
import { readPackageNeeds } from '../../../editor/src/graph/package-needs.ts';

const info = (type: string, module: string, moduleVersion?: string) => ({ type, module, moduleVersion }) as NodeTypeInfo;
const catalogue = new Map([
  ['inject', info('inject', CORE_NODES_PACKAGE)],
  ['threshold', info('threshold', 'patchbay-nodes-threshold', '1.0.0')],
  ['hysteresis', info('hysteresis', 'patchbay-nodes-threshold', '1.0.0')],
]);
const lookup = (type: string) => catalogue.get(type);

test('an export lists the packages of its types with their versions; core nodes are not listed', () => {
  const nodes = [{ type: 'inject' }, { type: 'threshold' }, { type: 'hysteresis' }, { type: 'threshold' }];
  assert.deepEqual(packagesNeeded(nodes, lookup), [{ name: 'patchbay-nodes-threshold', version: '1.0.0', types: ['threshold', 'hysteresis'] }]);
  assert.deepEqual(packagesNeeded([{ type: 'inject' }], lookup), []);
});

test('an import names the listed packages whose types are missing, and types no package is named for', () => {
  const file = {
    nodes: [{ type: 'inject' }, { type: 'lamp' }, { type: 'mystery' }, { type: 'threshold' }],
    packages: [
      { name: 'patchbay-nodes-lamps', version: '2.1.0', types: ['lamp'] },
      { name: 'patchbay-nodes-threshold', version: '1.0.0', types: ['threshold'] },
    ],
  };
  assert.deepEqual(missingPackages(file, lookup), { packages: [file.packages[0]], types: ['mystery'] });
});

test('a malformed packages list in a file is ignored entry by entry', () => {
  assert.deepEqual(readPackageNeeds({ packages: [{ name: 'ok', version: '1.0.0', types: ['a'] }, { name: 3 }, 'x', { name: 'b', version: '1', types: [4] }] }),
    [{ name: 'ok', version: '1.0.0', types: ['a'] }]);
  assert.deepEqual(readPackageNeeds({ packages: 'all of them' }), []);
  assert.deepEqual(readPackageNeeds(null), []);
});

test('the current flow exports as its tab with its nodes and the config nodes they use', () => {
  const doc = fromFlowDocument({
    flows: [{ id: 't1', label: 'One' }, { id: 't2', label: 'Two' }],
    nodes: [
      { id: 'a', type: 'mqtt-in', flow: 't1', config: { broker: 'b' }, wires: [['c', 'x']] },
      { id: 'c', type: 'debug', flow: 't1', config: {}, wires: [] },
      { id: 'x', type: 'debug', flow: 't2', config: {}, wires: [] },
      { id: 'b', type: 'mqtt-broker', config: { url: 'mqtt://h' } },
    ],
  });
  const exported = flowDocument(doc, 't1');
  assert.deepEqual(exported.flows, [{ id: 't1', label: 'One' }]);
  assert.deepEqual(exported.nodes.map((n) => n.id).sort(), ['a', 'b', 'c']);
  assert.deepEqual(exported.nodes.find((n) => n.id === 'a')!.wires, [['c']]);
});

test('imported nodes whose credentials were set where they came from have them missing here', () => {
  const doc = fromFlowDocument({ flows: [{ id: 't', label: 'T' }], nodes: [] });
  const plan = importEdits(doc, {
    format: 'patchbay-flows', version: 1, flows: [],
    nodes: [{ id: 'b', type: 'mqtt-broker', config: {}, credentials: ['password', 'username'] }],
  }, { activeFlow: 't', newId: () => 'fresh' });
  const added = plan.edits.find((e) => e.type === 'node:add');
  assert.ok(added && added.type === 'node:add');
  assert.equal(added.node.credentials, undefined, 'not claimed as set');
  assert.deepEqual(added.node.credentialsMissing, ['password', 'username']);
});

test('an import goes as the file says, onto one new tab, or onto the open tab', async () => {
  const { retarget } = await import('../../../editor/src/graph/import-target.ts');
  const file = {
    format: 'patchbay-flows' as const, version: 1 as const,
    flows: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }],
    nodes: [
      { id: 'n1', type: 'debug', flow: 'a', config: {} },
      { id: 'n2', type: 'debug', flow: 'b', config: {} },
      { id: 'sf', type: 'subflow', config: {} },
      { id: 'inner', type: 'debug', flow: 'sf', config: {} },
      { id: 'cfg', type: 'mqtt-broker', config: {} },
    ],
  };
  assert.equal(retarget(file, 'as-file', { id: 'x', label: 'X' }), file);
  const one = retarget(file, 'new-flow', { id: 'x', label: 'A' });
  assert.deepEqual(one.flows, [{ id: 'x', label: 'A' }]);
  assert.deepEqual(one.nodes.map((n) => [n.id, n.flow]), [['n1', 'x'], ['n2', 'x'], ['sf', undefined], ['inner', 'sf'], ['cfg', undefined]]);
  const current = retarget(file, 'current-flow', { id: 'x', label: 'X' });
  assert.deepEqual(current.flows, []);
  const doc = fromFlowDocument({ flows: [{ id: 'open', label: 'Open' }], nodes: [] });
  const plan = importEdits(doc, current, { activeFlow: 'open', newId: () => 'fresh' });
  assert.deepEqual(plan.edits.flatMap((e) => (e.type === 'node:add' && e.node.id.startsWith('n') ? [e.node.flow] : [])), ['open', 'open']);
});
