import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '#node-api';
import { runFlows, type TestFlows } from '../../test/helpers/flows.ts';
import { deployErrors, settle, startNode, type TestContext } from '../../test/helpers/node-test.ts';
import { COMPARISONS, isType } from './operators.ts';

type Rule = Record<string, unknown>;

async function start(t: TestContext, rules: Rule[], config: Record<string, unknown> = {}, env?: NodeJS.ProcessEnv): Promise<TestFlows> {
  return startNode(t, 'switch', { rules, ...config }, { outputs: rules.length, env });
}

/**
 * Sends each message in turn and checks, per message, which outputs it came out of. Waits
 * for as many deliveries as expected, then a little longer to catch unexpected ones.
 */
async function assertRoutes(flows: TestFlows, messages: Array<Partial<Message>>, expected: number[][]): Promise<void> {
  const outputs = Math.max(0, ...expected.flat()) + 1;
  const sinks = Array.from({ length: outputs }, (_, port) => `out${port}`);
  messages.forEach((msg, seq) => flows.send('n', { ...msg, seq }));
  const total = expected.flat().length;
  for (let waited = 0; sinks.reduce((n, id) => n + flows.received(id).length, 0) < total && waited < 2000; waited += 10) await settle(10);
  await settle();
  const actual = messages.map((_, seq) => sinks.flatMap((id, port) => (flows.received(id).some((m) => m.seq === seq) ? [port] : [])));
  assert.deepEqual(actual, expected);
}

const payloads = (...values: unknown[]) => values.map((payload) => ({ payload }));
const firstErrorPath = async (config: Record<string, unknown>) => (await deployErrors('switch', config))[0]?.path;

test('comparisons use JavaScript loose semantics, as in Node-RED', () => {
  const { eq, neq, lt, lte, gt, gte, btwn } = COMPARISONS;
  assert.equal(eq(5, '5'), true);
  assert.equal(neq('a', 'b'), true);
  assert.equal(lt('10', 9), false); // numeric, not text
  assert.equal(lt('10', '9'), true); // two strings compare as text
  assert.equal(gt(new Date(2000), 1000), true);
  assert.equal(lte(3, 3), true);
  assert.equal(gte(undefined, 0), false);
  assert.equal(btwn(5, 10, 1), true); // either way round
  assert.equal(btwn(11, 1, 10), false);
});

test('istype knows Node-RED type names', () => {
  assert.equal(isType([], 'array'), true);
  assert.equal(isType([], 'object'), false);
  assert.equal(isType(Buffer.from('x'), 'buffer'), true);
  assert.equal(isType(Buffer.from('x'), 'object'), false);
  assert.equal(isType(null, 'object'), false);
  assert.equal(isType(null, 'null'), true);
  assert.equal(isType('{"a":1}', 'json'), true);
  assert.equal(isType('{a:1}', 'json'), false);
  assert.equal(isType(undefined, 'undefined'), true);
  assert.equal(isType(1, 'number'), true);
});

test('istype json is whatever JSON.parse accepts when given the value, as in Node-RED', () => {
  assert.equal(isType(42, 'json'), true);
  assert.equal(isType(true, 'json'), true);
  assert.equal(isType(null, 'json'), true);
  assert.equal(isType(Buffer.from('{"a":1}'), 'json'), true);
  assert.equal(isType([1], 'json'), true); // prints as "1"
  assert.equal(isType(undefined, 'json'), false);
  assert.equal(isType({ a: 1 }, 'json'), false); // prints as "[object Object]"
  assert.equal(isType('not json', 'json'), false);
});

test('routes to every matching output with checkall', async (t) => {
  const rules = [{ t: 'gt', v: '10', vt: 'num' }, { t: 'lte', v: '10', vt: 'num' }, { t: 'btwn', v: '5', vt: 'num', v2: '15', v2t: 'num' }];
  const flows = await start(t, rules);
  await assertRoutes(flows, payloads(20, 7, 12, '3', 'x'), [[0], [1, 2], [0, 2], [1], []]);
});

