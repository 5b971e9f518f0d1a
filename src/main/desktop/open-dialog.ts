/**
 * The desktop's file sends read the file the user picks in an open dialog, modal to the window
 * that asked.
 */
import type { BaseWindow, Dialog } from 'electron';
import { fail } from '../../shared/errors';
import type { FileSources } from '../engine/file-source';
import { openFileToRead } from '../engine/file-source';

export function openDialogSources(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  window: BaseWindow,
): FileSources {
  return {
    async choose() {
      const chosen = await dialog.showOpenDialog(window, { properties: ['openFile'] });
      const [path] = chosen.filePaths;
      if (chosen.canceled || path === undefined) return fail('CANCELLED', { what: 'dialog' });
      return openFileToRead(path);
    },
  };
}
