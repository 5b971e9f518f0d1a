import type { Action } from './actions-types';
import { reducer } from './reducer';
import type { AppState } from './state';

export interface Store {
  getState(): AppState;
  dispatch(action: Action): void;
  /** Returns the disposer. */
  subscribe(listener: () => void): () => void;
}

/** A reducer behind `useSyncExternalStore`: components re-render only when their slice changes. */
export function createStore(initial: AppState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
