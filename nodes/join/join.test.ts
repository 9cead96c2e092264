import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows, type TestNode } from '../../test/helpers/flows.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const joinFlow = (config: Record<string, unknown>): TestNode[] => [
  { id: 'j', type: 'join', config, wires: [['out']] },
  { id: 'out', type: 'test-sink' },
];

const start = async (t: { after(fn: () => Promise<void>): void }, nodes: TestNode[]) => {
  const flows = await runFlows(nodes);
  t.after(() => flows.stop());
  return flows;
};

/** split → join (auto): the join must give back what the split took apart. */
const roundTrip = (splitConfig: Record<string, unknown> = {}): TestNode[] => [
  { id: 's', type: 'split', config: splitConfig, wires: [['j']] },
  { id: 'j', type: 'join', config: { mode: 'auto' }, wires: [['out']] },
  { id: 'out', type: 'test-sink' },
];

test('auto: reverses a split of a string, Buffer, array, chunked array and object', async (t) => {
  const cases: Array<[Record<string, unknown>, unknown]> = [
    [{}, 'one\ntwo\n\nthree'],
    [{ splt: '[13,10]', spltType: 'bin' }, 'a\r\nb'],
    [{ splt: '3', spltType: 'len' }, 'abcdefgh'],
    [{ splt: '[0]', spltType: 'bin' }, Buffer.from([1, 0, 2, 3, 0])],
    [{ splt: '2', spltType: 'len' }, Buffer.from('abcde')],
    [{}, [1, { two: 2 }, 'three']],
    [{ arraySplt: 2 }, [1, 2, 3, 4, 5]],
    [{}, { a: 1, b: [2], c: 'three' }],
  ];
  for (const [splitConfig, payload] of cases) {
    const flows = await runFlows(roundTrip(splitConfig));
    try {
      flows.send('s', { payload, topic: 'keep me' });
      const [msg] = await flows.waitFor('out', 1);
      assert.deepEqual(msg!.payload, payload, JSON.stringify(splitConfig));
      assert.equal(msg!.topic, 'keep me');
      assert.equal(msg!.parts, undefined);
    } finally {
      await flows.stop();
    }
  }
});

test('auto: nested split/split/join/join restores the outer sequence', async (t) => {
  const flows = await start(t, [
    { id: 's1', type: 'split', wires: [['s2']] },
    { id: 's2', type: 'split', config: { splt: ',' }, wires: [['j1']] },
    { id: 'j1', type: 'join', wires: [['j2']] },
    { id: 'j2', type: 'join', wires: [['out']] },
    { id: 'out', type: 'test-sink' },
  ]);
  flows.send('s1', { payload: ['a,b', 'c', 'd,e,f'] });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.payload, ['a,b', 'c', 'd,e,f']);
});

test('auto: parts arriving out of order go back in their place', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'auto' }));
  for (const index of [2, 0, 1]) flows.send('j', { payload: `p${index}`, parts: { id: 'g', index, count: 3, type: 'string', ch: '-' } });
  const [msg] = await flows.waitFor('out', 1);
  assert.equal(msg!.payload, 'p0-p1-p2');
});

test('auto: a message without msg.parts is warned about and dropped', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'auto' }));
  flows.send('j', { payload: 1 });
  await flows.waitForEvent('log', (e) => e.level === 'warn' && /msg.parts/.test(e.message));
  assert.equal(flows.received('out').length, 0);
});

test('auto: msg.reset drops a partial sequence (without parts: all of them)', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'auto' }));
  const part = (id: string, index: number) => ({ payload: index, parts: { id, index, count: 2, type: 'array' } });
  flows.send('j', part('a', 0));
  flows.send('j', { reset: true, parts: { id: 'a' } });
  flows.send('j', part('a', 1));
  flows.send('j', part('b', 0));
  flows.send('j', { reset: true });
  flows.send('j', part('b', 1));
  await pause(30);
  assert.equal(flows.received('out').length, 0);
  flows.send('j', part('a', 0)); // a1 went with the reset of all groups
  flows.send('j', part('a', 1));
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.payload, [0, 1]);
});

test('manual: an array after a count; other properties come from the last part', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'custom', build: 'array', count: 3 }));
  for (const payload of [1, 2, 3, 4]) flows.send('j', { payload, topic: `t${payload}` });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual([msg!.payload, msg!.topic], [[1, 2, 3], 't3']);
  await pause(20);
  assert.equal(flows.received('out').length, 1, 'the fourth part starts a new group');
});

test('manual: a string with a joiner; a Buffer with a byte joiner', async (t) => {
  const text = await start(t, joinFlow({ mode: 'custom', build: 'string', joiner: ', ', count: 3 }));
  for (const payload of ['a', 2, 'c']) text.send('j', { payload });
  assert.equal((await text.waitFor('out', 1))[0]!.payload, 'a, 2, c');

  const bytes = await start(t, joinFlow({ mode: 'custom', build: 'buffer', joiner: '[255]', joinerType: 'bin', count: 2 }));
  bytes.send('j', { payload: Buffer.from([1]) });
  bytes.send('j', { payload: 'A' });
  const [msg] = await bytes.waitFor('out', 1);
  assert.deepEqual([...(msg!.payload as Buffer)], [1, 255, 65]);
});