test('stops at the first match without checkall ("false" as Node-RED stores it)', async (t) => {
  for (const checkall of [false, 'false']) {
    const rules = [{ t: 'gt', v: '10', vt: 'num' }, { t: 'btwn', v: '5', vt: 'num', v2: '15', v2t: 'num' }];
    const flows = await start(t, rules, { checkall });
    await assertRoutes(flows, payloads(12, 7), [[0], [1]]);
  }
});

test('messages sent on two outputs are independent copies', async (t) => {
  const flows = await start(t, [{ t: 'nnull' }, { t: 'nnull' }]);
  flows.send('n', { payload: { n: 1 } });
  const [[a], [b]] = await Promise.all([flows.waitFor('out0', 1), flows.waitFor('out1', 1)]);
  assert.notEqual(a, b);
  assert.deepEqual(a!.payload, b!.payload);
});

test('otherwise matches when nothing before it matched', async (t) => {
  const flows = await start(t, [{ t: 'eq', v: 'a' }, { t: 'eq', v: 'b' }, { t: 'else' }]);
  await assertRoutes(flows, payloads('a', 'b', 'c'), [[0], [1], [2]]);
});

test('a second otherwise matches only if no rule matched since the first one, which counts as a match', async (t) => {
  // Node-RED: every matching rule, otherwise included, clears the "nothing matched" flag.
  const flows = await start(t, [{ t: 'eq', v: '1', vt: 'num' }, { t: 'else' }, { t: 'eq', v: '2', vt: 'num' }, { t: 'else' }]);
  await assertRoutes(flows, payloads(1, 2, 3), [[0, 3], [1, 2], [1]]);
});

test('text rules: contains, regex with and without case, equality with strings', async (t) => {
  const flows = await start(t, [
    { t: 'cont', v: 'err' },
    { t: 'regex', v: '^warn\\d+$' },
    { t: 'regex', v: '^WARN', case: true },
    { t: 'eq', v: 'error' },
  ]);
  await assertRoutes(flows, payloads('error', 'warn42', 'Warning', 'info', 404), [[0, 3], [1, 2], [2], [], []]);
});

test('value rules: true, false, null, not null, empty, not empty', async (t) => {
  const flows = await start(t, [{ t: 'true' }, { t: 'false' }, { t: 'null' }, { t: 'nnull' }, { t: 'empty' }, { t: 'nempty' }]);
  await assertRoutes(flows, [
    { payload: true }, { payload: false }, { payload: null }, {}, { payload: '' }, { payload: [1] }, { payload: {} }, { payload: 0 },
  ], [[0, 3], [1, 3], [2], [2], [3, 4], [3, 5], [3, 4], [3]]);
});

test('type and key rules', async (t) => {
  const flows = await start(t, [
    { t: 'istype', v: 'number', vt: 'number' },
    { t: 'istype', v: 'object' },
    { t: 'istype', v: 'buffer' },
    { t: 'hask', v: 'id' },
  ]);
  await assertRoutes(flows, [{ payload: 1 }, { payload: { id: 1 } }, { payload: Buffer.from('x') }, { payload: [] }, { payload: 'id' }], [[0], [1, 3], [2], [], []]);
});

test('values from msg, flow, global and env; "prev" is the previous message\'s value', async (t) => {
  const flows = await start(t, [
    { t: 'eq', v: 'expected', vt: 'msg' },
    { t: 'gt', v: 'limits.max', vt: 'flow' },
    { t: 'eq', v: 'mode', vt: 'global' },
    { t: 'eq', v: 'SWITCH_TEST_MODE', vt: 'env' },
    { t: 'neq', v: '', vt: 'prev' },
  ], {}, { SWITCH_TEST_MODE: 'manual' });
  flows.context('flow:f1').set('limits', { max: 30 });
  flows.context('global').set('mode', 'auto');
  await assertRoutes(flows, [{ payload: 5, expected: 5 }, { payload: 31 }, { payload: 'auto' }, { payload: 'manual' }, { payload: 'manual' }], [[0, 4], [1, 4], [2, 4], [3, 4], [3]]);
});

