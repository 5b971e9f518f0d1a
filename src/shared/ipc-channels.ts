/** The Electron IPC channel names: one spelling for the main process's handlers and the preload. */
import type { CommandName } from './contract';

export const COMMAND_CHANNEL_PREFIX = 'netassist:command:';
export const EVENTS_CHANNEL = 'netassist:events';
export const SETTINGS_LOAD_CHANNEL = 'netassist:settings:load';
export const SETTINGS_SAVE_CHANNEL = 'netassist:settings:save';

export function commandChannel(command: CommandName): string {
  return `${COMMAND_CHANNEL_PREFIX}${command}`;
}
