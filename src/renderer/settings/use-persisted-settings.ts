import { useEffect } from 'react';
import type { Store } from '../store/store';
import type { AppState } from '../store/state';
import { settingsOf } from './persisted-settings';
import { saveSessionIds } from './session-ids';
import type { SettingsStorage } from './settings-storage';

const SAVE_DELAY_MS = 400;

/** True when something worth saving changed (not on every byte of traffic). */
function settingsChanged(before: AppState, after: AppState) {
  if (before.language !== after.language || before.history !== after.history) return true;
  if (before.quickCommands !== after.quickCommands || before.sequence !== after.sequence) {
    return true;
  }
  if (before.activeTabId !== after.activeTabId || before.tabs.length !== after.tabs.length) {
    return true;
  }
  return after.tabs.some((tab, i) => {
    const old = before.tabs[i];
    return (
      !old ||
      old.tabId !== tab.tabId ||
      old.sessionId !== tab.sessionId ||
      old.draft !== tab.draft ||
      old.receive !== tab.receive ||
      old.send !== tab.send ||
      old.history !== tab.history ||
      old.automation !== tab.automation ||
      old.autoReply !== tab.autoReply
    );
  });
}

/** Saves settings a moment after they change, and once more when the page goes away. */
export function usePersistedSettings(store: Store, storage: SettingsStorage) {
  useEffect(() => {
    let previous = store.getState();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      timer = undefined;
      const state = store.getState();
      // A failed save (disk full, settings file locked) must not break the page.
      storage.save(settingsOf(state)).catch(() => undefined);
      saveSessionIds(state.tabs.map((t) => t.sessionId));
    };
    const stop = store.subscribe(() => {
      const current = store.getState();
      if (settingsChanged(previous, current) && timer === undefined) {
        timer = setTimeout(save, SAVE_DELAY_MS);
      }
      previous = current;
    });
    const flush = () => {
      if (timer !== undefined) {
        clearTimeout(timer);
        save();
      }
    };
    window.addEventListener('pagehide', flush);
    return () => {
      stop();
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [store, storage]);
}
