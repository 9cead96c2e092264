// aedes' message bus (mqemitter) looks up the subscribers of every message in a qlobber trie:
// it splits the topic into levels, walks the trie and collects a new array, about 5% of the
// broker's CPU per message under load, although a busy broker sees the same topics over and
// over. The subscribers found for a topic are kept here until the next subscribe or
// unsubscribe on the bus. mqemitter only iterates the array it gets, so one array can serve
// several messages.
import type { Aedes } from 'aedes';

/** Topics remembered at most; past that the memory starts over (one miss per topic). */
const MAX_TOPICS = 4096;

interface Matcher {
  match(topic: string, ctx?: unknown): unknown[];
  add(...args: unknown[]): unknown;
  remove(...args: unknown[]): unknown;
  clear(...args: unknown[]): unknown;
}

/**
 * Remembers the subscribers of each topic published on `aedes`' bus (`aedes.mq._matcher`,
 * mqemitter's qlobber) until its subscriptions change.
 *
 * @example
 * cacheTopicMatches(aedes); // right after Aedes.createBroker()
 */
export function cacheTopicMatches(aedes: Aedes): void {
  const matcher = matcherOf(aedes);
  const cache = new Map<string, unknown[]>();
  const match = matcher.match;
  matcher.match = function cachedMatch(this: Matcher, topic: string, ctx?: unknown): unknown[] {
    if (ctx !== undefined) return match.call(this, topic, ctx);
    let found = cache.get(topic);
    if (found === undefined) {
      if (cache.size >= MAX_TOPICS) cache.clear();
      found = match.call(this, topic);
      cache.set(topic, found);
    }
    return found;
  };
  for (const name of ['add', 'remove', 'clear'] as const) {
    const change = matcher[name];
    matcher[name] = function changed(this: Matcher, ...args: unknown[]) {
      cache.clear();
      return change.apply(this, args);
    };
  }
}

function matcherOf(aedes: Aedes): Matcher {
  const mq: unknown = Reflect.get(aedes, 'mq');
  const matcher: unknown = typeof mq === 'object' && mq !== null ? Reflect.get(mq, '_matcher') : undefined;
  const usable = typeof matcher === 'object' && matcher !== null &&
    ['match', 'add', 'remove', 'clear'].every((name) => typeof Reflect.get(matcher, name) === 'function');
  if (!usable) throw new Error('aedes has no mqemitter matcher (mq._matcher): topic-match-cache.ts needs updating for this aedes version');
  return matcher as Matcher;
}
