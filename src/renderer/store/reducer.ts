import type { EngineEvent } from '../../shared/contract';
import { emptyCounters } from '../../shared/contract';
import type { Action } from './actions-types';
import { reduceAutomation } from './automation-reducer';
import { applyEvents, applySnapshot } from './engine-events';
import { withStartedFile, withStoppedFile } from './files';
import { clearedLog, fetchedInto, freshLog, pauseLog } from './log';
import type { AppState } from './state';
import { NO_FILES } from './state';
import { updateTab } from './tab-update';

export const MAX_HISTORY = 100;

function applyEngineEvents(state: AppState, events: readonly EngineEvent[]): AppState {
  const bySession = new Map<string, EngineEvent[]>();
  for (const event of events) {
    const list = bySession.get(event.sessionId);
    if (list) list.push(event);
    else bySession.set(event.sessionId, [event]);
  }
  let changed = false;
  const tabs = state.tabs.map((tab) => {
    const mine = tab.sessionId === undefined ? undefined : bySession.get(tab.sessionId);
    if (!mine) return tab;
    changed = true;
    return applyEvents(tab, mine);
  });
  return changed ? { ...state, tabs } : state;
}

function remember(history: readonly string[], message: string): readonly string[] {
  if (message.trim() === '' || history.at(-1) === message) return history;
  return [...history.filter((m) => m !== message), message].slice(-MAX_HISTORY);
}

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'events':
      return applyEngineEvents(state, action.events);
    case 'bridge-status':
      return {
        ...state,
        bridge: action.status,
        bridgeWasOpen: state.bridgeWasOpen || action.status === 'open',
      };
    case 'host-info':
      return { ...state, hostInfo: action.info };
    case 'tab-added':
      return {
        ...state,
        tabs: [...state.tabs, action.tab],
        activeTabId: action.activate ? action.tab.tabId : state.activeTabId,
        nextTabNumber: state.nextTabNumber + 1,
      };
    case 'tab-removed': {
      const index = state.tabs.findIndex((t) => t.tabId === action.tabId);
      if (index < 0) return state;
      const tabs = state.tabs.filter((t) => t.tabId !== action.tabId);
      const neighbour = tabs[Math.min(index, tabs.length - 1)];
      const activeTabId =
        state.activeTabId === action.tabId ? (neighbour?.tabId ?? '') : state.activeTabId;
      return { ...state, tabs, activeTabId };
    }
    case 'tab-activated':
      return { ...state, activeTabId: action.tabId };
    case 'session-attached':
      return updateTab(state, action.tabId, (tab) =>
        tab.sessionId === action.sessionId
          ? tab
          : {
              ...tab,
              sessionId: action.sessionId,
              log: freshLog(tab.log),
              files: NO_FILES,
              periodic: undefined,
              fileSend: undefined,
            },
      );
    case 'session-lost':
      // The host forgot the session (it restarted, or closed it with the page): start over idle.
      return updateTab(state, action.tabId, (tab) => ({
        ...tab,
        sessionId: undefined,
        state: 'idle',
        reason: undefined,
        busy: false,
        connections: [],
        connectionCounters: {},
        counters: emptyCounters(),
        sendTo: 'all',
        log: freshLog(tab.log),
        files: NO_FILES,
        periodic: undefined,
        fileSend: undefined,
        sequenceRun: undefined,
        reconnect: undefined,
        multicast: [],
      }));
    case 'snapshot':
      return updateTab(state, action.tabId, (tab) => applySnapshot(tab, action.snapshot));
    case 'draft-changed':
      return updateTab(state, action.tabId, (tab) => ({
        ...tab,
        draft: { ...tab.draft, ...action.patch },
      }));
    case 'receive-changed':
      return updateTab(state, action.tabId, (tab) => ({
        ...tab,
        receive: { ...tab.receive, ...action.patch },
      }));
    case 'send-changed':
      return updateTab(state, action.tabId, (tab) => ({
        ...tab,
        send: { ...tab.send, ...action.patch },
      }));
    case 'message-changed':
      return updateTab(state, action.tabId, (tab) => ({ ...tab, message: action.message }));
    case 'send-to-changed':
      return updateTab(state, action.tabId, (tab) => ({ ...tab, sendTo: action.sendTo }));
    case 'busy':
      return updateTab(state, action.tabId, (tab) => ({ ...tab, busy: action.busy }));
    case 'failed':
      return updateTab(state, action.tabId, (tab) => ({ ...tab, error: action.error }));
    case 'error-dismissed':
      return updateTab(state, action.tabId, (tab) =>
        tab.error ? { ...tab, error: undefined } : tab,
      );
    case 'log-cleared':
      return updateTab(state, action.tabId, (tab) => ({
        ...tab,
        log: clearedLog(tab.log, action.window),
      }));
    case 'log-fetched': {
      const tab = state.tabs.find((t) => t.sessionId === action.sessionId);
      if (!tab) return state;
      return updateTab(state, tab.tabId, (t) => ({ ...t, log: fetchedInto(t.log, action.window) }));
    }
    case 'log-paused':
      return updateTab(state, action.tabId, (tab) => ({
        ...tab,
        log: pauseLog(tab.log, action.paused),
      }));
    case 'sent':
      return {
        ...updateTab(state, action.tabId, (tab) => {
          const history = remember(tab.history, action.message);
          // Only the message that was sent: text typed while it was on its way stays.
          const clear = tab.send.clearAfterSend && tab.message === action.message;
          if (!tab.error && history === tab.history && !clear) return tab;
          return { ...tab, error: undefined, history, ...(clear ? { message: '' } : {}) };
        }),
        history: remember(state.history, action.message),
      };
    case 'language-changed':
      return { ...state, language: action.language };
    case 'file-started':
      return updateTab(state, action.tabId, (tab) => {
        const files = withStartedFile(tab.files, action.file);
        return files === tab.files ? tab : { ...tab, files };
      });
    case 'file-stopped':
      return updateTab(state, action.tabId, (tab) => {
        const files = withStoppedFile(tab.files, action.kind, action.bytes);
        return files === tab.files ? tab : { ...tab, files };
      });
    case 'log-limits': {
      const { maxEntries, maxBytes } = action.limits;
      const known = state.logLimits;
      if (known.maxEntries === maxEntries && known.maxBytes === maxBytes) return state;
      return { ...state, logLimits: { maxEntries, maxBytes } };
    }
    default:
      return reduceAutomation(state, action);
  }
}
