// The bench's verdict on the replies it gets ("every message arrived once, in order,
// transformed"): a wrong transform, a stranger's message, a duplicate and a reordering are each caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTransformed, Tracker, type Reply } from '../bench/reply-check.ts';

const pipeline = { generator: 1, publishers: 2, route: 'pipeline' as const };
const reply = (fields: Partial<Reply> = {}): Reply => ({ g: 1, p: 0, s: 21, t: 1, x: 'xx', s2: 42, ...fields });

test('bench replies: only this generator\'s messages, transformed as the route does, pass', () => {
  assert.equal(isTransformed(reply(), pipeline), true);
  assert.equal(isTransformed(reply({ s2: 63 }), pipeline), false, 'a wrong transform');
  assert.equal(isTransformed(reply({ s2: undefined }), pipeline), false, 'not transformed at all');
  assert.equal(isTransformed(reply({ g: 2 }), pipeline), false, 'another generator\'s message');
  assert.equal(isTransformed(reply({ p: 2 }), pipeline), false, 'a publisher this generator does not have');
  assert.equal(isTransformed(reply({ s2: undefined }), { ...pipeline, route: 'relay' }), true, 'the relay leaves messages as they are');
  assert.equal(isTransformed(reply(), { ...pipeline, route: 'relay' }), false, 'a relay that changed the message');
});

test('bench replies: duplicates and reordering are counted per publisher, past the first 65,536 too', () => {
  const tracker = new Tracker(2);
  for (const s of [0, 1, 2]) assert.equal(tracker.record(0, s), true);
  assert.equal(tracker.record(0, 1), false, 'a duplicate');
  assert.equal(tracker.record(1, 1), true, 'the same number from another publisher');
  assert.equal(tracker.record(1, 0), true);
  assert.equal(tracker.record(0, 70_000), true);
  assert.equal(tracker.record(0, 70_000), false);
  assert.deepEqual({ unique: tracker.unique, duplicated: tracker.duplicated, reordered: tracker.reordered }, { unique: [4, 2], duplicated: 2, reordered: 1 });
});
