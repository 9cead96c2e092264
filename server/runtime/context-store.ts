// Node, flow and global context. Two stores: "memory", and "file", which keeps its values
// in memory, saves changed scopes through its persistence every flushIntervalMs and on close,
// and loads them back at start (Node-RED's localfilesystem with cache).
import { errorMessage } from '../node-api/errors.ts';
import { fail } from '../errors.ts';
import type { ContextScope } from '../node-api/index.ts';
import { deleteProperty, getProperty, parsePath, setProperty } from '../node-api/message-path.ts';

/** Where the "file" store's scopes live between runs (server/storage/context-files.ts). */
export interface ContextPersistence {
  /** Every saved scope by key; a scope that can't be read is reported and left out. */
  loadAll(): Promise<Map<string, Record<string, unknown>>>;
  save(key: string, values: Record<string, unknown>): Promise<void>;
}

export interface ContextStoreOptions {
  /** Where the "file" store is kept; without it "file" behaves like "memory". */
  persistence?: ContextPersistence;
  /** The store used when a node names none. */
  defaultStore: 'memory' | 'file';
  /** How often changed file-store scopes are written (ms). */
  flushIntervalMs: number;
  /** Where a damaged context file is reported. */
  log?: { warn(fields: object, message: string): void };
}

type Scope = Map<string, unknown>;

/** The top-level key of a context name, and whether the name goes deeper ("room.temp"). */
function splitName(name: string): [string, boolean] {
  const parts = parsePath(name);
  return [String(parts[0]), parts.length > 1];
}
const STORES = ['memory', 'file'] as const;

export class ContextStore {
  private readonly memory = new Map<string, Scope>();
  private readonly file = new Map<string, Scope>();
  private readonly dirty = new Set<string>();
  /** The last reason each scope could not be written, so a lasting problem is reported once. */
  private readonly failures = new Map<string, string>();
  private flushTimer?: NodeJS.Timeout;

  private constructor(private readonly opts: ContextStoreOptions) {}

  static async open(opts: ContextStoreOptions): Promise<ContextStore> {
    const store = new ContextStore(opts);
    if (opts.persistence) {
      for (const [key, values] of await opts.persistence.loadAll()) store.file.set(key, new Map(Object.entries(values)));
      store.flushTimer = setInterval(() => void store.flush(), opts.flushIntervalMs);
      store.flushTimer.unref();
    }
    return store;
  }

  /**
   * A scope: "global", "flow:<id>" or "node:<id>". Names are property paths as in Node-RED:
   * `get("room.temp")` reads `temp` of the object stored under "room".
   */
  scope(key: string): ContextScope {
    return {
      get: <T>(name: string, store?: string) => {
        const [first, nested] = splitName(name);
        const value = this.map(key, store, false)?.get(first);
        return (nested ? getProperty({ [first]: value }, name) : value) as T | undefined;
      },
      set: (name, value, store) => {
        const target = this.storeOf(store);
        const map = this.map(key, store, true)!;
        const [first, nested] = splitName(name);
        if (nested) {
          const holder = { [first]: map.get(first) };
          if (value === undefined) deleteProperty(holder, name);
          else setProperty(holder, name, value);
          map.set(first, holder[first]);
        } else if (value === undefined) map.delete(first);
        else map.set(first, value);
        if (target === 'file') this.dirty.add(key);
      },
      keys: (store) => [...(this.map(key, store, false)?.keys() ?? [])],
    };
  }

  /** File-store scopes whose last write failed (they are tried again at each flush). */
  get unsavedScopes(): number {
    return this.failures.size;
  }

  /** Forgets a scope (a removed node's context). */
  drop(key: string): void {
    this.memory.delete(key);
    if (this.file.delete(key)) this.dirty.add(key);
  }

  /**
   * Writes every changed file-store scope now. A scope that can't be written (a full disk, a
   * value JSON can't hold such as a BigInt or a cycle) is reported once per problem and tried
   * again at the next flush; the other scopes are written, and nothing throws.
   */
  async flush(): Promise<void> {
    const { persistence } = this.opts;
    if (!persistence) return;
    const keys = [...this.dirty];
    this.dirty.clear();
    await Promise.all(keys.map(async (key) => {
      try {
        await persistence.save(key, Object.fromEntries(this.file.get(key) ?? []));
        this.failures.delete(key);
      } catch (err) {
        this.dirty.add(key);
        const reason = errorMessage(err);
        if (this.failures.get(key) === reason) return;
        this.failures.set(key, reason);
        const problem = fail('CONTEXT_NOT_SAVED', key, reason);
        this.opts.log?.warn({ code: problem.code, scope: key }, problem.message);
      }
    }));
  }

  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flush();
  }

  private storeOf(store: string | undefined): 'memory' | 'file' {
    const name = store ?? this.opts.defaultStore;
    if (!(STORES as readonly string[]).includes(name)) throw fail('CONTEXT_STORE_UNKNOWN', name, STORES.join(' or '));
    return name as 'memory' | 'file';
  }

  private map(key: string, store: string | undefined, create: boolean): Scope | undefined {
    const maps = this.storeOf(store) === 'file' ? this.file : this.memory;
    let map = maps.get(key);
    if (!map && create) maps.set(key, (map = new Map()));
    return map;
  }
}