test('the property can be a context value, an env variable or a JSONata expression', async (t) => {
  const byFlow = await start(t, [{ t: 'eq', v: 'on' }], { property: 'state.light', propertyType: 'flow' });
  byFlow.context('flow:f1').set('state', { light: 'on' });
  await assertRoutes(byFlow, [{}], [[0]]);

  const byEnv = await start(t, [{ t: 'eq', v: 'yes' }], { property: 'SWITCH_FLAG', propertyType: 'env' }, { SWITCH_FLAG: 'yes' });
  await assertRoutes(byEnv, [{}], [[0]]);

  const byJsonata = await start(t, [{ t: 'gt', v: '10', vt: 'num' }], { property: '$sum(payload.n)', propertyType: 'jsonata' });
  await assertRoutes(byJsonata, [{ payload: { n: [5, 6] } }, { payload: { n: [1] } }], [[0], []]);
});

test('JSONata values and expression rules', async (t) => {
  const flows = await start(t, [
    { t: 'eq', v: 'limit * 2', vt: 'jsonata' },
    { t: 'jsonata_exp', v: 'payload > 3 and topic = "t"', vt: 'jsonata' },
  ]);
  await assertRoutes(flows, [{ payload: 8, limit: 4, topic: 't' }, { payload: 1, limit: 4, topic: 't' }], [[0, 1], []]);
});

test('an expression rule sees $I and $N, the index and count of a message in a sequence', async (t) => {
  const flows = await start(t, [{ t: 'jsonata_exp', v: '$I = 0 or $I = $N - 1', vt: 'jsonata' }]);
  const part = (index: number) => ({ payload: index, parts: { id: 'seq', index, count: 3 } });
  await assertRoutes(flows, [part(0), part(1), part(2)], [[0], [], [0]]);
});

test('a failing JSONata expression is an error and nothing is sent', async (t) => {
  const flows = await start(t, [{ t: 'jsonata_exp', v: 'nope()', vt: 'jsonata' }]);
  flows.send('n', { payload: 1 });
  const log = await flows.waitForEvent('log', (e) => e.level === 'error' && e.node === 'n');
  assert.match(log.message, /^Invalid JSONata expression: /);
  assert.equal(flows.received('out0').length, 0);
});

test('a regex read from the message is compiled per message; a bad one is an error', async (t) => {
  const flows = await start(t, [{ t: 'regex', v: 'pattern', vt: 'msg' }]);
  flows.send('n', { payload: 'abc', pattern: '^a' });
  flows.send('n', { payload: 'abc', pattern: '(' });
  await flows.waitFor('out0', 1);
  await flows.waitForEvent('log', (e) => e.level === 'error' && /Invalid regular expression/.test(e.message));
  await settle();
  assert.equal(flows.received('out0').length, 1);
});

test('one output per rule: wiring a second output to a one-rule switch is a deploy error', async () => {
  const err = await runFlows([
    { id: 'n', type: 'switch', config: { rules: [{ t: 'true' }] }, wires: [['s'], ['s']] },
    { id: 's', type: 'test-sink' },
  ]).then((flows) => flows.stop(), (e: { details?: Array<{ path: string }>; errors?: Array<{ path: string }> }) => e);
  assert.equal((err?.errors ?? err?.details)?.[0]?.path, '/wires');
});

