import type { NetAssistClient } from './client';

declare global {
  interface Window {
    /** Set by the Electron preload (src/preload); absent in the browser mode. */
    netassist?: NetAssistClient;
  }
}

export {};
