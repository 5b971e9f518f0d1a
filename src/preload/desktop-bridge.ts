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
  EVENTS_CHANNEL,
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
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createDesktopBridge(ipc: IpcRendererLike): DesktopBridge {
  const commands = Object.fromEntries(
    COMMAND_NAMES.map((command) => [command, commandCaller(ipc, command)]),
  ) as unknown as CommandApi;
  return {
    ...commands,
    onEvents: (listener) => subscribeToEvents(ipc, listener),
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

function subscribeToEvents(ipc: IpcRendererLike, listener: (events: EngineEvent[]) => void) {
  // Only the events cross: the IPC event object would hand the page `ipcRenderer` itself.
  const deliver = (_event: unknown, events: unknown) => listener(events as EngineEvent[]);
  ipc.on(EVENTS_CHANNEL, deliver);
  return () => {
    ipc.removeListener(EVENTS_CHANNEL, deliver);
  };
}

function unwrap(answer: unknown): { value?: unknown } {
  const result = answer as Result<{ value?: unknown }>;
  if (!result.ok) throw new Error(result.message);
  return result;
}
