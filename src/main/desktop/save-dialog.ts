/**
 * The desktop's files (receive to file, log to file) go where the user picks in a save dialog,
 * offered in the Downloads folder under a name that says which session and when.
 */
import { join } from 'node:path';
import type { BaseWindow, Dialog } from 'electron';
import type { FileKind } from '../../shared/contract';
import { fail } from '../../shared/errors';
import type { FileDestinations } from '../engine/file-destination';
import { openFileAt } from '../engine/file-on-disk';
import { suggestedFileName } from '../engine/file-name';

const FILTERS: Record<FileKind, { name: string; extensions: string[] }[]> = {
  capture: [{ name: 'Binary', extensions: ['bin'] }],
  log: [{ name: 'JSON Lines', extensions: ['jsonl'] }],
};

/** `window`: the dialog's parent (it is modal to the window that asked). */
export function saveDialogFiles(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  window: BaseWindow,
  folder: string,
): FileDestinations {
  return {
    async choose({ sessionId, kind }) {
      const defaultPath = join(folder, suggestedFileName(sessionId, kind, new Date()));
      const chosen = await dialog.showSaveDialog(window, { defaultPath, filters: FILTERS[kind] });
      if (chosen.canceled || !chosen.filePath) return fail('CANCELLED', { what: 'dialog' });
      const opened = await openFileAt(chosen.filePath);
      if (!opened.ok) return opened;
      return { ok: true, destination: { name: chosen.filePath, output: opened.output } };
    },
  };
}
