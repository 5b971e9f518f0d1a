import type {
  ConnectionInfo,
  Failure,
  FileKind,
  LogLimits,
  MulticastMembership,
  SessionSnapshot,
} from '../../shared/contract';
import { parseHex } from '../../shared/codec/hex';
import type { NetAssistClient } from '../bridge/client';
import { startDownload } from '../bridge/download';
import type { Language } from '../i18n/translate';
import { configOf, sendOptionsOf, sendTargetOf } from '../sessions/session-config';
import type { AutomationActions, Upload } from './actions-automation';
import { createAutomationActions, uploadFile } from './actions-automation';
import type { LogToolActions } from './actions-log-tools';
import { createLogToolActions } from './actions-log-tools';
import type { Action } from './actions-types';
import { nextErrorSerial } from './engine-events';
import { LogFetcher } from './log-fetcher';
import type { ReceiveOptions, SendPreferences, SessionDraft, TabState } from './state';
import { OPEN_STATES, newTab } from './state';
import type { Store } from './store';

/** What components may do. Only this module (and actions-automation) talks to the bridge. */
export interface Actions extends AutomationActions, LogToolActions {
  addTab(): void;
  removeTab(tabId: string): void;
  activateTab(tabId: string): void;
  /** Connect / Listen / Open, or Disconnect / Stop / Close, by the tab's state. */
  toggleOpen(tabId: string): Promise<void>;
  send(tabId: string): Promise<void>;
  disconnectClient(tabId: string, connection: ConnectionInfo): Promise<void>;
  /** UDP: join the group typed in the tab (on its interface, if one is typed). */
  joinMulticast(tabId: string): Promise<void>;
  leaveMulticast(tabId: string, membership: MulticastMembership): Promise<void>;
  resetCounters(tabId: string): Promise<void>;
  changeDraft(tabId: string, patch: Partial<SessionDraft>): void;
  changeReceive(tabId: string, patch: Partial<ReceiveOptions>): void;
  changeSend(tabId: string, patch: Partial<SendPreferences>): void;
  changeMessage(tabId: string, message: string): void;
  chooseSendTo(tabId: string, sendTo: string): void;
  dismissError(tabId: string): void;
  /** Empties the session's log in the engine (counters stay). */
  clearLog(tabId: string): Promise<void>;
  pauseLog(tabId: string, paused: boolean): void;
  /**
   * The log view shows entries `from`..`to` (`followTail`: it sticks to the newest): those the
   * page lacks are fetched, and the page's cache keeps what is near them.
   */
  showLog(tabId: string, from: number, to: number, followTail: boolean): void;
  /**
   * "Show all": entries `seq`..`seq + count - 1` (one row, merged or not) are fetched whole where
   * the page holds them cut short (readLog's `maxEntryBytes`).
   */
  showWhole(tabId: string, seq: number, count?: number): void;
  /**
   * Receive to file (`capture`: the session's received bytes, or one connection's) or log to file.
   * The desktop asks the user where; in the browser the file is a download the page starts.
   */
  startFile(tabId: string, kind: FileKind, connectionId?: string): Promise<void>;
  stopFile(tabId: string, kind: FileKind): Promise<void>;
  /** The engine's log memory limits, for every session; the page shows what the engine answers. */
  setLogLimits(limits: LogLimits): Promise<void>;
  setLanguage(language: Language): void;
  /** Matches tabs to the engine's sessions; run whenever the bridge (re)opens. */
  resync(): Promise<void>;
}

