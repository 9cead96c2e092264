// aedes stores a SUBSCRIBE once per granted filter, each time with the packet's whole filter
// list (lib/handlers/subscribe.js `storeSubscriptions`): N filters make N² rows written in one
// synchronous stretch (2000 filters held the process 14 s), and filters the broker refused
// are stored with the others, to be granted again when the session resumes. This stores each
// SUBSCRIBE once, with only the filters granted.
import { afterIo, nextTurn } from '../event-loop-turns.ts';
import type { SqlitePersistence } from './sqlite-persistence.ts';

type Subscriptions = Parameters<SqlitePersistence['addSubscriptions']>[1];

/**
 * Wraps `persistence.addSubscriptions` for aedes. aedes authorizes all of a packet's filters
 * in one synchronous loop (its authorize hook answers synchronously, see aedes-hooks.ts) and
 * calls this from it, so after it every refusal is known. For a large SUBSCRIBE the event
 * loop gets turns before and after the store and while aedes subscribes the filters:
 * /api/health and other clients are answered while thousands of filters are subscribed.
 *
 * @example
 * storeEachSubscribeOnce(persistence, (sub) => refused.has(sub));
 */
export function storeEachSubscribeOnce(persistence: SqlitePersistence, isRefused: (sub: object) => boolean): void {
  const add = persistence.addSubscriptions.bind(persistence);
  // keyed by the packet's filter list, which aedes passes as it is each time; the store, then
  // for a large packet one turn of the event loop after another
  const stored = new WeakMap<Subscriptions, { turns: Array<Promise<void>>; calls: number }>();
  persistence.addSubscriptions = (client, subs) => {
    let entry = stored.get(subs);
    if (!entry) {
      const store = () => add(client, subs.filter((sub) => !isRefused(sub)));
      // a small SUBSCRIBE is stored right after aedes' loop; a large one after other work had a
      // turn (its parse and authorization took one), and a turn follows the store
      const first = subs.length < SLICE ? Promise.resolve().then(store) : afterIo().then(store).then(nextTurn);
      entry = { turns: [first], calls: 0 };
      stored.set(subs, entry);
    }
    // aedes subscribes each filter when its call resolves: a turn between every SLICE of them
    const turn = Math.floor(entry.calls++ / SLICE);
    while (entry.turns.length <= turn) entry.turns.push(entry.turns.at(-1)!.then(nextTurn));
    return entry.turns[turn]!;
  };
}

/** Filters aedes subscribes before other work gets a turn; smaller SUBSCRIBEs get no turns. */
const SLICE = 1000;
