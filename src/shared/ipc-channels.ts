/** The Electron IPC channel names: one spelling for the main process's handlers and the preload. */
import type { CommandName } from './contract';

export const COMMAND_CHANNEL_PREFIX = 'netassist:command:';
/** main → page: `(events, batch)`, a batch of events and its number (1, 2, 3, … per window). */
export const EVENTS_CHANNEL = 'netassist:events';
/**
 * page → main: `(batch)`, every batch up to this number has been applied (flow control: the main
 * process sends only a few batches ahead of these). NEW_PAGE_ACK instead of a number: a page just
 * loaded, so batches sent to the one before it will never be acknowledged.
 */
export const EVENTS_ACK_CHANNEL = 'netassist:events:ack';
export const NEW_PAGE_ACK = 0;
export const SETTINGS_LOAD_CHANNEL = 'netassist:settings:load';
export const SETTINGS_SAVE_CHANNEL = 'netassist:settings:save';

export function commandChannel(command: CommandName): string {
  return `${COMMAND_CHANNEL_PREFIX}${command}`;
}
