import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DropCounter, HeldSequences, type DropReport } from '../../../server/node-api/index.ts';

test('drops: the first is reported at once, the rest at most once per interval, then quiet', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const reports: DropReport[] = [];
  const drops = new DropCounter((r) => reports.push(r), 60_000);
  drops.add();
  drops.add(4);
  assert.deepEqual(reports, [{ dropped: 1, total: 1 }]);
  t.mock.timers.tick(60_000);
  assert.deepEqual(reports.at(-1), { dropped: 4, total: 5 });
  t.mock.timers.tick(60_000); // nothing dropped in this minute: no report, and the timer stops
  assert.equal(reports.length, 2);
  drops.add(2); // news again: at once
  assert.deepEqual(reports.at(-1), { dropped: 2, total: 7 });
  drops.add();
  drops.stop(); // what is unreported goes out on stop
  assert.deepEqual(reports.at(-1), { dropped: 1, total: 8 });
  assert.equal(drops.total, 8);
  drops.add(0);
  assert.equal(reports.length, 4);
});

test('held sequences: within the budget; the oldest goes first, its late parts are refused and counted', (t) => {
  const drops = new DropCounter(() => undefined);
  t.after(() => drops.stop());
  const dropped: string[][] = [];
  const held = new HeldSequences<string[]>({ maxParts: 4, drops, rememberDropped: true, onDrop: (g) => dropped.push(g) });
  const add = (id: string, part: string) => {
    if (!held.admit(id)) return false;
    const group = held.get(id) ?? held.open(id, []);
    group.push(part);
    return held.resize(id, group.length);
  };
  assert.equal(add('a', 'a0'), true);
  assert.equal(add('a', 'a1'), true);
  assert.equal(add('b', 'b0'), true);
  assert.equal(add('c', 'c0'), true);
  assert.equal(held.heldParts, 4);
  assert.equal(add('c', 'c1'), true, 'c stays; a, the oldest, goes');
  assert.deepEqual(dropped, [['a0', 'a1']]);
  assert.deepEqual(held.keys(), ['b', 'c']);
  assert.equal(add('a', 'a2'), false, 'a late part of a dropped sequence');
  assert.equal(drops.total, 3);
  assert.deepEqual(held.delete('b'), ['b0']);
  assert.equal(held.heldParts, 2, 'a completed sequence frees its parts without counting them');
  for (const part of ['d0', 'd1', 'd2', 'd3', 'd4']) add('d', part);
  assert.deepEqual(held.keys(), [], 'a sequence alone over the budget is dropped too (c first)');
  assert.equal(drops.total, 3 + 2 + 5);
});

test('held sequences without memory of drops: a fixed id starts over', () => {
  const drops = new DropCounter(() => undefined);
  const held = new HeldSequences<number[]>({ maxParts: 2, drops });
  const group = held.open('_', [1, 2, 3]);
  assert.equal(held.resize('_', group.length), false);
  assert.equal(held.admit('_'), true);
  assert.equal(held.size, 0);
  drops.stop();
});
