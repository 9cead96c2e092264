import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrokerMessageEvent } from '../../../server/api/contract.ts';
import { addMessages, countTopics, emptyTopicTree, findTopic, MAX_TOPICS, payloadPreview, sortedChildren } from '../../../editor/src/broker/topic-tree.ts';

function message(topic: string, payload = 'x', extra: Partial<BrokerMessageEvent> = {}): BrokerMessageEvent {
  return { topic, payload, encoding: 'utf8', size: payload.length, qos: 0, retain: false, time: 1, ...extra };
}

test('topics become a tree of levels holding their last message', () => {
  const tree = addMessages(emptyTopicTree, [message('home/hall/temp', '21'), message('home/hall/temp', '22', { retain: true }), message('home/kitchen')]);
  assert.equal(findTopic(tree, 'home/hall/temp')?.message?.payload, '22');
  assert.equal(findTopic(tree, 'home/hall/temp')?.message?.retain, true);
  assert.equal(findTopic(tree, 'home')?.count, 3);
  assert.equal(findTopic(tree, 'home')?.message, undefined, 'a level without its own message');
  assert.deepEqual(sortedChildren(findTopic(tree, 'home')!).map((n) => n.name), ['hall', 'kitchen']);
  assert.equal(countTopics(tree), 2);
});

test('empty levels and leading slashes are levels too', () => {
  const tree = addMessages(emptyTopicTree, [message('/a//b')]);
  assert.equal(findTopic(tree, '/a//b')?.topic, '/a//b');
  assert.equal(findTopic(tree, '/a')?.name, 'a');
});

test('untouched branches keep their identity', () => {
  const first = addMessages(emptyTopicTree, [message('a/1'), message('b/1')]);
  const second = addMessages(first, [message('a/1', 'new')]);
  assert.equal(second.children.get('b'), first.children.get('b'));
  assert.notEqual(second.children.get('a'), first.children.get('a'));
});

test('new topics beyond the limit are dropped, known ones still update', () => {
  const full = addMessages(emptyTopicTree, Array.from({ length: MAX_TOPICS }, (_, i) => message(`t/${i}`)));
  const more = addMessages(full, [message('t/new'), message('t/0', 'updated')]);
  assert.equal(findTopic(more, 't/new'), undefined);
  assert.equal(findTopic(more, 't/0')?.message?.payload, 'updated');
});

test('previews show text, or the size of binary payloads', () => {
  assert.equal(payloadPreview(message('a', 'hello')), 'hello');
  assert.equal(payloadPreview(message('a', 'AAEC', { encoding: 'base64', size: 3 })), '<3 bytes>');
  assert.equal(payloadPreview(message('a', 'abc', { size: 5000 })), 'abc…');
});
