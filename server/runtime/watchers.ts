// Who hears errors, status changes and completions of other nodes: the mechanism behind the
// catch, status and complete nodes, with Node-RED's scoping (own flow, or listed nodes; and
// "uncaught" catch nodes that hear only what no other catch node heard).
import type { NodeRef, WatchedEvents, WatchScope } from '../node-api/types.ts';

type Kind = keyof WatchedEvents;

interface Watcher<K extends Kind> {
  owner: string;
  flow: string;
  scope: WatchScope;
  listener: (event: WatchedEvents[K]) => void;
}

export class Watchers {
  private readonly lists: { [K in Kind]: Array<Watcher<K>> } = { error: [], status: [], complete: [] };

  add<K extends Kind>(kind: K, watcher: Watcher<K>): void {
    (this.lists[kind] as Array<Watcher<K>>).push(watcher);
  }

  removeOwner(owner: string): void {
    this.lists.error = this.lists.error.filter((w) => w.owner !== owner);
    this.lists.status = this.lists.status.filter((w) => w.owner !== owner);
    this.lists.complete = this.lists.complete.filter((w) => w.owner !== owner);
  }

  has(kind: Kind): boolean {
    return this.lists[kind].length > 0;
  }

  /** Tells every watcher in scope; returns how many heard it. */
  emit<K extends Kind>(kind: K, source: NodeRef & { flow: string }, event: WatchedEvents[K]): number {
    // Node-RED serves watchers that name their nodes before those covering the whole flow.
    const inScope = (this.lists[kind] as Array<Watcher<K>>).filter((w) => w.owner !== source.id && hears(w, source))
      .sort((a, b) => Number(!a.scope.nodes) - Number(!b.scope.nodes));
    const primary = inScope.filter((w) => !w.scope.uncaught);
    const heard = primary.length > 0 || kind !== 'error' ? primary : inScope;
    for (const w of heard) w.listener(event);
    return heard.length;
  }
}

function hears(w: { flow: string; scope: WatchScope }, source: { id: string; flow: string }): boolean {
  return w.scope.nodes ? w.scope.nodes.includes(source.id) : w.flow === source.flow;
}
