import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '#node-api';
import { runFlows, type TestNode } from '../../test/helpers/flows.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const splitFlow = (config: Record<string, unknown>): TestNode[] => [
  { id: 's', type: 'split', config, wires: [['out']] },
  { id: 'out', type: 'test-sink' },
];

const start = async (t: { after(fn: () => Promise<void>): void }, config: Record<string, unknown> = {}) => {
  const flows = await runFlows(splitFlow(config));
  t.after(() => flows.stop());
  return flows;
};

type Parts = { id: string; index: number; count?: number; type: string; ch?: unknown; len?: number; key?: string; parts?: unknown };
const partsOf = (msg: Message) => msg.parts as Parts;

test('string: splits at newlines by default; parts describe the sequence', async (t) => {
  const flows = await start(t);
  flows.send('s', { payload: 'a\nb\nc', topic: 'lines' });
  const got = await flows.waitFor('out', 3);
  assert.deepEqual(got.map((m) => m.payload), ['a', 'b', 'c']);
  assert.ok(got.every((m) => m.topic === 'lines'));
  const parts = got.map(partsOf);
  assert.deepEqual(parts.map((p) => p.index), [0, 1, 2]);
  assert.ok(parts.every((p) => p.count === 3 && p.type === 'string' && p.ch === '\n' && p.id === parts[0]!.id));
  assert.equal(new Set(got.map((m) => m._msgid)).size, 3, 'each part is a new message');
});

test('string: a custom delimiter with escapes, and a binary delimiter', async (t) => {
  const text = await start(t, { splt: ',\\t' });
  text.send('s', { payload: 'x,\ty,\tz' });
  assert.deepEqual((await text.waitFor('out', 3)).map((m) => m.payload), ['x', 'y', 'z']);

  const bin = await start(t, { splt: '[13,10]', spltType: 'bin' });
  bin.send('s', { payload: 'one\r\ntwo' });
  const got = await bin.waitFor('out', 2);
  assert.deepEqual(got.map((m) => m.payload), ['one', 'two']);
  assert.deepEqual(partsOf(got[0]!).ch, [13, 10]);
});

test('string: fixed lengths, the last piece shorter', async (t) => {
  const flows = await start(t, { splt: '3', spltType: 'len' });
  flows.send('s', { payload: 'abcdefgh' });
  const got = await flows.waitFor('out', 3);
  assert.deepEqual(got.map((m) => m.payload), ['abc', 'def', 'gh']);
  assert.deepEqual([partsOf(got[0]!).len, partsOf(got[0]!).ch, partsOf(got[0]!).count], [3, '', 3]);
});

test('stream mode: an unfinished line waits for the next message; indexes run on; no count', async (t) => {
  const flows = await start(t, { stream: true });
  flows.send('s', { payload: 'one\ntw' });
  flows.send('s', { payload: 'o\nthree\n' });
  const got = await flows.waitFor('out', 3);
  await pause(20);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['one', 'two', 'three']);
  assert.deepEqual(got.map((m) => partsOf(m).index), [0, 1, 2]);
  assert.ok(got.every((m) => partsOf(m).count === undefined));
});

test('stream mode: a piece longer than maxPiece is dropped up to the next delimiter, counted and warned about', async (t) => {
  const flows = await start(t, { stream: true, maxPiece: 5 });
  flows.send('s', { payload: 'ok\nnoise-' });
  flows.send('s', { payload: 'more noise' }); // still no delimiter: dropped as it comes
  flows.send('s', { payload: '-end\nnext\n' });
  const got = await flows.waitFor('out', 2);
  await pause(20);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['ok', 'next']);
  assert.deepEqual(got.map((m) => partsOf(m).index), [0, 1]);
  const warning = await flows.waitForEvent('log', (e) => e.node === 's' && e.level === 'warn');
  assert.match(warning.message, /^1 over-long piece\(s\) dropped: no delimiter within 5/);
  await flows.waitForEvent('status', (e) => e.node === 's' && e.text === '1 dropped');

  const bytes = await start(t, { stream: true, maxPiece: 3, splt: '[0]', spltType: 'bin' });
  bytes.send('s', { payload: Buffer.from([1, 2, 3, 4, 5]) });
  bytes.send('s', { payload: Buffer.from([6, 0, 7, 0]) });
  const [piece] = await bytes.waitFor('out', 1);
  await pause(20);
  assert.deepEqual([...(piece!.payload as Buffer)], [7]);
  assert.equal(bytes.received('out').length, 1);
});

