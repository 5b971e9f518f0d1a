import type { EngineEvent } from '../../shared/contract';
import type { Action } from './actions-types';
import { EventInbox, nextFrame } from './event-inbox';
import type { Schedule } from './event-inbox';
import { LogCaches } from './log-cache';
import { reducer } from './reducer';
import type { AppState } from './state';

export interface Store {
  getState(): AppState;
  dispatch(action: Action): void;
  /** Returns the disposer. */
  subscribe(listener: () => void): () => void;
  /**
   * A batch of engine events from the bridge: their entries go to the log cache at once, the rest
   * is applied at the next frame (or before any other action, so order is kept).
   */
  receive(events: readonly EngineEvent[]): void;
  /** Applies what `receive` holds now. */
  flush(): void;
  /** The log entries the page holds, per session (mutable and bounded, outside the state). */
  readonly logs: LogCaches;
}

/**
 * What an action does to the log caches, before the reducer sees it. (Engine events reach the
 * caches through `receive`, once, as they arrive.)
 */
function feedCaches(logs: LogCaches, state: AppState, action: Action) {
  switch (action.type) {
    case 'log-fetched':
      logs.of(action.sessionId)?.addFetched(action.entries);
      break;
    case 'log-cleared': {
      const sessionId = state.tabs.find((t) => t.tabId === action.tabId)?.sessionId;
      if (sessionId !== undefined) logs.of(sessionId)?.clear(action.window.firstSeq);
      break;
    }
    default:
      break;
  }
}

/** Caches follow the tabs' sessions, and forget what the engine no longer holds. */
function syncCaches(logs: LogCaches, before: AppState, after: AppState) {
  if (before.tabs === after.tabs) return;
  const sessions = new Set<string>();
  for (const tab of after.tabs) if (tab.sessionId !== undefined) sessions.add(tab.sessionId);
  logs.keepOnly(sessions);
  for (const tab of after.tabs) {
    if (tab.sessionId !== undefined) logs.of(tab.sessionId)?.dropBefore(tab.log.window.firstSeq);
  }
}

/**
 * A reducer behind `useSyncExternalStore`: components re-render only when their slice changes.
 * Engine events are applied once per frame however many batches arrive.
 */
export function createStore(initial: AppState, schedule: Schedule = nextFrame): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  const logs = new LogCaches();
  const inbox = new EventInbox();
  let cancelFlush: (() => void) | undefined;
  syncCaches(logs, { ...initial, tabs: [] }, initial);

  function apply(action: Action) {
    feedCaches(logs, state, action);
    const next = reducer(state, action);
    if (next === state) return;
    syncCaches(logs, state, next);
    state = next;
    for (const listener of listeners) listener();
  }

  function flush() {
    cancelFlush?.();
    cancelFlush = undefined;
    if (!inbox.empty) apply({ type: 'events', events: inbox.take() });
  }

  return {
    logs,
    getState: () => state,
    dispatch(action) {
      flush();
      apply(action);
    },
    receive(events) {
      logs.takeEvents(events);
      inbox.add(events);
      cancelFlush ??= schedule(flush);
    },
    flush,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
