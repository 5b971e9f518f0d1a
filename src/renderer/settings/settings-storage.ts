/**
 * Where settings live. The browser keeps them in localStorage; the desktop shell can hand the
 * renderer its own storage (a file in the user-data folder) with the same two methods.
 */
export interface SettingsStorage {
  /** The stored value as it was saved, or undefined. Validated by the caller. */
  load(): unknown;
  save(value: unknown): void;
}

const KEY = 'netassist.settings.v1';

export const localStorageSettings: SettingsStorage = {
  load() {
    try {
      const text = localStorage.getItem(KEY);
      return text === null ? undefined : (JSON.parse(text) as unknown);
    } catch {
      return undefined; // storage disabled or a corrupt value: start from the defaults
    }
  },
  save(value) {
    try {
      localStorage.setItem(KEY, JSON.stringify(value));
    } catch {
      // Full or disabled storage: settings just do not survive a reload.
    }
  },
};
