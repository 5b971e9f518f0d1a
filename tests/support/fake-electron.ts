/**
 * Minimal stand-ins for the parts of Electron's IPC the bridge uses: `ipcMain`, a window's
 * `webContents` and `ipcRenderer`. They stand in for Electron only — the engine behind them is
 * real and its sockets are real. Payloads are passed through `structuredClone`, as Electron's
 * IPC serializes them, so a value that could not cross the real boundary fails here too.
 */
import type { IpcMainLike, WebContentsLike } from '../../src/main/bridge/electron-ipc';
import type { IpcSender } from '../../src/main/desktop/security-policy';
import type { IpcRendererLike } from '../../src/preload/desktop-bridge';

export const INDEX_URL = 'file:///opt/NetAssist/resources/app.asar/dist/renderer/index.html';

type Handler = (event: IpcSender, ...args: unknown[]) => Promise<unknown>;
type Listener = (event: unknown, ...args: unknown[]) => void;

export class FakeIpcMain implements IpcMainLike<IpcSender> {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    // Electron refuses a second handler for a channel.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What `ipcRenderer.invoke` does, from a given sender. */
  async invoke(event: IpcSender, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
}

export class FakeWebContents implements WebContentsLike {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  /** Where sent messages go (the renderer's `ipcRenderer`), if anywhere. */
  receiver?: FakeIpcRenderer;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    const copy = structuredClone(args);
    this.sent.push({ channel, args: copy });
    this.receiver?.deliver(channel, copy);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** The IPC event of a message from this window's top frame, showing `url`. */
  eventFromTopFrame(url = INDEX_URL): IpcSender {
    return { sender: this, senderFrame: { url, parent: null } };
  }
}

/** The listeners of an Electron emitter (`ipcRenderer`, `webContents.ipc`), by channel. */
export class ChannelListeners {
  private readonly listeners = new Map<string, Set<Listener>>();

  on(channel: string, listener: Listener): this {
    const set = this.listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(channel, set);
    return this;
  }

  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  /** Calls every listener on `channel` with `event` and `args`, as the emitter's `emit` would. */
  protected emit(channel: string, event: unknown, args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

/** `ipcRenderer` wired to a FakeIpcMain (commands) and fed by a FakeWebContents (events). */
export class FakeIpcRenderer extends ChannelListeners implements IpcRendererLike {
  /** Stands for the IPC event object, which must never reach the page. */
  readonly ipcEvent = { sender: this, ports: [] };

  constructor(
    private readonly ipcMain: FakeIpcMain,
    private readonly webContents: FakeWebContents,
  ) {
    super();
    webContents.receiver = this;
  }

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.ipcMain.invoke(this.webContents.eventFromTopFrame(), channel, ...args);
  }

  deliver(channel: string, args: unknown[]): void {
    this.emit(channel, this.ipcEvent, args);
  }
}
