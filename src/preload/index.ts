/**
 * The preload: runs sandboxed beside the page and exposes `window.netassist` through
 * contextBridge. Bundled into one CommonJS file (dist/preload/index.cjs), because a sandboxed
 * preload can `require` only `electron`'s renderer modules, not other files.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopBridge } from './desktop-bridge';

contextBridge.exposeInMainWorld('netassist', createDesktopBridge(ipcRenderer));
