/**
 * The Electron IPC bridge: the contract's commands from the preload to the engine, the engine's
 * events back in batches, with the same flow control as the WebSocket bridge (EventFlow). Written against the few members of `ipcMain` and `webContents` it
 * uses, so it runs (and is tested) under plain Node; src/main/desktop passes the real ones.
 *
 * The renderer is untrusted web content: every payload is checked with the same schemas as the
 * WebSocket bridge, and every caller must pass the shell's sender check.
 */
import { z } from 'zod';
import type {
  CommandApi,
  CommandName,
  CommandResponse,
  EmitEvent,
  Failure,
} from '../../shared/contract';
import { COMMAND_NAMES } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { parseCommand, runCommand } from './command-schemas';
import type { EventBatcherOptions } from './event-batcher';
import { EventBatcher } from './event-batcher';
import type { EventFlowOptions } from './event-flow';
import { EventFlow } from './event-flow';
import { forPage } from './page-data';
import { packEntryBytes, packEventBytes } from './packed-bytes';
import {
  EVENTS_ACK_CHANNEL,
  EVENTS_CHANNEL,
  NEW_PAGE_ACK,
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

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** What the bridge uses of `webContents.ipc`: Electron's IPC from this window's page only. */
export interface WindowIpcLike {
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** What the bridge uses of Electron's `webContents`. */
export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  /** Where the page's acknowledgements arrive. Without it, every batch is sent unacknowledged. */
  ipc?: WindowIpcLike;
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
      return parsed.ok ? runCommand(engine, parsed).then(packLogBytes) : Promise.resolve(parsed);
    });
    return channel;
  });
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

/** A `readLog` answer's entries are views into the log's arenas (see packed-bytes.ts). */
function packLogBytes(response: CommandResponse<CommandName>): CommandResponse<CommandName> {
  return response.ok && 'entries' in response
    ? { ...response, entries: packEntryBytes(response.entries) }
    : response;
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
  /** Events waiting in the main process for this window (never its data once it is behind). */
  readonly pendingEvents: number;
  /** Their estimated size. */
  readonly pendingBytes: number;
  /** Data events the window missed because it was behind (their entries are in the log). */
  readonly droppedDataEvents: number;
}

export interface EventSenderOptions {
  batching?: EventBatcherOptions;
  flow?: EventFlowOptions;
}

/**
 * The engine's events, grouped by `EventBatcher`, numbered and paced by `EventFlow`, sent on
 * EVENTS_CHANNEL as `(events, batch)`; the preload acknowledges on EVENTS_ACK_CHANNEL (through
 * `webContents.ipc`, which hears only this window). A window that is closing or gone gets
 * nothing: `send` on a destroyed webContents throws in Electron.
 */
export function createEventSender(
  webContents: WebContentsLike,
  options: EventSenderOptions = {},
): EventSender {
  const windowIpc = webContents.ipc;
  const flow = new EventFlow(
    (batch, events) => {
      if (!webContents.isDestroyed())
        webContents.send(EVENTS_CHANNEL, packEventBytes(events), batch);
    },
    undefined,
    // A window that cannot acknowledge must not be starved after its first few batches.
    windowIpc ? options.flow : { ...options.flow, maxBatchesInFlight: Infinity },
  );
  const batcher = new EventBatcher((events) => {
    if (webContents.isDestroyed()) dispose();
    else flow.offer(events);
  }, options.batching);
  const onAck: IpcListener = (_event, batch) => {
    if (batch === NEW_PAGE_ACK) flow.restart();
    else if (typeof batch === 'number') flow.acknowledge(batch);
  };
  windowIpc?.on(EVENTS_ACK_CHANNEL, onAck);

  function dispose() {
    windowIpc?.removeListener(EVENTS_ACK_CHANNEL, onAck);
    batcher.dispose();
    flow.dispose();
  }
  return {
    emit: (event) => {
      if (!webContents.isDestroyed()) batcher.push(forPage(event));
    },
    dispose,
    get pendingEvents() {
      return batcher.pendingEvents + flow.pendingEvents;
    },
    get pendingBytes() {
      return batcher.pendingBytes + flow.pendingBytes;
    },
    get droppedDataEvents() {
      return flow.droppedDataEvents;
    },
  };
}
