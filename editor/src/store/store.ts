// A minimal observable state container. React reads it through useSyncExternalStore
// (use-editor.ts); actions are plain functions that call `update`.

export interface Store<T> {
  get(): T;
  /** Merges `patch` (or the patch `fn` returns) into the state and notifies subscribers. */
  update(patch: Partial<T> | ((state: T) => Partial<T>)): void;
  subscribe(listener: () => void): () => void;
}

/** A store holding `initial`. */
export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    update(patch) {
      const changes = typeof patch === 'function' ? patch(state) : patch;
      state = { ...state, ...changes };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