test('stream mode with lengths: a short tail waits, a full one goes', async (t) => {
  const flows = await start(t, { spltType: 'len', splt: '2', stream: true });
  flows.send('s', { payload: 'abc' });
  flows.send('s', { payload: 'd' });
  await flows.waitFor('out', 2);
  await pause(20);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['ab', 'cd']);
});

test('Buffer: splits at a delimiter or into lengths, pieces stay Buffers', async (t) => {
  const delimited = await start(t, { splt: '[0]', spltType: 'bin' });
  delimited.send('s', { payload: Buffer.from([1, 2, 0, 3, 0, 4]) });
  const got = await delimited.waitFor('out', 3);
  assert.ok(got.every((m) => Buffer.isBuffer(m.payload)));
  assert.deepEqual(got.map((m) => [...(m.payload as Buffer)]), [[1, 2], [3], [4]]);
  assert.equal(partsOf(got[0]!).type, 'buffer');

  const chunks = await start(t, { splt: '4', spltType: 'len' });
  chunks.send('s', { payload: Buffer.from('abcdefghij') });
  assert.deepEqual((await chunks.waitFor('out', 3)).map((m) => String(m.payload)), ['abcd', 'efgh', 'ij']);
});

test('array: one message per element, or chunks of arraySplt', async (t) => {
  const each = await start(t);
  each.send('s', { payload: [{ a: 1 }, 2, 'three'] });
  const got = await each.waitFor('out', 3);
  assert.deepEqual(got.map((m) => m.payload), [{ a: 1 }, 2, 'three']);
  assert.deepEqual(got.map((m) => [partsOf(m).type, partsOf(m).count, partsOf(m).len]), [['array', 3, 1], ['array', 3, 1], ['array', 3, 1]]);

  const chunked = await start(t, { arraySplt: 2 });
  chunked.send('s', { payload: [1, 2, 3, 4, 5] });
  assert.deepEqual((await chunked.waitFor('out', 3)).map((m) => m.payload), [[1, 2], [3, 4], [5]]);
});

test('object: one message per key; addname copies the key into a property', async (t) => {
  const flows = await start(t, { addname: 'topic' });
  flows.send('s', { payload: { temp: 21, hum: 40 } });
  const got = await flows.waitFor('out', 2);
  assert.deepEqual(got.map((m) => [m.topic, m.payload, partsOf(m).key, partsOf(m).type, partsOf(m).count]), [
    ['temp', 21, 'temp', 'object', 2],
    ['hum', 40, 'hum', 'object', 2],
  ]);
});

test('property: splits another property; parts of an earlier split are kept inside', async (t) => {
  const flows = await start(t, { property: 'data.list' });
  flows.send('s', { data: { list: ['x', 'y'] }, parts: { id: 'outer', index: 4, count: 9 } });
  const got = await flows.waitFor('out', 2);
  assert.deepEqual(got.map((m) => (m.data as { list: unknown }).list), ['x', 'y']);
  assert.deepEqual(partsOf(got[0]!).parts, { id: 'outer', index: 4, count: 9 });
});

test('parts do not share objects: changing one part leaves the others alone', async (t) => {
  const flows = await start(t);
  flows.send('s', { payload: [1, 2], meta: { seen: false } });
  const [a, b] = await flows.waitFor('out', 2);
  (a!.meta as { seen: boolean }).seen = true;
  assert.equal((b!.meta as { seen: boolean }).seen, false);
});

test('values that cannot be split are dropped', async (t) => {
  const flows = await start(t);
  flows.send('s', { payload: 42 });
  flows.send('s', { payload: null });
  flows.send('s', { topic: 'no payload' });
  flows.send('s', { payload: 'ok' });
  await flows.waitFor('out', 1);
  await pause(20);
  assert.deepEqual(flows.received('out').map((m) => m.payload), ['ok']);
});

test('bad config fails the deploy', async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ spltType: 'len', splt: '0' }, '/config/splt'],
    [{ spltType: 'len', splt: 'abc' }, '/config/splt'],
    [{ spltType: 'bin', splt: '[300]' }, '/config/splt'],
    [{ spltType: 'bin', splt: '[]' }, '/config/splt'],
    [{ spltType: 'bin', splt: 'nope' }, '/config/splt'],
    [{ arraySplt: 0 }, '/config/arraySplt'],
    [{ property: 'a..b' }, '/config/property'],
  ];
  for (const [config, path] of cases) {
    await assert.rejects(runFlows(splitFlow(config)), (err: Error & { errors?: Array<{ path: string }>; details?: Array<{ path: string }> }) => {
      const errors = err.errors ?? err.details ?? [];
      assert.ok(errors.some((e) => e.path.startsWith(path)), `${JSON.stringify(config)}: ${JSON.stringify(errors)}`);
      return true;
    });
  }
});
