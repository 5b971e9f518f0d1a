/**
 * Opens the one window: placed where it was last time, shown once painted, its place saved
 * when it closes.
 */
import { BrowserWindow, dialog, screen } from 'electron';
import { newMainWindow } from './secure-window';
import type { WindowState } from './window-state';
import { fitToDisplays } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  indexFile: string;
  state: WindowState;
  dark: boolean;
  saveState(state: WindowState): Promise<void>;
}

export function openMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = fitToDisplays(options.state, workAreas);
  const window = newMainWindow(BrowserWindow, options.preloadPath, state, options.dark);

  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    // Normal bounds: a maximized window should come back maximized over its usual size.
    const bounds = window.getNormalBounds();
    options.saveState({ ...bounds, maximized: window.isMaximized() }).catch((error: unknown) => {
      console.error('NetAssist: could not save the window position:', error);
    });
  });
  window.loadFile(options.indexFile).catch((error: unknown) => {
    dialog.showErrorBox(
      'NetAssist',
      `The interface could not be loaded from ${options.indexFile} (${String(error)}). ` +
        'Run "npm run build" first.',
    );
    window.destroy();
  });
  return window;
}
