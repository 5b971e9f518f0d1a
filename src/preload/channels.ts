/**
 * The IPC channel names, as src/main/bridge/electron-ipc.ts spells them (the preload may not
 * import from src/main). tests/unit/preload.test.ts runs this preload against those handlers,
 * so the two cannot drift apart unnoticed.
 */
import type { CommandName } from '../shared/contract';

export const EVENTS_CHANNEL = 'netassist:events';
export const SETTINGS_LOAD_CHANNEL = 'netassist:settings:load';
export const SETTINGS_SAVE_CHANNEL = 'netassist:settings:save';

export function commandChannel(command: CommandName): string {
  return `netassist:command:${command}`;
}
