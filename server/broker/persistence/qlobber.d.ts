// Types for the parts of qlobber (no bundled typings) that the store uses: the same
// topic tries aedes-persistence uses, so matching behaves exactly like aedes' own.

declare module 'qlobber' {
  /** Options shared by the tries; the store passes MQTT's separator and wildcards. */
  export interface QlobberOptions {
    separator: string;
    wildcard_one: string;
    wildcard_some: string;
  }

  /** A set of topic patterns that answers whether a topic matches any of them. */
  export class QlobberTrue {
    constructor(options: QlobberOptions);
    add(pattern: string): this;
    test(topic: string): boolean;
  }
}

declare module 'qlobber/aedes/qlobber-sub.js' {
  import type { QlobberOptions } from 'qlobber';

  /** One stored subscription as the trie hands it back. */
  export interface TrieSubscription {
    clientId: string;
    topic: string;
    qos: number;
    rh?: number;
    rap?: boolean;
    nl?: boolean;
  }

  /** aedes' subscription trie: topic pattern -> client id -> subscription options. */
  export default class QlobberSub {
    constructor(options: QlobberOptions);
    readonly subscriptionsCount: number;
    add(topic: string, value: TrieSubscription): this;
    remove(topic: string, value: { clientId: string; topic: string }): this;
    match(topic: string): TrieSubscription[];
  }
}
