// The topic explorer's model: MQTT topics as a tree of levels ("home/hall/temp" is
// home → hall → temp), each level holding the last message seen on exactly that topic.
import type { BrokerMessageEvent } from '../../../server/api/contract.ts';

export interface TopicNode {
  /** This level's name ("" is a valid level: "a//b"). */
  name: string;
  /** The full topic of this level. */
  topic: string;
  /** The last message published to exactly this topic. */
  message?: BrokerMessageEvent;
  /** Messages seen on this topic and every topic below it. */
  count: number;
  children: ReadonlyMap<string, TopicNode>;
}

export const emptyTopicTree: TopicNode = { name: '', topic: '', count: 0, children: new Map() };

/** At most this many topics are kept, so a broker with a huge topic space cannot exhaust the page. */
export const MAX_TOPICS = 5000;

/**
 * Adds a batch of messages. Untouched branches keep their identity (cheap re-render).
 * Returns the same tree when the batch would go over MAX_TOPICS for new topics; those are dropped.
 *
 * @example
 * ```ts
 * tree = addMessages(tree, batch.messages);
 * ```
 */
export function addMessages(tree: TopicNode, messages: readonly BrokerMessageEvent[]): TopicNode {
  let next = tree;
  let topics = countTopics(tree);
  for (const message of messages) {
    const isNew = !findTopic(next, message.topic)?.message;
    if (isNew && topics >= MAX_TOPICS) continue;
    if (isNew) topics++;
    next = insert(next, message.topic.split('/'), 0, message);
  }
  return next;
}

function insert(node: TopicNode, levels: string[], depth: number, message: BrokerMessageEvent): TopicNode {
  if (depth === levels.length) return { ...node, message, count: node.count + 1 };
  const name = levels[depth]!;
  const topic = levels.slice(0, depth + 1).join('/');
  const child = node.children.get(name) ?? { name, topic, count: 0, children: new Map() };
  const children = new Map(node.children);
  children.set(name, insert(child, levels, depth + 1, message));
  return { ...node, children, count: node.count + 1 };
}

/** The node of `topic`, if the tree has it. */
export function findTopic(tree: TopicNode, topic: string): TopicNode | undefined {
  let node: TopicNode | undefined = tree;
  for (const level of topic.split('/')) {
    node = node.children.get(level);
    if (!node) return undefined;
  }
  return node;
}

/** How many topics have had a message. */
export function countTopics(tree: TopicNode): number {
  let count = tree.message && tree.topic ? 1 : 0;
  for (const child of tree.children.values()) count += countTopics(child);
  return count;
}

/** A level's children sorted by name, for display. */
export function sortedChildren(node: TopicNode): TopicNode[] {
  return [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The payload as text for a one-line preview: UTF-8 as is, binary as a byte count. */
export function payloadPreview(message: BrokerMessageEvent): string {
  if (message.encoding === 'base64') return `<${message.size} bytes>`;
  const cut = message.size > message.payload.length ? '…' : '';
  return message.payload + cut;
}

/** The whole payload for reading: JSON indented, other text as it is, binary as a byte count. */
export function payloadText(message: BrokerMessageEvent): string {
  const text = payloadPreview(message);
  if (message.encoding === 'base64') return text;
  try {
    const value: unknown = JSON.parse(message.payload);
    return typeof value === 'object' && value !== null ? JSON.stringify(value, null, 2) : text;
  } catch {
    // Not JSON: shown as the text it is.
    return text;
  }
}
