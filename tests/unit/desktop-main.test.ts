/**
 * The desktop shell's main process, run under Node with a stand-in for the `electron` module
 * (tests/support/fake-electron-main.ts): the lifecycle is Electron's, imitated; the engine, its
 * sockets and the settings files are real.
 */
import net from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandChannel, SETTINGS_SAVE_CHANNEL } from '../../src/shared/ipc-channels';
import type * as FakeElectronModule from '../support/fake-electron-main';
import { accepts } from '../support/node-peers';

type FakeElectron = typeof FakeElectronModule;

let electron: FakeElectron;
let userData: string;

/** A fresh process: new module instances, then main.ts runs as Electron would run it. */
async function launch(options: { singleInstance?: boolean; locale?: string } = {}) {
  vi.resetModules();
  electron = await import('../support/fake-electron-main');
  const fake = electron;
  vi.doMock('electron', () => fake);
  electron.app.userData = userData;
  electron.app.downloads = userData;
  electron.app.singleInstance = options.singleInstance ?? true;
  electron.app.locale = options.locale ?? 'en-US';
  await import('../../src/main/desktop/main');
}

async function launchWindow(options?: { locale?: string }) {
  await launch(options);
  electron.app.becomeReady();
  await vi.waitFor(() => expect(electron.BrowserWindow.getAllWindows()).toHaveLength(1));
  const window = electron.BrowserWindow.getAllWindows()[0]!;
  const indexFile = join(electron.app.appPath, 'dist', 'renderer', 'index.html');
  const fromPage = window.webContents.from(pathToFileURL(indexFile).href);
  const invoke = (channel: string, ...args: unknown[]) =>
    electron.ipcMain.invoke(fromPage, channel, ...args) as Promise<Record<string, unknown>>;
  /** A session the page creates and opens on 127.0.0.1 (a port the OS picks): its id and port. */
  const openOnLoopback = async (protocol: 'tcp-server' | 'udp') => {
    const { sessionId } = await invoke(commandChannel('createSession'), {});
    const opened = await invoke(commandChannel('open'), {
      sessionId,
      config: { protocol, localHost: '127.0.0.1', localPort: 0 },
    });
    return { sessionId: sessionId as string, port: (opened.local as { port: number }).port };
  };
  return { window, indexFile, fromPage, invoke, openOnLoopback };
}

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'netassist-userdata-'));
});
afterEach(async () => {
  for (const window of electron?.BrowserWindow.getAllWindows() ?? []) window.close();
  await vi.waitFor(() => expect(electron.app.exited).toBe(true));
  await rm(userData, { recursive: true, force: true });
});

