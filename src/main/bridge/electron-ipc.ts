/**
 * The Electron IPC bridge: the contract's commands from the preload to the engine, the engine's
 * events back in batches. Written against the few members of `ipcMain` and `webContents` it
 * uses, so it runs (and is tested) under plain Node; src/main/desktop passes the real ones.
 *
 * The renderer is untrusted web content: every payload is checked with the same schemas as the
 * WebSocket bridge, and every caller must pass the shell's sender check.
 */
import { z } from 'zod';
import type { CommandApi, EmitEvent, Failure } from '../../shared/contract';
import { COMMAND_NAMES } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { parseCommand, runCommand } from './command-schemas';
import { EventBatcher } from './event-batcher';
import {
  EVENTS_CHANNEL,
  SETTINGS_LOAD_CHANNEL,
  SETTINGS_SAVE_CHANNEL,
  commandChannel,
} from '../../shared/ipc-channels';

/** The renderer's settings are small; this only stops a page filling the disk. */
export const MAX_SETTINGS_BYTES = 1024 * 1024;

/** What the bridge uses of Electron's `ipcMain`. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** What the bridge uses of Electron's `webContents`. */
export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Where the renderer's settings live (a `JsonFileStore` in the app). */
export interface SettingsStoreLike {
  load(): Promise<unknown>;
  save(value: unknown): Promise<void>;
}

export type SenderCheck<E> = (event: E) => boolean;

const UNTRUSTED_SENDER = 'the request did not come from the NetAssist window';

/**
 * One `invoke` handler per command. A handler answers with the contract's `Result`: a refused
 * sender or payload is an INVALID_REQUEST failure, never an exception. Returns the disposer.
 */
export function registerIpcHandlers<E>(
  ipcMain: IpcMainLike<E>,
  engine: CommandApi,
  isTrustedSender: SenderCheck<E>,
): () => void {
  const channels = COMMAND_NAMES.map((command) => {
    const channel = commandChannel(command);
    ipcMain.handle(channel, (event, request) => {
      if (!isTrustedSender(event))
        return Promise.resolve(fail('INVALID_REQUEST', { detail: UNTRUSTED_SENDER }));
      const parsed = parseCommand({ command, request });
      return parsed.ok ? runCommand(engine, parsed) : Promise.resolve(parsed);
    });
    return channel;
  });
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

const settingsValue = z.json();

/**
 * `load` answers the stored value (or `undefined`); `save` takes any JSON value up to
 * MAX_SETTINGS_BYTES and answers `{ ok: true }` once it is on disk. Returns the disposer.
 */
export function registerSettingsHandlers<E>(
  ipcMain: IpcMainLike<E>,
  store: SettingsStoreLike,
  isTrustedSender: SenderCheck<E>,
): () => void {
  ipcMain.handle(SETTINGS_LOAD_CHANNEL, async (event) => {
    if (!isTrustedSender(event)) return fail('INVALID_REQUEST', { detail: UNTRUSTED_SENDER });
    return { ok: true, value: await store.load() };
  });
  ipcMain.handle(SETTINGS_SAVE_CHANNEL, async (event, value) => {
    if (!isTrustedSender(event)) return fail('INVALID_REQUEST', { detail: UNTRUSTED_SENDER });
    const refused = checkSettings(value);
    if (refused) return refused;
    await store.save(value);
    return { ok: true };
  });
  return () => {
    ipcMain.removeHandler(SETTINGS_LOAD_CHANNEL);
    ipcMain.removeHandler(SETTINGS_SAVE_CHANNEL);
  };
}

function checkSettings(value: unknown): Failure | undefined {
  const text = settingsText(value);
  if (text === undefined) {
    return fail('INVALID_REQUEST', { detail: 'settings must be plain JSON data' });
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SETTINGS_BYTES) {
    return fail('INVALID_REQUEST', {
      detail: `settings are ${bytes} bytes, more than the ${MAX_SETTINGS_BYTES} allowed`,
    });
  }
  return undefined;
}

/**
 * The JSON a value would be stored as, or `undefined` if it is not plain JSON data. Structured
 * clone lets a page send Maps, Dates, cycles or absurd nesting, which JSON would mangle or choke on.
 */
function settingsText(value: unknown): string | undefined {
  try {
    return settingsValue.safeParse(value).success ? JSON.stringify(value) : undefined;
  } catch {
    return undefined; // a cycle (TypeError) or nesting deeper than the stack (RangeError)
  }
}

export interface EventSender {
  /** The engine's sink. */
  emit: EmitEvent;
  /** Drops what is pending and sends nothing more (the window is going away). */
  dispose(): void;
}

/**
 * The engine's events, grouped by `EventBatcher` and sent on EVENTS_CHANNEL. A window that is
 * closing or gone gets nothing: `send` on a destroyed webContents throws in Electron.
 */
export function createEventSender(webContents: WebContentsLike): EventSender {
  const batcher = new EventBatcher((events) => {
    if (webContents.isDestroyed()) {
      batcher.dispose();
      return;
    }
    webContents.send(EVENTS_CHANNEL, events);
  });
  return {
    emit: (event) => {
      if (!webContents.isDestroyed()) batcher.push(event);
    },
    dispose: () => batcher.dispose(),
  };
}
