import type { SettingsStorage } from '../settings/settings-storage';
import type { NetAssistClient } from './client';

declare global {
  interface Window {
    /**
     * Set by the Electron preload (src/preload); absent in the browser mode. Besides the client it
     * carries the desktop app's settings file.
     */
    netassist?: NetAssistClient & { settings?: SettingsStorage };
  }
}

export {};