describe('desktop main process', () => {
  it('a second launch opens nothing and quits; the first one is told and comes to the front', async () => {
    const { window } = await launchWindow();
    const first = electron;
    window.minimized = true;

    await launch({ singleInstance: false });
    electron.app.becomeReady();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(electron.app.exited).toBe(true);
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(0);

    first.app.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    electron = first; // afterEach closes this one
  });

  it('starts sandboxed, hardened and with its menu, loading the built page with the bundled preload', async () => {
    const { window, indexFile } = await launchWindow({ locale: 'zh-CN' });

    expect(electron.app.sandboxForced).toBe(true);
    expect(window.loadedFile).toBe(indexFile);
    expect(window.options.webPreferences).toMatchObject({
      preload: join(electron.app.appPath, 'dist', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });

    const session = electron.session.defaultSession;
    const granted = vi.fn();
    session.permissionRequestHandler?.(window.webContents, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(session.permissionCheckHandler?.()).toBe(false);
    expect(session.devicePermissionHandler?.()).toBe(false);
    const headers = vi.fn();
    session.headersListener?.({ responseHeaders: {} }, headers);
    expect(headers.mock.calls[0]?.[0].responseHeaders['Content-Security-Policy'][0]).toMatch(
      /^default-src 'none'/,
    );

    const menu = electron.Menu.installed?.template as { label?: string }[];
    expect(menu.map((item) => item.label)).toContain('编辑');
    expect(electron.app.aboutOptions).toMatchObject({ applicationVersion: '0.1.0' });
  });

  it('shows the window only once it has painted', async () => {
    const { window } = await launchWindow();
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('denies navigation, new windows and <webview>; https links open in the browser', async () => {
    const { window } = await launchWindow();
    const contents = window.webContents;

    expect(contents.windowOpenHandler?.({ url: 'https://docs.python.org/3/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({
      action: 'deny',
    });
    const navigation = new electron.PreventableEvent({
      url: 'https://example.com/',
      isMainFrame: true,
    });
    contents.emit('will-frame-navigate', navigation);
    const webview = new electron.PreventableEvent();
    contents.emit('will-attach-webview', webview);

    expect(navigation.defaultPrevented).toBe(true);
    expect(webview.defaultPrevented).toBe(true);
    expect(electron.shell.opened).toEqual(['https://docs.python.org/3/', 'https://example.com/']);
  });

  it('answers the page through a real engine, and refuses any other sender', async () => {
    const { window, invoke } = await launchWindow();
    expect(await invoke(commandChannel('createSession'), {})).toMatchObject({ ok: true });

    const stranger = window.webContents.from('https://example.com/');
    expect(
      await electron.ipcMain.invoke(stranger, commandChannel('listSessions'), {}),
    ).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  it('closing the window closes every socket before the app quits', async () => {
    const { window, openOnLoopback } = await launchWindow();
    const { port } = await openOnLoopback('tcp-server');
    expect(await accepts(port)).toBe(true);

    window.close();

    expect(electron.ipcMain.handlers.size).toBe(0);
    await vi.waitFor(() => expect(electron.app.exited).toBe(true));
    expect(electron.app.quitRequests).toBeGreaterThanOrEqual(1);
    expect(await accepts(port)).toBe(false);
  });

  it('remembers the window place and the settings in the user-data folder', async () => {
    const first = await launchWindow();
    first.window.normalBounds = { x: 210, y: 120, width: 1111, height: 777 };
    expect(
      await first.invoke(SETTINGS_SAVE_CHANNEL, { language: 'zh-CN', quickSends: ['AA 55'] }),
    ).toEqual({ ok: true });
    first.window.close();
    await vi.waitFor(() => expect(electron.app.exited).toBe(true));

    expect(JSON.parse(await readFile(join(userData, 'settings.json'), 'utf8'))).toEqual({
      language: 'zh-CN',
      quickSends: ['AA 55'],
    });
    const second = await launchWindow();
    expect(second.window.options).toMatchObject({ x: 210, y: 120, width: 1111, height: 777 });
  });
  it('receive to file: the save dialog (modal to the window) picks the path, the file gets the bytes', async () => {
    const { window, invoke, openOnLoopback } = await launchWindow();
    const { sessionId, port } = await openOnLoopback('tcp-server');
    const chosen = join(userData, 'chosen.bin');
    electron.dialog.nextSavePath = chosen;

    const started = await invoke(commandChannel('startFile'), { sessionId, kind: 'capture' });

    expect(started).toEqual({ ok: true, name: chosen });
    const [asked] = electron.dialog.saveDialogs;
    expect(asked?.parent).toBe(window);
    expect(asked?.options.defaultPath).toMatch(
      new RegExp(`^${userData}/netassist-${sessionId}-capture-\\d{8}-\\d{6}\\.bin$`),
    );
    const peer = net.connect({ host: '127.0.0.1', port });
    peer.end('from the peer');
    await vi.waitFor(async () => {
      const listed = await invoke(commandChannel('listSessions'), {});
      const [session] = listed.sessions as { counters: { rxBytes: number } }[];
      expect(session?.counters.rxBytes).toBe(13);
    });
    expect(await invoke(commandChannel('stopFile'), { sessionId, kind: 'capture' })).toEqual({
      ok: true,
      bytes: 13,
    });
    expect(await readFile(chosen, 'utf8')).toBe('from the peer');
  });

  it('a dismissed save dialog is CANCELLED and starts nothing', async () => {
    const { invoke } = await launchWindow();
    const { sessionId } = await invoke(commandChannel('createSession'), {});
    electron.dialog.nextSavePath = undefined;

    const started = await invoke(commandChannel('startFile'), { sessionId, kind: 'log' });

    expect(started).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(electron.dialog.saveDialogs[0]?.options.defaultPath).toMatch(/\.jsonl$/);
    const listed = await invoke(commandChannel('listSessions'), {});
    expect((listed.sessions as { files: unknown[] }[])[0]?.files).toEqual([]);
  });
  it('send file: the open dialog (modal to the window) picks the file, the peer gets its bytes', async () => {
    const { window, invoke, openOnLoopback } = await launchWindow();
    const { sessionId, port } = await openOnLoopback('tcp-server');
    const peer = net.connect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => received.push(chunk));
    await vi.waitFor(async () => {
      const listed = await invoke(commandChannel('listSessions'), {});
      expect((listed.sessions as { connections: unknown[] }[])[0]?.connections).toHaveLength(1);
    });
    const chosen = join(userData, 'firmware.bin');
    await writeFile(chosen, 'the file, whole');
    electron.dialog.nextOpenPath = chosen;

    const started = await invoke(commandChannel('sendFile'), { sessionId });

    expect(started).toEqual({ ok: true, name: chosen });
    expect(electron.dialog.openDialogs[0]?.parent).toBe(window);
    await vi.waitFor(() => expect(Buffer.concat(received).toString()).toBe('the file, whole'));
    await vi.waitFor(async () => {
      const listed = await invoke(commandChannel('listSessions'), {});
      const [session] = listed.sessions as { fileSend?: unknown }[];
      expect(session?.fileSend).toEqual({ name: chosen, state: 'done', sent: 15, total: 15 });
    });
    peer.destroy();
  });

  it('a dismissed open dialog is CANCELLED and sends nothing', async () => {
    const { invoke, openOnLoopback } = await launchWindow();
    const { sessionId } = await openOnLoopback('udp');
    electron.dialog.nextOpenPath = undefined;

    const started = await invoke(commandChannel('sendFile'), { sessionId });

    expect(started).toMatchObject({ ok: false, code: 'CANCELLED', params: { what: 'dialog' } });
    expect(electron.dialog.openDialogs).toHaveLength(1);
    const listed = await invoke(commandChannel('listSessions'), {});
    expect((listed.sessions as { fileSend?: unknown }[])[0]?.fileSend).toBeUndefined();
  });

  it('a file that cannot be read is FILE_ERROR (read) naming it', async () => {
    const { invoke, openOnLoopback } = await launchWindow();
    const { sessionId } = await openOnLoopback('udp');
    const missing = join(userData, 'gone.bin');
    electron.dialog.nextOpenPath = missing;

    const started = await invoke(commandChannel('sendFile'), { sessionId });

    expect(started).toMatchObject({
      ok: false,
      code: 'FILE_ERROR',
      params: { path: missing, errno: 'ENOENT', action: 'read' },
    });
  });
});
