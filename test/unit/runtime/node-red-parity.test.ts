// Behaviour an imported Node-RED flow shows, message for message, as Node-RED 4.1 shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows } from '../../helpers/flows.ts';

const tag = (id: string, by: string) => ({ id, type: 'change', config: { rules: [{ t: 'set', p: 'topic', pt: 'msg', to: { type: 'str', value: by } }] }, wires: [['all']] });

test('several messages on one output wired to two nodes: all to the first wire, then all to the next', async (t) => {
  const flows = await runFlows([
    { id: 'f', type: 'function', config: { code: 'return [[{ payload: 1 }, { payload: 2 }]];' }, wires: [['a', 'b']] },
    tag('a', 'a'), tag('b', 'b'),
    { id: 'all', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('f', {});
  const got = await flows.waitFor('all', 4);
  assert.deepEqual(got.map((m) => `${m.topic}${m.payload}`), ['a1', 'a2', 'b1', 'b2']);
});

test('message and sequence ids are 16 hex digits, as Node-RED\'s generateId', async (t) => {
  const flows = await runFlows([
    { id: 'in', type: 'inject', config: { payload: { type: 'json', value: '[1,2]' } }, wires: [['s']] },
    { id: 's', type: 'split', wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  await flows.trigger('in');
  const [first] = await flows.waitFor('out', 2);
  assert.match(first!._msgid, /^[0-9a-f]{16}$/);
  assert.match(String((first!.parts as { id: unknown }).id), /^[0-9a-f]{16}$/);
});

test('inject leaves out a property whose value is undefined (an unset context key)', async (t) => {
  const flows = await runFlows([
    { id: 'in', type: 'inject', config: { props: [{ p: 'extra', v: { type: 'flow', value: 'unset' } }] }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  await flows.trigger('in');
  const [msg] = await flows.waitFor('out');
  assert.equal(Object.hasOwn(msg!, 'extra'), false);
});

test('join in reduce mode sends the sequence\'s last message, parts and topic included', async (t) => {
  const flows = await runFlows([
    { id: 'j', type: 'join', config: { mode: 'reduce', reduceExp: '$A + payload', reduceInit: '0', reduceInitType: 'num' }, wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  flows.send('j', { payload: 1, topic: 'first', parts: { id: 'p', index: 0, count: 2 } });
  flows.send('j', { _msgid: 'last', payload: 2, topic: 'last', parts: { id: 'p', index: 1, count: 2 } });
  const [msg] = await flows.waitFor('out');
  assert.deepEqual([msg!._msgid, msg!.payload, msg!.topic, msg!.parts], ['last', 3, 'last', { id: 'p', index: 1, count: 2 }]);
});

test('a switch with a JSONata rule delivers in step with its sibling branch, not after it', async (t) => {
  const flows = await runFlows([
    { id: 'in', type: 'inject', config: { payload: { type: 'num', value: '5' } }, wires: [['sw', 'tag']] },
    { id: 'sw', type: 'switch', config: { rules: [{ t: 'jsonata_exp', v: 'payload > 1', vt: 'jsonata' }] }, wires: [['all']] },
    tag('tag', 'sibling'),
    { id: 'all', type: 'test-sink' },
  ]);
  t.after(() => flows.stop());
  await flows.trigger('in');
  const got = await flows.waitFor('all', 2);
  assert.deepEqual(got.map((m) => m.topic || 'switch'), ['switch', 'sibling']);
});
