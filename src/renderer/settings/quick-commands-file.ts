/**
 * Quick commands as a JSON file the user exports and imports (to move them to another machine or
 * share them): `{ "format": "netassist-quick-commands", "version": 1, "commands": [...],
 * "sequence": {...} }`. Import reads what it can trust and refuses a file with no commands.
 */
import type { QuickCommand, Sequence } from '../store/automation-state';
import { isObject, readQuickCommands, readSequence } from './read-automation';

export const QUICK_COMMANDS_FORMAT = 'netassist-quick-commands';
export const EXPORT_FILE_NAME = 'netassist-quick-commands.json';

export function exportQuickCommands(commands: readonly QuickCommand[], sequence: Sequence): string {
  return `${JSON.stringify(
    { format: QUICK_COMMANDS_FORMAT, version: 1, commands, sequence },
    null,
    2,
  )}\n`;
}

export type ImportResult =
  | { ok: true; commands: QuickCommand[]; sequence?: Sequence }
  | { ok: false; problem: 'json'; detail: string }
  | { ok: false; problem: 'shape' };

/** A bare array of commands is accepted too (a hand-written file). */
export function importQuickCommands(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, problem: 'json', detail: (error as Error).message };
  }
  const list = Array.isArray(raw) ? raw : isObject(raw) ? raw.commands : undefined;
  if (!Array.isArray(list)) return { ok: false, problem: 'shape' };
  const commands = readQuickCommands(list);
  if (commands.length === 0 || commands.length !== list.length) {
    return { ok: false, problem: 'shape' };
  }
  const ids = new Set(commands.map((c) => c.id));
  if (!isObject(raw) || !isObject(raw.sequence)) return { ok: true, commands };
  const sequence = readSequence(raw.sequence);
  return {
    ok: true,
    commands,
    sequence: { ...sequence, steps: sequence.steps.filter((s) => ids.has(s.commandId)) },
  };
}

/** Saves `text` as a download, as a link the user clicked would. */
export function downloadJson(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Chromium reads the Blob when the click is handled; revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
