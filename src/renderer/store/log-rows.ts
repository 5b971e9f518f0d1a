import type { LogNote, LogState } from './state';

/**
 * The rows the log view shows: every entry `firstSeq`..`lastSeq` the engine holds (up to the
 * pause), with the page's notes between them. Rows are addressed by index without building a
 * list, so a million entries cost nothing until they are on screen.
 */
export interface LogRows {
  firstSeq: number;
  /** The last entry shown (below the pause point while paused). */
  lastSeq: number;
  /** Notes shown, in order (by `afterSeq`, then `id`). */
  notes: readonly LogNote[];
  count: number;
  /**
   * Only matches: the entries shown are these seqs (ascending, no notes) instead of every seq
   * `firstSeq`..`lastSeq`; the viewport addresses them by index all the same.
   */
  matches?: SeqSlice;
}

/** Seqs `items[start]`..`items[end - 1]`, ascending. `items` only grows past `end`. */
export interface SeqSlice {
  items: readonly number[];
  start: number;
  end: number;
}

/** The first index in `slice` whose seq is at least `seq` (`slice.end` when none is). */
export function lowerBound(slice: SeqSlice, seq: number): number {
  let low = slice.start;
  let high = slice.end;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (slice.items[middle]! < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The rows of Only matches: the matching entries the log still holds (from the window's
 * `firstSeq`), up to the pause point while paused. Notes are not shown.
 */
export function matchRows(log: LogState, matches: SeqSlice): LogRows {
  const { window, paused } = log;
  const lastShown = paused ? Math.min(window.lastSeq, paused.lastSeq) : window.lastSeq;
  const start = lowerBound(matches, window.firstSeq);
  const end = lowerBound({ ...matches, start }, lastShown + 1);
  const slice = { items: matches.items, start, end };
  const count = end - start;
  return {
    firstSeq: count > 0 ? matches.items[start]! : window.firstSeq,
    lastSeq: count > 0 ? matches.items[end - 1]! : window.firstSeq - 1,
    notes: [],
    count,
    matches: slice,
  };
}

export type RowRef = { kind: 'data'; seq: number } | { kind: 'note'; note: LogNote };

const cache = new WeakMap<LogState, LogRows>();

export function shownRows(log: LogState): LogRows {
  let rows = cache.get(log);
  if (rows) return rows;
  const { window, paused } = log;
  const lastSeq = paused ? Math.min(window.lastSeq, paused.lastSeq) : window.lastSeq;
  const firstSeq = window.firstSeq;
  const notes = log.notes.filter(
    (note) =>
      note.afterSeq >= firstSeq - 1 &&
      note.afterSeq <= Math.max(lastSeq, firstSeq - 1) &&
      (!paused || note.id <= paused.noteId),
  );
  rows = { firstSeq, lastSeq, notes, count: Math.max(0, lastSeq - firstSeq + 1) + notes.length };
  cache.set(log, rows);
  return rows;
}

/** The row index of the k-th shown note. */
function noteRow(rows: LogRows, k: number) {
  return rows.notes[k]!.afterSeq - rows.firstSeq + 1 + k;
}

export function rowAt(rows: LogRows, index: number): RowRef {
  if (rows.matches) return { kind: 'data', seq: rows.matches.items[rows.matches.start + index]! };
  // The last note at or above `index` (−1: none), by binary search: note rows only grow.
  let low = 0;
  let high = rows.notes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (noteRow(rows, middle) <= index) low = middle + 1;
    else high = middle;
  }
  const k = low - 1;
  if (k >= 0 && noteRow(rows, k) === index) return { kind: 'note', note: rows.notes[k]! };
  return { kind: 'data', seq: rows.firstSeq + index - (k + 1) };
}

/** The row index of entry `seq` (which must be shown). */
export function rowOfSeq(rows: LogRows, seq: number): number {
  if (rows.matches) return lowerBound(rows.matches, seq) - rows.matches.start;
  let low = 0;
  let high = rows.notes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (rows.notes[middle]!.afterSeq < seq) low = middle + 1;
    else high = middle;
  }
  return seq - rows.firstSeq + low;
}

/**
 * A number that orders rows and stays with a row while rows above it come and go (entries
 * evicted, notes dropped): the entry's seq, or for a note a fraction after its entry.
 */
export function rowPosition(ref: RowRef): number {
  if (ref.kind === 'data') return ref.seq;
  return ref.note.afterSeq + 0.5 + (ref.note.id % 500) / 1000;
}

/** The row at or just after `position`, as an index (`count` when past the end). */
export function rowAtPosition(rows: LogRows, position: number): number {
  if (rows.matches) return lowerBound(rows.matches, Math.ceil(position)) - rows.matches.start;
  const seq = Math.floor(position);
  if (seq < rows.firstSeq) return 0;
  if (seq > rows.lastSeq) {
    // Past the last entry: maybe a note after it.
    let index = rows.count;
    while (index > 0) {
      const ref = rowAt(rows, index - 1);
      if (rowPosition(ref) < position) break;
      index--;
    }
    return index;
  }
  let index = rowOfSeq(rows, seq);
  if (position === seq) return index;
  // A note's position: the notes right after entry `seq`.
  index++;
  while (index < rows.count) {
    const ref = rowAt(rows, index);
    if (ref.kind === 'data' || rowPosition(ref) >= position) break;
    index++;
  }
  return index;
}