test('bad config is a deploy error naming the rule and key', async () => {
  assert.equal(await firstErrorPath({ rules: [{ t: 'eq' }, { t: 'regex', v: '[' }] }), '/config/rules/1/v');
  assert.equal(await firstErrorPath({ rules: [{ t: 'eq', v: 'x', vt: 'num' }] }), '/config/rules/0/v');
  assert.equal(await firstErrorPath({ rules: [{ t: 'eq', v: 'x', vt: 'bogus' }] }), '/config/rules/0/vt');
  assert.equal(await firstErrorPath({ rules: [{ t: 'btwn', v: '1', vt: 'num', v2: 'x', v2t: 'num' }] }), '/config/rules/0/v2');
  assert.equal(await firstErrorPath({ rules: [{ t: 'istype', v: 'integer' }] }), '/config/rules/0/v');
  assert.equal(await firstErrorPath({ rules: [{ t: 'jsonata_exp', v: 'payload >' }] }), '/config/rules/0/v');
  assert.equal(await firstErrorPath({ property: '(', propertyType: 'jsonata' }), '/config/property');
  assert.equal(await firstErrorPath({ property: 'a..b' }), '/config/property');
  assert.equal(await firstErrorPath({ rules: [{ t: 'like' }] }), '/config/rules/0/t');
  assert.equal(await firstErrorPath({ checkall: 'yes' }), '/config/checkall');
});

test('an "otherwise" after a JSONata rule, stopping at the first match, routes like the synchronous rules', async (t) => {
  const flows = await start(t, [
    { t: 'jsonata_exp', v: 'payload > 5', vt: 'jsonata' },
    { t: 'lt', v: '0', vt: 'num' },
    { t: 'else' },
  ], { checkall: false });
  await assertRoutes(flows, payloads(10, -1, 3), [[0], [1], [2]]);
});

/** Messages of one sequence as split makes them; `withCount` false leaves the count to the last one (streaming). */
const sequence = (id: string, payloads: unknown[], withCount = true) => payloads.map((payload, index) => ({
  payload, parts: { id, index, type: 'array', ...(withCount || index === payloads.length - 1 ? { count: payloads.length } : {}) },
}));

test('head, tail and index select messages by their place in a sequence', async (t) => {
  const flows = await start(t, [
    { t: 'head', v: '2', vt: 'num' },
    { t: 'tail', v: '1', vt: 'num' },
    { t: 'index', v: '1', vt: 'num', v2: '2', v2t: 'num' },
  ]);
  await assertRoutes(flows, [...sequence('s', ['a', 'b', 'c', 'd']), { payload: 'not in a sequence' }], [[0], [0, 2], [2], [1], []]);
});

test('tail holds a sequence until its count is known (a streamed sequence has it on the last message only)', async (t) => {
  const flows = await start(t, [{ t: 'tail', v: '2', vt: 'num' }, { t: 'else' }]);
  const msgs = sequence('s', [1, 2, 3], false);
  flows.send('n', msgs[0]!);
  flows.send('n', msgs[1]!);
  await settle();
  assert.equal(flows.received('out0').length + flows.received('out1').length, 0, 'held until the last message');
  flows.send('n', msgs[2]!);
  assert.deepEqual((await flows.waitFor('out0', 2)).map((m) => m.payload), [2, 3]);
  assert.deepEqual((await flows.waitFor('out1', 1)).map((m) => m.payload), [1]);
  assert.equal((flows.received('out1')[0]!.parts as { count: number }).count, 3, 'the count is filled in');
});

test('a held sequence whose count is reached early (a wrong count, a duplicate part) is released, not kept', async (t) => {
  const flows = await start(t, [{ t: 'tail', v: '1', vt: 'num' }, { t: 'else' }]);
  const [first, second] = sequence('s', [1, 2]);
  flows.send('n', first!);
  flows.send('n', { ...first!, parts: { ...first!.parts, count: 1 } }); // says the sequence was one long
  assert.equal((await flows.waitFor('out0', 2)).length, 2, 'both held messages went out (each the last of one)');
  flows.send('n', second!);
  await settle();
  assert.equal(flows.received('out0').length + flows.received('out1').length, 2, 'a new group for the late part, held again');
});

