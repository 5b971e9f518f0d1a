/**
 * The acknowledgement path of Electron's IPC, beside the stand-ins in fake-electron.ts: a window
 * whose `webContents.ipc` hears its page, and an `ipcRenderer` that can `send`. Messages cross
 * through `structuredClone` and a turn of the event loop, as they cross a process boundary.
 */
import type { WindowIpcLike } from '../../src/main/bridge/electron-ipc';
import { ChannelListeners, FakeIpcRenderer, FakeWebContents } from './fake-electron';

/** `webContents.ipc`: what the page sends with `ipcRenderer.send`, from this window only. */
export class FakeWindowIpc extends ChannelListeners implements WindowIpcLike {
  deliver(sender: FakeWebContents, channel: string, args: unknown[]): void {
    this.emit(channel, sender.eventFromTopFrame(), args);
  }
}

export class AckingWebContents extends FakeWebContents {
  readonly ipc = new FakeWindowIpc();
}

export class AckingIpcRenderer extends FakeIpcRenderer {
  /** Every message the page sent, in order. */
  readonly sentToMain: { channel: string; args: unknown[] }[] = [];

  constructor(
    ipcMain: ConstructorParameters<typeof FakeIpcRenderer>[0],
    private readonly window: AckingWebContents,
  ) {
    super(ipcMain, window);
  }

  send(channel: string, ...args: unknown[]): void {
    const copy = structuredClone(args);
    this.sentToMain.push({ channel, args: copy });
    setImmediate(() => this.window.ipc.deliver(this.window, channel, copy));
  }
}
