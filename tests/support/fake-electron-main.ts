/**
 * A stand-in for the `electron` module as the desktop shell's main process uses it, for
 * `vi.mock('electron', …)`. It imitates Electron's API and its lifecycle events only; the engine,
 * sockets and files behind the shell stay real. Each test gets a fresh copy (`vi.resetModules`).
 */
import { EventEmitter } from 'node:events';
import type { IpcSender } from '../../src/main/desktop/security-policy';
import { FakeIpcMain, FakeWebContents } from './fake-electron';

type Listener = (...args: unknown[]) => void;

export class PreventableEvent {
  defaultPrevented = false;
  constructor(fields: Record<string, unknown> = {}) {
    Object.assign(this, fields);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

class FakeApp extends EventEmitter {
  singleInstance = true;
  sandboxForced = false;
  userData = '';
  downloads = '';
  appPath = '/opt/NetAssist/resources/app.asar';
  locale = 'en-US';
  isPackaged = false;
  aboutOptions: unknown;
  quitRequests = 0;
  exited = false;
  exitCode: number | undefined;
  private markReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  enableSandbox() {
    this.sandboxForced = true;
  }
  requestSingleInstanceLock() {
    return this.singleInstance;
  }
  whenReady() {
    return this.ready;
  }
  becomeReady() {
    this.markReady();
  }
  getPath(name: string) {
    if (name === 'userData') return this.userData;
    if (name === 'downloads') return this.downloads;
    throw new Error(`unexpected path ${name}`);
  }
  getAppPath() {
    return this.appPath;
  }
  getLocale() {
    return this.locale;
  }
  getVersion() {
    return '0.1.0';
  }
  setAboutPanelOptions(options: unknown) {
    this.aboutOptions = options;
  }
  /** As Electron: `will-quit` may be prevented; otherwise the app is gone. */
  quit() {
    this.quitRequests++;
    const event = new PreventableEvent();
    this.emit('will-quit', event);
    if (!event.defaultPrevented) this.exited = true;
  }
  exit(code: number) {
    this.exitCode = code;
    this.exited = true;
  }
}

export class FakeWindowContents extends FakeWebContents {
  private readonly emitter = new EventEmitter();
  windowOpenHandler?: (details: { url: string }) => { action: string };

  on(event: string, listener: Listener): this {
    this.emitter.on(event, listener);
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    return this.emitter.emit(event, ...args);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  /** An IPC event from this window's top frame. */
  from(url: string): IpcSender {
    return this.eventFromTopFrame(url);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.windows.filter((window) => !window.destroyed);
  }

  readonly webContents = new FakeWindowContents();
  loadedFile: string | undefined;
  shown = false;
  maximized = false;
  minimized = false;
  focused = false;
  destroyed = false;
  normalBounds = { x: 100, y: 50, width: 1000, height: 700 };

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.windows.push(this);
    app.emit('web-contents-created', new PreventableEvent(), this.webContents);
  }

  loadFile(file: string) {
    this.loadedFile = file;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  focus() {
    this.focused = true;
  }
  getNormalBounds() {
    return this.normalBounds;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.webContents.destroyed = true;
  }
  /** The user closes the window: `close`, then `closed`, then, as the last one, the app hears. */
  close() {
    this.emit('close', new PreventableEvent());
    this.destroy();
    this.emit('closed');
    if (FakeBrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = new FakeIpcMain();

export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as
      | ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void)
      | undefined,
    permissionCheckHandler: undefined as (() => boolean) | undefined,
    devicePermissionHandler: undefined as (() => boolean) | undefined,
    headersListener: undefined as
      | ((
          details: { responseHeaders?: Record<string, string[]> },
          callback: (response: { responseHeaders: Record<string, string[]> }) => void,
        ) => void)
      | undefined,
    setPermissionRequestHandler(handler: typeof this.permissionRequestHandler) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: typeof this.permissionCheckHandler) {
      this.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: typeof this.devicePermissionHandler) {
      this.devicePermissionHandler = handler;
    },
    get webRequest() {
      return {
        onHeadersReceived: (listener: typeof session.defaultSession.headersListener) => {
          session.defaultSession.headersListener = listener;
        },
      };
    },
  },
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
};

interface SaveDialogOptions {
  defaultPath?: string;
  filters?: { name: string; extensions: string[] }[];
}

interface OpenDialogOptions {
  properties?: string[];
}

export const dialog = {
  errors: [] as string[],
  showErrorBox(title: string, content: string) {
    this.errors.push(`${title}: ${content}`);
  },
  /** The path the user will pick in the next save dialog; `undefined`: they dismiss it. */
  nextSavePath: undefined as string | undefined,
  saveDialogs: [] as { parent: unknown; options: SaveDialogOptions }[],
  /** As Electron: `canceled` with an empty path when dismissed. */
  showSaveDialog(parent: unknown, options: SaveDialogOptions) {
    this.saveDialogs.push({ parent, options });
    const filePath = this.nextSavePath;
    return Promise.resolve({ canceled: filePath === undefined, filePath: filePath ?? '' });
  },
  /** The file the user will pick in the next open dialog; `undefined`: they dismiss it. */
  nextOpenPath: undefined as string | undefined,
  openDialogs: [] as { parent: unknown; options: OpenDialogOptions }[],
  /** As Electron: `canceled` with no paths when dismissed. */
  showOpenDialog(parent: unknown, options: OpenDialogOptions) {
    this.openDialogs.push({ parent, options });
    const filePath = this.nextOpenPath;
    return Promise.resolve({
      canceled: filePath === undefined,
      filePaths: filePath === undefined ? [] : [filePath],
    });
  },
};

export const Menu = {
  installed: undefined as { template: unknown[] } | undefined,
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu(menu: { template: unknown[] }) {
    Menu.installed = menu;
  },
};

export const nativeTheme = { shouldUseDarkColors: false };

export const shell = {
  opened: [] as string[],
  openExternal(url: string) {
    shell.opened.push(url);
    return Promise.resolve();
  },
};