test('manual: a Buffer join rejects a part that is not text, bytes or a Buffer', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'custom', build: 'buffer', count: 2 }));
  flows.send('j', { payload: { not: 'bytes' } });
  await flows.waitForEvent('log', (e) => e.level === 'error' && /Cannot join object into a Buffer/.test(e.message));
});

test('manual: a key/value object keyed by msg.topic; accumulate sends on every later part; msg.complete starts over', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'custom', build: 'object', count: 2, accumulate: true }));
  flows.send('j', { topic: 'temp', payload: 20 });
  flows.send('j', { topic: 'hum', payload: 50 });
  flows.send('j', { topic: 'temp', payload: 21 });
  const got = await flows.waitFor('out', 2);
  assert.deepEqual(got.map((m) => m.payload), [{ temp: 20, hum: 50 }, { temp: 21, hum: 50 }]);
  flows.send('j', { complete: true });
  await flows.waitFor('out', 3);
  flows.send('j', { topic: 'wind', payload: 3 });
  flows.send('j', { topic: 'rain', payload: 0 });
  const [, , third, fourth] = await flows.waitFor('out', 4);
  assert.deepEqual(third!.payload, { temp: 21, hum: 50 });
  assert.equal(third!.complete, undefined);
  assert.deepEqual(fourth!.payload, { wind: 3, rain: 0 });
});

test('manual: a merged object from several parts', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'custom', build: 'merged', count: 0 }));
  flows.send('j', { payload: { a: 1, b: 1 } });
  flows.send('j', { payload: { b: 2 } });
  flows.send('j', { payload: { c: 3 }, complete: true });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.payload, { a: 1, b: 2, c: 3 });
});

test('manual: a timeout sends what has arrived; msg.restartTimeout restarts it', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'custom', build: 'array', timeout: 0.1 }));
  const since = Date.now();
  flows.send('j', { payload: 1 });
  await pause(50);
  flows.send('j', { payload: 2, restartTimeout: true });
  await pause(70);
  assert.equal(flows.received('out').length, 0, 'the timeout was not restarted');
  const [msg] = await flows.waitFor('out', 1);
  assert.ok(Date.now() - since >= 145);
  assert.deepEqual(msg!.payload, [1, 2]);
});

test('manual: count 0 takes the count from msg.parts', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'custom', build: 'array' }));
  for (const payload of [1, 2]) flows.send('j', { payload, parts: { id: 'x', count: 2 } });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.payload, [1, 2]);
});

test('manual: complete messages, or another property, can be collected', async (t) => {
  const full = await start(t, joinFlow({ mode: 'custom', build: 'array', propertyType: 'full', count: 2 }));
  full.send('j', { payload: 1, topic: 'a' });
  full.send('j', { payload: 2, topic: 'b' });
  const [msg] = await full.waitFor('out', 1);
  assert.deepEqual((msg!.payload as Array<{ topic: string }>).map((m) => m.topic), ['a', 'b']);

  const prop = await start(t, joinFlow({ mode: 'custom', build: 'array', property: 'reading.value', count: 2 }));
  prop.send('j', { reading: { value: 5 } });
  prop.send('j', { reading: { value: 6 } });
  assert.deepEqual((await prop.waitFor('out', 1))[0]!.reading, { value: [5, 6] });
});

test('manual: msg.reset drops the partial result', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'custom', build: 'array', count: 2 }));
  flows.send('j', { payload: 'lost' });
  flows.send('j', { reset: true });
  flows.send('j', { payload: 'a' });
  flows.send('j', { payload: 'b' });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.payload, ['a', 'b']);
});

test('reduce: sums a split array; a fix-up turns the sum into an average', async (t) => {
  const flows = await start(t, [
    { id: 's', type: 'split', wires: [['sum', 'avg']] },
    { id: 'sum', type: 'join', config: { mode: 'reduce', reduceExp: '$A + payload', reduceInit: '0', reduceInitType: 'num' }, wires: [['out']] },
    { id: 'avg', type: 'join', config: { mode: 'reduce', reduceExp: '$A + payload', reduceInit: '0', reduceFixup: '$A / $N' }, wires: [['out2']] },
    { id: 'out', type: 'test-sink' },
    { id: 'out2', type: 'test-sink' },
  ]);
  flows.send('s', { payload: [1, 2, 3, 6] });
  assert.equal((await flows.waitFor('out', 1))[0]!.payload, 12);
  assert.equal((await flows.waitFor('out2', 1))[0]!.payload, 3);
});

