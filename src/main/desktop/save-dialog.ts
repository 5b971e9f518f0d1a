/**
 * The desktop's files (receive to file, log to file, log export) go where the user picks in a save dialog,
 * offered in the Downloads folder under a name that says which session and when.
 */
import { join } from 'node:path';
import type { BaseWindow, Dialog } from 'electron';
import { fail } from '../../shared/errors';
import type { FileDestinations } from '../engine/file-destination';
import { openFileAt } from '../engine/file-on-disk';
import { fileTypeOf, suggestedFileName } from '../engine/file-name';

/** `window`: the dialog's parent (it is modal to the window that asked). */
export function saveDialogFiles(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  window: BaseWindow,
  folder: string,
): FileDestinations {
  return {
    async choose(request) {
      const defaultPath = join(folder, suggestedFileName(request, new Date()));
      const { description, extension } = fileTypeOf(request);
      const filters = [{ name: description, extensions: [extension] }];
      const chosen = await dialog.showSaveDialog(window, { defaultPath, filters });
      if (chosen.canceled || !chosen.filePath) return fail('CANCELLED', { what: 'dialog' });
      const opened = await openFileAt(chosen.filePath);
      if (!opened.ok) return opened;
      return { ok: true, destination: { name: chosen.filePath, output: opened.output } };
    },
  };
}