export function createActions(
  store: Store,
  client: NetAssistClient,
  download: (address: string) => void = startDownload,
  upload: Upload = uploadFile,
): Actions {
  const dispatch = (action: Action) => store.dispatch(action);
  const tabOf = (tabId: string) => store.getState().tabs.find((t) => t.tabId === tabId);
  const fetcher = new LogFetcher(client, store);

  function showFailure(tabId: string, failure: Failure) {
    // The user closed the session while it was opening: they know, nothing to explain.
    if (failure.code === 'CANCELLED') return;
    if (failure.code === 'HOST_DISCONNECTED' || store.getState().bridge !== 'open') {
      dispatch({
        type: 'failed',
        tabId,
        error: { kind: 'ui', key: 'host.unavailable', serial: nextErrorSerial() },
      });
      return;
    }
    dispatch({
      type: 'failed',
      tabId,
      error: {
        kind: 'engine',
        code: failure.code,
        params: failure.params,
        serial: nextErrorSerial(),
      },
    });
  }

  /** The tab's session id, creating the session if it has none yet. */
  async function sessionOf(tabId: string): Promise<string | undefined> {
    const tab = tabOf(tabId);
    if (!tab) return undefined;
    if (tab.sessionId) return tab.sessionId;
    const created = await client.createSession({});
    if (!created.ok) {
      showFailure(tabId, created);
      return undefined;
    }
    if (!tabOf(tabId)) {
      // The tab was removed while its session was being made.
      void client.disposeSession({ sessionId: created.sessionId });
      return undefined;
    }
    dispatch({ type: 'session-attached', tabId, sessionId: created.sessionId });
    // A new session knows no rules or framing: give it the ones the tab kept.
    void automation.applySavedAutomation(tabId, created.sessionId);
    return created.sessionId;
  }

  const automation = createAutomationActions({
    store,
    client,
    dispatch,
    tabOf,
    showFailure,
    sessionOf,
    upload,
  });

  async function open(tab: TabState) {
    const config = configOf(tab.draft);
    if (!config.ok) return showFailure(tab.tabId, config);
    const sessionId = await sessionOf(tab.tabId);
    if (!sessionId) return;
    dispatch({ type: 'busy', tabId: tab.tabId, busy: true });
    // The first bytes are cut by the framing the page shows, even if a change of it never
    // reached the engine (the host was away).
    await automation.applyFraming(tab.tabId, sessionId);
    const opened = await client.open({ sessionId, config: config.config });
    dispatch({ type: 'busy', tabId: tab.tabId, busy: false });
    if (!opened.ok) showFailure(tab.tabId, opened);
    else dispatch({ type: 'error-dismissed', tabId: tab.tabId });
  }

  async function close(tab: TabState) {
    if (!tab.sessionId) return;
    const closed = await client.close({ sessionId: tab.sessionId });
    if (!closed.ok) showFailure(tab.tabId, closed);
  }

  async function attachFresh(tabId: string) {
    dispatch({ type: 'session-lost', tabId });
    await sessionOf(tabId);
  }

  async function matchSessions() {
    const listed = await client.listSessions({});
    if (!listed.ok) return;
    dispatch({ type: 'log-limits', limits: listed.logLimits });
    const known = new Map<string, SessionSnapshot>(listed.sessions.map((s) => [s.sessionId, s]));
    for (const tab of store.getState().tabs) {
      const snapshot = tab.sessionId ? known.get(tab.sessionId) : undefined;
      if (snapshot) dispatch({ type: 'snapshot', tabId: tab.tabId, snapshot });
      else await attachFresh(tab.tabId);
    }
  }

  let resyncing: Promise<void> = Promise.resolve();

  function addTab() {
    const state = store.getState();
    const template = state.tabs.find((t) => t.tabId === state.activeTabId);
    const tab = newTab(
      `tab-${state.nextTabNumber}`,
      template ? { draft: template.draft, receive: template.receive, send: template.send } : {},
    );
    dispatch({ type: 'tab-added', tab, activate: true });
    if (state.bridge === 'open') void sessionOf(tab.tabId);
  }

  const logTools = createLogToolActions(
    { store, client, dispatch, tabOf, showFailure, sessionOf },
    download,
  );

  return {
    ...automation,
    ...logTools,
    addTab,

    removeTab(tabId) {
      const tab = tabOf(tabId);
      if (!tab) return;
      automation.stopSequence(tabId);
      if (tab.sessionId) void client.disposeSession({ sessionId: tab.sessionId });
      dispatch({ type: 'tab-removed', tabId });
      if (store.getState().tabs.length === 0) addTab();
    },

    activateTab(tabId) {
      dispatch({ type: 'tab-activated', tabId });
    },

    async toggleOpen(tabId) {
      const tab = tabOf(tabId);
      // A connect under way can be cancelled; anything else waits for the command in flight.
      if (tab?.state === 'connecting') return close(tab);
      if (!tab || tab.busy) return;
      if (OPEN_STATES.has(tab.state)) await close(tab);
      else await open(tab);
    },

    async send(tabId) {
      const tab = tabOf(tabId);
      if (!tab) return;
      // Bad hex is already shown, live, under the message box; the engine would only repeat it.
      if (tab.send.hexSend && tab.message.trim() !== '' && !parseHex(tab.message).ok) return;
      const target = sendTargetOf(tab);
      if (!target.ok) return showFailure(tabId, target);
      if (!tab.sessionId) {
        return showFailure(tabId, {
          ok: false,
          code: 'NOT_CONNECTED',
          message: '',
          params: { state: tab.state },
        });
      }
      const sent = await client.send({
        sessionId: tab.sessionId,
        data: tab.message,
        options: sendOptionsOf(tab),
        ...(target.target ? { target: target.target } : {}),
      });
      if (!sent.ok) showFailure(tabId, sent);
      else dispatch({ type: 'sent', tabId, message: tab.message });
    },

    async disconnectClient(tabId, connection) {
      const tab = tabOf(tabId);
      if (!tab?.sessionId) return;
      const result = await client.disconnectClient({
        sessionId: tab.sessionId,
        connectionId: connection.connectionId,
      });
      if (!result.ok) showFailure(tabId, result);
    },

    async joinMulticast(tabId) {
      const tab = tabOf(tabId);
      if (!tab?.sessionId) return;
      const { multicastGroup, multicastInterface } = tab.draft;
      const result = await client.joinMulticast({
        sessionId: tab.sessionId,
        group: multicastGroup,
        ...(multicastInterface.trim() ? { interfaceAddress: multicastInterface } : {}),
      });
      if (!result.ok) showFailure(tabId, result);
    },

    async leaveMulticast(tabId, membership) {
      const tab = tabOf(tabId);
      if (!tab?.sessionId) return;
      const result = await client.leaveMulticast({ sessionId: tab.sessionId, ...membership });
      if (!result.ok) showFailure(tabId, result);
    },

    async resetCounters(tabId) {
      const tab = tabOf(tabId);
      if (!tab?.sessionId) return;
      const result = await client.resetCounters({ sessionId: tab.sessionId });
      if (!result.ok) showFailure(tabId, result);
    },

    changeDraft: (tabId, patch) => dispatch({ type: 'draft-changed', tabId, patch }),
    changeReceive: (tabId, patch) => dispatch({ type: 'receive-changed', tabId, patch }),
    changeSend: (tabId, patch) => dispatch({ type: 'send-changed', tabId, patch }),
    changeMessage: (tabId, message) => dispatch({ type: 'message-changed', tabId, message }),
    chooseSendTo: (tabId, sendTo) => dispatch({ type: 'send-to-changed', tabId, sendTo }),
    dismissError: (tabId) => dispatch({ type: 'error-dismissed', tabId }),
    async clearLog(tabId) {
      const tab = tabOf(tabId);
      if (!tab) return;
      if (!tab.sessionId) {
        dispatch({ type: 'log-cleared', tabId, window: tab.log.window });
        return;
      }
      const cleared = await client.clearLog({ sessionId: tab.sessionId });
      if (!cleared.ok) return showFailure(tabId, cleared);
      const { firstSeq, lastSeq, evicted } = cleared;
      dispatch({ type: 'log-cleared', tabId, window: { firstSeq, lastSeq, evicted } });
    },
    pauseLog: (tabId, paused) => dispatch({ type: 'log-paused', tabId, paused }),
    showLog(tabId, from, to, followTail) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId === undefined) return;
      store.logs.of(sessionId)?.setFocus(from, to, followTail);
      fetcher.want(sessionId, from, to, followTail);
    },
    showWhole(tabId, seq, count = 1) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId !== undefined) void fetcher.fetchWhole(sessionId, seq, count);
    },
    setLanguage: (language) => dispatch({ type: 'language-changed', language }),

    async startFile(tabId, kind, connectionId) {
      const sessionId = await sessionOf(tabId);
      if (!sessionId) return;
      const started = await client.startFile({
        sessionId,
        kind,
        ...(connectionId === undefined ? {} : { connectionId }),
      });
      if (!started.ok) return showFailure(tabId, started);
      dispatch({
        type: 'file-started',
        tabId,
        file: {
          kind,
          name: started.name,
          // The browser mode writes once the page fetches the download.
          state: started.download === undefined ? 'writing' : 'waiting',
          bytes: 0,
          ...(connectionId === undefined ? {} : { connectionId }),
        },
      });
      if (started.download !== undefined) download(started.download);
    },

    async stopFile(tabId, kind) {
      const sessionId = tabOf(tabId)?.sessionId;
      if (sessionId === undefined) return;
      const stopped = await client.stopFile({ sessionId, kind });
      if (!stopped.ok) return showFailure(tabId, stopped);
      dispatch({ type: 'file-stopped', tabId, kind, bytes: stopped.bytes });
    },

    async setLogLimits(limits) {
      const set = await client.setLogLimits(limits);
      if (set.ok) dispatch({ type: 'log-limits', limits: set });
      else showFailure(store.getState().activeTabId, set);
    },

    resync() {
      // One at a time: a second call (a quick reconnect, StrictMode's double effect) runs after
      // the first has attached its sessions, instead of creating a second set.
      resyncing = resyncing.then(matchSessions, matchSessions);
      return resyncing;
    },
  };
}
