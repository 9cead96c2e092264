import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterCovers, literalPrefix } from '../../../server/broker/topics.ts';

test('filterCovers: is every topic of the filter inside the pattern', () => {
  const cases: Array<[pattern: string, filter: string, covers: boolean]> = [
    ['#', 'a/b', true],
    ['#', '#', true],
    ['a/#', 'a', true], // [MQTT-4.7.1-2] '#' includes the parent level
    ['a/#', 'a/+/c', true],
    ['a/#', 'b', false],
    ['a/+', 'a/b', true],
    ['a/+', 'a/+', true],
    ['a/+', 'a/#', false],
    ['a/+', 'a', false],
    ['a/+', 'a/b/c', false],
    ['a/b', 'a/+', false],
    ['+/+', '/x', true], // empty levels are levels
    ['+', '$SYS', false], // [MQTT-4.7.2-1]
    ['#', '$SYS/broker/uptime', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
  ];
  for (const [pattern, filter, covers] of cases) {
    assert.equal(filterCovers(pattern, filter), covers, `${pattern} covers ${filter}`);
  }
});

test('literalPrefix gives the literal start of a filter', () => {
  assert.equal(literalPrefix('a/b/c'), 'a/b/c');
  assert.equal(literalPrefix('a/+/c'), 'a/');
  assert.equal(literalPrefix('a/b/#'), 'a/b');
  assert.equal(literalPrefix('#'), '');
  assert.equal(literalPrefix('+/b'), '');
});
