import type { LogWindow } from '../../shared/contract';
import type { LogNote, LogState } from './state';
import { EMPTY_WINDOW, emptyLog } from './state';

/** Notes kept per session, oldest dropped first (they are few: connects, disconnects). */
export const MAX_LOG_NOTES = 1000;

/**
 * The newer of two views of the same log. Every field only grows within a session (Clear moves
 * `firstSeq` past `lastSeq`), so views that arrive out of order (a response overtaking events
 * that were waiting for a frame) cannot move the log back.
 */
export function newerWindow(a: LogWindow, b: LogWindow): LogWindow {
  const firstSeq = Math.max(a.firstSeq, b.firstSeq);
  const lastSeq = Math.max(a.lastSeq, b.lastSeq, firstSeq - 1);
  const evicted = Math.max(a.evicted, b.evicted);
  if (firstSeq === a.firstSeq && lastSeq === a.lastSeq && evicted === a.evicted) return a;
  return { firstSeq, lastSeq, evicted };
}

export function withWindow(log: LogState, window: LogWindow): LogState {
  const next = newerWindow(log.window, window);
  if (next === log.window) return log;
  // A note whose entries are all gone from the log would stand above unrelated traffic.
  const first = log.notes.findIndex((note) => note.afterSeq >= next.firstSeq - 1);
  const notes = first === 0 ? log.notes : first < 0 ? [] : log.notes.slice(first);
  return { ...log, window: next, notes };
}

/** A data event: entry `seq` exists. */
export function withEntry(log: LogState, seq: number): LogState {
  if (seq <= log.window.lastSeq || seq < log.window.firstSeq) return log;
  return { ...log, window: { ...log.window, lastSeq: seq } };
}

export function withNote(log: LogState, note: Omit<LogNote, 'id' | 'afterSeq'>): LogState {
  const added: LogNote = { ...note, id: log.nextNoteId, afterSeq: log.window.lastSeq };
  const notes = [...log.notes, added];
  return {
    ...log,
    notes: notes.length > MAX_LOG_NOTES ? notes.slice(-MAX_LOG_NOTES) : notes,
    nextNoteId: log.nextNoteId + 1,
  };
}

/** After Clear: the engine's window (now empty), no notes, and decoders start over. */
export function clearedLog(log: LogState, window: LogWindow): LogState {
  const next = newerWindow(log.window, window);
  return {
    ...emptyLog(log.epoch + 1),
    window: next,
    nextNoteId: log.nextNoteId,
    paused: log.paused ? { lastSeq: next.lastSeq, noteId: log.nextNoteId - 1 } : undefined,
    revision: log.revision + 1,
  };
}

/** A new session behind the tab (created, or re-created after the host forgot the old one). */
export function freshLog(log: LogState, window: LogWindow = EMPTY_WINDOW): LogState {
  return { ...emptyLog(log.epoch + 1), window, revision: log.revision + 1 };
}

export function pauseLog(log: LogState, paused: boolean): LogState {
  if (paused === (log.paused !== undefined)) return log;
  return {
    ...log,
    paused: paused ? { lastSeq: log.window.lastSeq, noteId: log.nextNoteId - 1 } : undefined,
  };
}

/** Entries fetched with readLog are in the cache: the view has something new to show. */
export function fetchedInto(log: LogState, window: LogWindow): LogState {
  const next = withWindow(log, window);
  return { ...next, revision: next.revision + 1 };
}

/** Entries (and notes) that arrived while the view was paused. */
export function hiddenCount(log: LogState): number {
  const { paused } = log;
  if (!paused) return 0;
  const shownLast = Math.max(paused.lastSeq, log.window.firstSeq - 1);
  const notes = log.notes.filter((note) => note.id > paused.noteId).length;
  return Math.max(0, log.window.lastSeq - shownLast) + notes;
}
