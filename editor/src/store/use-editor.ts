// React access to the editor: the store and actions come from context, never from a module
// global, so two editors (or two tests) can live on one page.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { BrokerFeed } from '../api/broker.ts';
import type { DeviceFeed } from '../api/devices.ts';
import type { PackageFeed } from '../api/packages.ts';
import type { EditorActions } from './actions.ts';
import type { EditorState } from './editor-state.ts';
import type { Store } from './store.ts';

export interface EditorContextValue {
  store: Store<EditorState>;
  actions: EditorActions;
  broker: BrokerFeed;
  devices: DeviceFeed;
  packages: PackageFeed;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor* hooks need an <EditorContext.Provider>');
  return value;
}

/** The editor actions. */
export function useActions(): EditorActions {
  return useEditorContext().actions;
}

/** A slice of the state; the component re-renders only when the slice changes (by identity). */
export function useEditorState<T>(selector: (s: EditorState) => T): T {
  const { store } = useEditorContext();
  return useSyncExternalStore(store.subscribe, () => selector(store.get()));
}

/** The built-in broker's stats, topic feed and publishing. */
export function useBrokerFeed(): BrokerFeed {
  return useEditorContext().broker;
}

/** The devices found on the broker: list, live changes, commands. */
export function useDeviceFeed(): DeviceFeed {
  return useEditorContext().devices;
}

/** Installed node packages: list, install, remove (Manage palette). */
export function usePackageFeed(): PackageFeed {
  return useEditorContext().packages;
}

/** The store itself, for event handlers that read the latest state without subscribing. */
export function useStore(): Store<EditorState> {
  return useEditorContext().store;
}