test('reduce: $I and $N, reverse order, a JSON initial value', async (t) => {
  const flows = await start(t, joinFlow({
    mode: 'reduce', reduceExp: '$append($A, payload & ":" & $I & "/" & $N)', reduceInit: '["start"]', reduceInitType: 'json', reduceRight: true,
  }));
  for (const index of [0, 1, 2]) flows.send('j', { payload: `p${index}`, parts: { id: 'g', index, count: 3 } });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.payload, ['start', 'p2:2/3', 'p1:1/3', 'p0:0/3']);
});

test('reduce: messages outside a sequence pass through; an evaluation error is reported', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'reduce', reduceExp: '$A + payload' }));
  flows.send('j', { payload: 'alone' });
  const [msg] = await flows.waitFor('out', 1);
  assert.equal(msg!.payload, 'alone');
  flows.send('j', { payload: 'text', parts: { id: 'g', index: 0, count: 1 } });
  await flows.waitForEvent('log', (e) => e.level === 'error' && e.node === 'j');
});

test('auto: beyond maxParts the oldest unfinished sequence is dropped, and its late parts too', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'auto', maxParts: 5 }));
  const part = (id: string, index: number) => ({ payload: `${id}${index}`, parts: { id, index, count: 4, type: 'array' } });
  for (const index of [0, 1, 2]) flows.send('j', part('a', index));
  for (const index of [0, 1, 2]) flows.send('j', part('b', index)); // the 6th part held: a goes
  const warning = await flows.waitForEvent('log', (e) => e.node === 'j' && e.level === 'warn');
  assert.match(warning.message, /^3 message part\(s\) dropped: more than 5 parts were held/);
  await flows.waitForEvent('status', (e) => e.node === 'j' && e.text === '3 dropped');
  flows.send('j', part('a', 3)); // late: a is gone, so this is dropped rather than starting over
  flows.send('j', part('b', 3));
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.payload, ['b0', 'b1', 'b2', 'b3']);
  await pause(20);
  assert.equal(flows.received('out').length, 1);
});

test('manual: a sequence longer than maxParts is dropped; the next part starts a new one', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'custom', build: 'array', maxParts: 3 }));
  for (const payload of [1, 2, 3, 4]) flows.send('j', { payload });
  await flows.waitForEvent('log', (e) => e.node === 'j' && /4 message part\(s\) dropped/.test(e.message));
  flows.send('j', { payload: 5, complete: true });
  const [msg] = await flows.waitFor('out', 1);
  assert.deepEqual(msg!.payload, [5]);
});

test('reduce: beyond maxParts the oldest sequence is dropped', async (t) => {
  const flows = await start(t, joinFlow({ mode: 'reduce', reduceExp: '$A + payload', maxParts: 2 }));
  const part = (id: string, index: number) => ({ payload: index + 1, parts: { id, index, count: 2 } });
  flows.send('j', part('a', 0));
  flows.send('j', part('b', 0));
  flows.send('j', part('c', 0)); // a goes
  for (const id of ['a', 'b']) flows.send('j', part(id, 1));
  const [msg] = await flows.waitFor('out', 1);
  assert.equal(msg!.payload, 3);
  await flows.waitForEvent('log', (e) => e.node === 'j' && /^1 message part\(s\) dropped/.test(e.message));
  await pause(20);
  assert.equal(flows.received('out').length, 1, 'a\'s late part was dropped, not reduced alone');
});

test('stopping cancels a pending timeout', async () => {
  const flows = await runFlows(joinFlow({ mode: 'custom', build: 'array', timeout: 0.03 }));
  flows.send('j', { payload: 1 });
  await pause(5);
  await flows.stop();
  await pause(60);
  assert.equal(flows.received('out').length, 0);
});

test('bad config fails the deploy', async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ mode: 'reduce', reduceExp: '' }, '/config/reduceExp'],
    [{ mode: 'reduce', reduceExp: '$A +' }, '/config/reduceExp'],
    [{ mode: 'reduce', reduceExp: '$A', reduceFixup: '(((' }, '/config/reduceFixup'],
    [{ mode: 'reduce', reduceExp: '$A', reduceInit: 'x', reduceInitType: 'num' }, '/config/reduceInit'],
    [{ mode: 'custom', build: 'buffer', joiner: '[1,', joinerType: 'bin' }, '/config/joiner'],
    [{ mode: 'custom', build: 'object', key: '.' }, '/config/key'],
    [{ mode: 'custom', timeout: -1 }, '/config/timeout'],
    [{ mode: 'manual' }, '/config/mode'],
  ];
  for (const [config, path] of cases) {
    await assert.rejects(runFlows(joinFlow(config)), (err: Error & { errors?: Array<{ path: string }>; details?: Array<{ path: string }> }) => {
      const errors = err.errors ?? err.details ?? [];
      assert.ok(errors.some((e) => e.path.startsWith(path)), `${JSON.stringify(config)}: ${JSON.stringify(errors)}`);
      return true;
    });
  }
});
