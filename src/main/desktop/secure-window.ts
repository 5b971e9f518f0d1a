/**
 * The main window's construction, with every web preference spelled out. Electron's class is
 * passed in so a test can construct with a stand-in and read the options; and the options stay
 * written inside `new BrowserWindow({ … })`, where scanners such as electronegativity read them.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowState } from './window-state';
import { MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH } from './window-state';

export type BrowserWindowClass<W> = new (options: BrowserWindowConstructorOptions) => W;

/** The page's own background, so nothing flashes white before it paints. */
export const WINDOW_BACKGROUND = { light: '#ffffff', dark: '#1e1e1e' } as const;

export function newMainWindow<W>(
  BrowserWindow: BrowserWindowClass<W>,
  preloadPath: string,
  state: WindowState,
  dark: boolean,
): W {
  const place = state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {};
  return new BrowserWindow({
    ...place,
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_WIDTH,
    minHeight: MIN_WINDOW_HEIGHT,
    title: 'NetAssist',
    // Shown on `ready-to-show`, once the page has painted.
    show: false,
    backgroundColor: dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    webPreferences: {
      // Our own bundled preload, sandboxed, exposing only the contract's verbs through
      // contextBridge (tests/unit/preload.test.ts): reviewed, as the check asks.
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would otherwise open links in a new window, around setWindowOpenHandler.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
}
