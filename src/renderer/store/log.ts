import type { LogEntry, LogState } from './state';
import { emptyLog } from './state';

/** Past either cap the oldest entries go, down to TRIM_TO of it, so trimming is rare. */
export const MAX_LOG_ENTRIES = 50_000;
export const MAX_LOG_BYTES = 64 * 1024 * 1024;
const TRIM_TO = 0.8;

type NewEntry = LogEntry extends infer E ? (E extends LogEntry ? Omit<E, 'id'> : never) : never;

function sizeOf(entry: LogEntry) {
  return entry.kind === 'data' ? entry.bytes.length : 0;
}

/** Appends a batch at once: one array copy per batch, not per chunk. */
export function appendEntries(log: LogState, added: readonly NewEntry[]): LogState {
  if (added.length === 0) return log;
  let nextId = log.nextId;
  let bytes = log.bytes;
  const fresh = added.map((entry) => {
    const withId = { ...entry, id: nextId++ } as LogEntry;
    bytes += sizeOf(withId);
    return withId;
  });
  let entries = log.entries.concat(fresh);
  let trimmed = log.trimmed;
  if (entries.length > MAX_LOG_ENTRIES || bytes > MAX_LOG_BYTES) {
    let drop = Math.max(0, entries.length - Math.floor(MAX_LOG_ENTRIES * TRIM_TO));
    for (const entry of entries.slice(0, drop)) bytes -= sizeOf(entry);
    while (bytes > MAX_LOG_BYTES * TRIM_TO && drop < entries.length - 1) {
      bytes -= sizeOf(entries[drop]!);
      drop++;
    }
    entries = entries.slice(drop);
    trimmed = true;
  }
  return { ...log, entries, nextId, bytes, trimmed };
}

export function clearLog(log: LogState): LogState {
  return { ...emptyLog(log.epoch + 1), nextId: log.nextId };
}

export function pauseLog(log: LogState, paused: boolean): LogState {
  const lastId = log.entries.at(-1)?.id ?? log.nextId - 1;
  return { ...log, pausedAtId: paused ? lastId : undefined };
}

/** The entries the view shows: all of them, or those up to the pause. */
export function visibleEntries(log: LogState): readonly LogEntry[] {
  if (log.pausedAtId === undefined) return log.entries;
  const first = log.entries[0]?.id ?? log.nextId;
  return log.entries.slice(0, Math.max(0, log.pausedAtId - first + 1));
}

export type { NewEntry };
