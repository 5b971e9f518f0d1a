import { useEffect } from 'react';
import type { QuickCommand } from '../store/automation-state';
import { QUICK_SHORTCUTS } from '../store/automation-state';

/**
 * Alt+1 … Alt+9 send the first nine quick commands from anywhere in the tab. `code` rather than
 * `key`: on a Mac, Alt turns the digit keys into other characters.
 */
export function useQuickShortcuts(
  commands: readonly QuickCommand[],
  send: (command: QuickCommand) => void,
) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const match = /^Digit([1-9])$/.exec(event.code);
      if (!match) return;
      const index = Number(match[1]) - 1;
      const command = index < QUICK_SHORTCUTS ? commands[index] : undefined;
      if (!command) return;
      event.preventDefault();
      send(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [commands, send]);
}
