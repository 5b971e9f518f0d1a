/**
 * Where settings live. The browser keeps them in localStorage; the desktop shell hands the page
 * its own storage (a JSON file in the user-data folder) as `window.netassist.settings`, with the
 * same two methods.
 */
export interface SettingsStorage {
  /** The stored value as it was saved, or undefined. Validated by the caller. */
  load(): Promise<unknown>;
  save(value: unknown): Promise<void>;
}

const KEY = 'netassist.settings.v1';

export const localStorageSettings: SettingsStorage = {
  async load() {
    try {
      const text = localStorage.getItem(KEY);
      return text === null ? undefined : (JSON.parse(text) as unknown);
    } catch {
      return undefined; // storage disabled or a corrupt value: start from the defaults
    }
  },
  async save(value) {
    try {
      localStorage.setItem(KEY, JSON.stringify(value));
    } catch {
      // Full or disabled storage: settings just do not survive a reload.
    }
  },
};

/** The desktop shell's storage when there is one, else the browser's. */
export function chooseSettingsStorage(): SettingsStorage {
  return window.netassist?.settings ?? localStorageSettings;
}
