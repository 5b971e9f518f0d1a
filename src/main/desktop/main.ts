/**
 * The desktop app's entry (bundled to dist/main/desktop.cjs): one instance, one window, one
 * engine. Everything here is wiring; the decisions live in the files it imports.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMainInvokeEvent } from 'electron';
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, session } from 'electron';
import {
  createEventSender,
  registerIpcHandlers,
  registerSettingsHandlers,
} from '../bridge/electron-ipc';
import { Engine } from '../engine/engine';
import { installApplicationMenu } from './menu';
import { openDialogSources } from './open-dialog';
import { saveDialogFiles } from './save-dialog';
import { guardWebContents, hardenSession } from './security';
import { isTrustedSender } from './security-policy';
import { JsonFileStore } from './settings-store';
import { openMainWindow } from './window';
import { parseWindowState } from './window-state';

const APP_ID = 'io.github.netassist';
/** Closing sockets is quick; this only keeps a stuck one from holding the app open. */
const QUIT_WAIT_MS = 3000;

/** Work that must finish before the process exits: closing sockets, writing the window state. */
const beforeQuit = new Set<Promise<unknown>>();
let quitReady = false;

function finishBeforeQuit(work: Promise<unknown>): void {
  const settled = work.catch((error: unknown) => console.error('NetAssist:', error));
  beforeQuit.add(settled);
  void settled.finally(() => beforeQuit.delete(settled));
}

function focusWindow(): void {
  const [window] = BrowserWindow.getAllWindows();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

async function openDesktop(): Promise<void> {
  const appFolder = app.getAppPath();
  const indexFile = join(appFolder, 'dist', 'renderer', 'index.html');
  const indexUrl = pathToFileURL(indexFile).href;
  const userData = app.getPath('userData');
  const windowStateFile = new JsonFileStore(join(userData, 'window-state.json'));
  const settingsFile = new JsonFileStore(join(userData, 'settings.json'));

  const window = openMainWindow({
    preloadPath: join(appFolder, 'dist', 'preload', 'index.cjs'),
    indexFile,
    state: parseWindowState(await windowStateFile.load()),
    dark: nativeTheme.shouldUseDarkColors,
    saveState: (state) => {
      const saved = windowStateFile.save(state);
      finishBeforeQuit(saved);
      return saved;
    },
  });
  const { webContents } = window;
  const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(event, webContents, indexUrl);
  const events = createEventSender(webContents);
  // One window: the page that asks for a file is this window's, so the dialog is modal to it.
  const files = saveDialogFiles(dialog, window, app.getPath('downloads'));
  const sources = openDialogSources(dialog, window);
  const engine = new Engine(events.emit, { files, sources });
  const removeCommandHandlers = registerIpcHandlers(ipcMain, engine, trusted);
  const removeSettingsHandlers = registerSettingsHandlers(ipcMain, settingsFile, trusted);

  window.on('closed', () => {
    events.dispose();
    removeCommandHandlers();
    removeSettingsHandlers();
    // Closing the window closes every socket: no server keeps listening behind a closed app.
    finishBeforeQuit(engine.shutdown());
  });
}

function startApp(): void {
  // Windows groups the taskbar button and notifications by this id (electron-builder's appId).
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  app.on('second-instance', focusWindow);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  // One window, one engine: closing it ends the app on every platform, macOS included.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (quitReady || beforeQuit.size === 0) return;
    event.preventDefault();
    const timeout = new Promise((resolve) => setTimeout(resolve, QUIT_WAIT_MS));
    void Promise.race([Promise.all(beforeQuit), timeout]).then(() => {
      quitReady = true;
      app.quit();
    });
  });
  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      installApplicationMenu();
      await openDesktop();
    })
    .catch((error: unknown) => {
      console.error('NetAssist could not start:', error);
      app.exit(1);
    });
}

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

// A second launch hands over to the first (its window comes to the front) and exits.
if (app.requestSingleInstanceLock()) {
  startApp();
} else {
  app.quit();
}
