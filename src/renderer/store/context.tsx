import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { ReactNode } from 'react';
import type { Actions } from './actions';
import type { LogCache } from './log-cache';
import type { AppState, LogState, TabState } from './state';
import { emptyLog } from './state';
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
 * The tab's log state, like `useTab(tabId, (tab) => tab.log)`, but changes show at most once per
 * `intervalMs` (the first at once, the latest always in the end): laying out and painting the log
 * on every frame of a flood would leave no time for anything else, while cheap views (counters)
 * still follow every frame.
 */
export function useThrottledLog(tabId: string, intervalMs: number): LogState {
  const store = useStore();
  const read = useRef(() => store.getState().tabs.find((t) => t.tabId === tabId)?.log);
  read.current = () => store.getState().tabs.find((t) => t.tabId === tabId)?.log;
  const [shown, setShown] = useState(() => read.current() ?? emptyLog());
  const current = useRef(shown);
  useEffect(() => {
    let lastShownAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      timer = undefined;
      // A removed tab keeps showing its last log until its view goes.
      const log = read.current() ?? current.current;
      if (log === current.current) return;
      lastShownAt = performance.now();
      current.current = log;
      setShown(log);
    };
    show();
    const stop = store.subscribe(() => {
      if (timer !== undefined || read.current() === current.current) return;
      const wait = intervalMs - (performance.now() - lastShownAt);
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [store, tabId, intervalMs]);
  return shown;
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
