/**
 * What the preload hands to the page as `window.netassist`: one function per contract command,
 * `onEvents`, and the settings file. Built from a minimal `ipcRenderer` so tests can drive it
 * without Electron. The page never sees `ipcRenderer`, a channel name or an IPC event object.
 */
import type {
  CommandApi,
  CommandName,
  CommandRequest,
  CommandResponse,
  EngineEvent,
  Result,
} from '../shared/contract';
import { COMMAND_NAMES } from '../shared/contract';
import {
  commandChannel,
  EVENTS_ACK_CHANNEL,
  EVENTS_CHANNEL,
  NEW_PAGE_ACK,
  SETTINGS_LOAD_CHANNEL,
  SETTINGS_SAVE_CHANNEL,
} from '../shared/ipc-channels';

/** The renderer's settings, kept in a JSON file by the desktop app (localStorage in a browser). */
export interface SettingsBridge {
  /** The saved value, or `undefined` before the first save. */
  load(): Promise<unknown>;
  /** Resolves once the value is on disk; rejects if it is not plain JSON or is too large. */
  save(value: unknown): Promise<void>;
}

/** `window.netassist` in the desktop app: the renderer's `NetAssistClient`, plus settings. */
export interface DesktopBridge extends CommandApi {
  /** Batches of events in emission order. Returns the disposer. */
  onEvents(listener: (events: EngineEvent[]) => void): () => void;
  settings: SettingsBridge;
}

/** What the bridge uses of Electron's `ipcRenderer`. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Carries the acknowledgements; without it the main process must not wait for any. */
  send?(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createDesktopBridge(ipc: IpcRendererLike): DesktopBridge {
  const commands = Object.fromEntries(
    COMMAND_NAMES.map((command) => [command, commandCaller(ipc, command)]),
  ) as unknown as CommandApi;
  const events = receiveEvents(ipc);
  return {
    ...commands,
    onEvents: events.subscribe,
    settings: {
      load: async () => unwrap(await ipc.invoke(SETTINGS_LOAD_CHANNEL)).value,
      save: async (value) => {
        unwrap(await ipc.invoke(SETTINGS_SAVE_CHANNEL, value));
      },
    },
  };
}

function commandCaller<C extends CommandName>(ipc: IpcRendererLike, command: C) {
  return (request: CommandRequest<C>) =>
    ipc.invoke(commandChannel(command), request) as Promise<CommandResponse<C>>;
}

type EventsListener = (events: EngineEvent[]) => void;

/**
 * One IPC listener for the page's lifetime: it hands each batch to the page's listeners, then
 * acknowledges it, so the main process sends more. It acknowledges with no listener too, or a
 * page that has not subscribed yet would never get another batch.
 */
function receiveEvents(ipc: IpcRendererLike) {
  const listeners = new Set<EventsListener>();
  // Only the events cross: the IPC event object would hand the page `ipcRenderer` itself.
  const deliver = (_event: unknown, events: unknown, batch: unknown) => {
    try {
      for (const listener of [...listeners]) listener(events as EngineEvent[]);
    } finally {
      if (typeof batch === 'number') ipc.send?.(EVENTS_ACK_CHANNEL, batch);
    }
  };
  ipc.on(EVENTS_CHANNEL, deliver);
  // A reloaded page: batches sent to the page before it will never be acknowledged.
  ipc.send?.(EVENTS_ACK_CHANNEL, NEW_PAGE_ACK);
  return {
    subscribe(listener: EventsListener): () => void {
      // A wrapper per subscription, so subscribing the same function twice means two.
      const subscription: EventsListener = (events) => listener(events);
      listeners.add(subscription);
      return () => {
        listeners.delete(subscription);
      };
    },
  };
}

function unwrap(answer: unknown): { value?: unknown } {
  const result = answer as Result<{ value?: unknown }>;
  if (!result.ok) throw new Error(result.message);
  return result;
}
