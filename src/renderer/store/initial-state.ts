import type { PersistedSettings } from '../settings/persisted-settings';
import { languageOf } from '../i18n/translate';
import { EMPTY_SEQUENCE } from './automation-state';
import type { AppState } from './state';
import { ENGINE_LOG_LIMITS, newTab } from './state';

/** The first state: the saved tabs (or one fresh tab), before the bridge has said anything. */
export function initialState(
  settings: PersistedSettings,
  sessionIds: readonly (string | null)[],
  locale: string | undefined,
): AppState {
  const saved = settings.tabs.length ? settings.tabs : [{}];
  const tabs = saved.map((tab, i) =>
    newTab(`tab-${i + 1}`, {
      ...tab,
      // Settings from before per-tab history: every tab starts from the shared one.
      history: 'history' in tab && tab.history ? tab.history : settings.history,
      ...(sessionIds[i] ? { sessionId: sessionIds[i] } : {}),
    }),
  );
  return {
    tabs,
    activeTabId: tabs[settings.activeIndex]?.tabId ?? tabs[0]!.tabId,
    language: settings.language ?? languageOf(locale),
    bridge: 'connecting',
    bridgeWasOpen: false,
    history: settings.history,
    nextTabNumber: tabs.length + 1,
    logLimits: ENGINE_LOG_LIMITS,
    quickCommands: settings.quickCommands ?? [],
    sequence: settings.sequence ?? EMPTY_SEQUENCE,
  };
}
