import { createContext, useContext, useRef, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { Actions } from './actions';
import type { LogCache } from './log-cache';
import type { AppState, TabState } from './state';
import type { Store } from './store';

const StoreContext = createContext<Store | undefined>(undefined);
const ActionsContext = createContext<Actions | undefined>(undefined);

export function StoreProvider(props: { store: Store; actions: Actions; children: ReactNode }) {
  return (
    <StoreContext.Provider value={props.store}>
      <ActionsContext.Provider value={props.actions}>{props.children}</ActionsContext.Provider>
    </StoreContext.Provider>
  );
}

function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside StoreProvider');
  return store;
}

/** Reads a slice; the selector must return something already in the state (no new objects). */
export function useAppState<T>(selector: (state: AppState) => T): T {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

/**
 * Reads a slice of one tab. A removed tab's components may still be asked for a snapshot before
 * their parent drops them; they then keep seeing the tab as it last was.
 */
export function useTab<T>(tabId: string, selector: (tab: TabState) => T): T {
  const last = useRef<TabState | undefined>(undefined);
  return useAppState((state) => {
    const tab = state.tabs.find((t) => t.tabId === tabId) ?? last.current;
    if (!tab) throw new Error(`useTab: unknown tab ${tabId}`);
    last.current = tab;
    return selector(tab);
  });
}

/**
 * The entries the page holds for a session. The cache is mutable: read it while rendering
 * something that re-renders when the tab's `log` state changes (its window or revision).
 */
export function useLogCache(sessionId: string | undefined): LogCache | undefined {
  const store = useStore();
  return sessionId === undefined ? undefined : store.logs.of(sessionId);
}

export function useActions(): Actions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useActions outside StoreProvider');
  return actions;
}