test('repair gives each output its messages as a sequence of their own', async (t) => {
  const flows = await start(t, [{ t: 'gt', v: '2', vt: 'num' }, { t: 'else' }], { repair: true });
  const msgs = sequence('orig', [1, 5, 2, 7, 9]);
  for (const msg of msgs.slice(0, 4)) flows.send('n', msg);
  await settle();
  assert.equal(flows.received('out0').length, 0, 'held until the sequence is complete');
  flows.send('n', msgs[4]!);
  const high = await flows.waitFor('out0', 3);
  const low = await flows.waitFor('out1', 2);
  assert.deepEqual(high.map((m) => m.payload), [5, 7, 9]);
  assert.deepEqual(low.map((m) => m.payload), [1, 2]);
  const parts = (list: Message[]) => list.map((m) => m.parts as { id: string; index: number; count: number; type: string });
  assert.deepEqual(parts(high).map((p) => [p.index, p.count, p.type]), [[0, 3, 'array'], [1, 3, 'array'], [2, 3, 'array']]);
  assert.deepEqual(parts(low).map((p) => [p.index, p.count]), [[0, 2], [1, 2]]);
  assert.equal(new Set(parts(high).map((p) => p.id)).size, 1);
  assert.notEqual(parts(high)[0]!.id, 'orig');
  assert.notEqual(parts(high)[0]!.id, parts(low)[0]!.id);
});

test('repair: a message on two outputs gets its own parts on each; messages outside sequences pass straight', async (t) => {
  const flows = await start(t, [{ t: 'gte', v: '1', vt: 'num' }, { t: 'lte', v: '1', vt: 'num' }], { repair: true });
  for (const msg of sequence('s', [0, 1, 2])) flows.send('n', msg);
  flows.send('n', { payload: 1 });
  const a = await flows.waitFor('out0', 3);
  const b = await flows.waitFor('out1', 3);
  const seqA = a.filter((m) => m.parts);
  const seqB = b.filter((m) => m.parts);
  assert.deepEqual(seqA.map((m) => [m.payload, (m.parts as { index: number }).index, (m.parts as { count: number }).count]), [[1, 0, 2], [2, 1, 2]]);
  assert.deepEqual(seqB.map((m) => [m.payload, (m.parts as { index: number }).index, (m.parts as { count: number }).count]), [[0, 0, 2], [1, 1, 2]]);
  assert.equal(a.filter((m) => !m.parts).length, 1);
  assert.equal(b.filter((m) => !m.parts).length, 1);
});

test('held sequences: beyond maxParts the oldest unfinished one is dropped, with its late parts', async (t) => {
  const flows = await start(t, [{ t: 'tail', v: '1', vt: 'num' }, { t: 'else' }], { maxParts: 3 });
  const a = sequence('a', [1, 2, 3]);
  const b = sequence('b', [4, 5, 6]);
  for (const msg of [a[0], a[1], b[0], b[1]]) flows.send('n', msg!); // the 4th part held: a goes
  const warning = await flows.waitForEvent('log', (e) => e.node === 'n' && e.level === 'warn');
  assert.match(warning.message, /^2 message part\(s\) dropped: more than 3 parts were held/);
  await flows.waitForEvent('status', (e) => e.node === 'n' && e.text === '2 dropped');
  flows.send('n', a[2]!); // late: dropped, not held as a new sequence
  flows.send('n', b[2]!);
  assert.deepEqual((await flows.waitFor('out0', 1)).map((m) => m.payload), [6]);
  assert.deepEqual((await flows.waitFor('out1', 2)).map((m) => m.payload), [4, 5]);
  await settle();
  assert.equal(flows.received('out0').length + flows.received('out1').length, 3);
});

test('sequence rules validate like other rules', async () => {
  assert.equal(await firstErrorPath({ rules: [{ t: 'index', v: '0', vt: 'num', v2: 'x', v2t: 'num' }] }), '/config/rules/0/v2');
  assert.equal(await firstErrorPath({ rules: [{ t: 'head', v: '1', vt: 'nope' }] }), '/config/rules/0/vt');
  assert.equal(await firstErrorPath({ repair: 'yes' }), '/config/repair');
});
