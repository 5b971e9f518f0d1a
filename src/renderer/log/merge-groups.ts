import type { CachedEntry } from '../store/log-cache';

/** A merged row holds at most this many chunks, so one row never swallows a whole flood. */
export const MAX_MERGED_CHUNKS = 64;
/** How far back a group's first chunk is looked for; past it, grouping starts anew. */
const MAX_LOOK_BACK = 4096;

/**
 * How rows `from`..`to` show with "merge within N ms": each entry either heads a row holding it
 * and the chunks merged into it, or is folded into the row above (`null`). Entries not held by
 * the page are absent (they show as placeholders).
 */
export type MergedRows = ReadonlyMap<number, readonly CachedEntry[] | null>;

const groups = new WeakMap<CachedEntry, Map<number, readonly CachedEntry[]>>();

/**
 * The same array for the same group (a head entry and a length) on every render, so rows that
 * did not change are not rendered again.
 */
export function stableGroup(entries: readonly CachedEntry[]): readonly CachedEntry[] {
  const head = entries[0]!;
  let byLength = groups.get(head);
  if (!byLength) groups.set(head, (byLength = new Map()));
  const known = byLength.get(entries.length);
  if (known && known.every((entry, i) => entry === entries[i])) return known;
  byLength.set(entries.length, entries);
  return entries;
}

function mergeKey(entry: CachedEntry) {
  const from = entry.connectionId ?? `${entry.peer.host}|${entry.peer.port}`;
  // What the engine sent on its own never merges with what the user sent.
  const by =
    entry.auto === undefined
      ? ''
      : entry.auto.kind === 'echo'
        ? '/echo'
        : `/rule:${entry.auto.ruleId}`;
  return `${from}/${entry.direction}${by}`;
}

/**
 * Display only: consecutive chunks of one stream (a TCP connection and direction, or one UDP
 * peer and direction) that arrive within `withinMs` of their group's first chunk show as one
 * entry. `noteAfter(seq)` is true where a note stands between two entries: they stay apart.
 */
export function mergeRows(
  get: (seq: number) => CachedEntry | undefined,
  from: number,
  to: number,
  withinMs: number,
  noteAfter: (seq: number) => boolean,
): MergedRows {
  const rows = new Map<number, readonly CachedEntry[] | null>();
  const linked = (previous: CachedEntry | undefined, entry: CachedEntry | undefined) =>
    previous !== undefined &&
    entry !== undefined &&
    !noteAfter(previous.seq) &&
    mergeKey(previous) === mergeKey(entry);

  // Groups are made from the start of a run of linked entries, so find it.
  let start = from;
  while (start > from - MAX_LOOK_BACK && linked(get(start - 1), get(start))) start--;

  let group: CachedEntry[] | undefined;
  let groupSeq = 0;
  const close = () => {
    if (group && groupSeq >= from) rows.set(groupSeq, stableGroup(group));
  };
  for (let seq = start; ; seq++) {
    const entry = get(seq);
    const head = group?.[0];
    const joins =
      group !== undefined &&
      head !== undefined &&
      entry !== undefined &&
      linked(group[group.length - 1], entry) &&
      entry.at - head.at <= withinMs &&
      group.length < MAX_MERGED_CHUNKS;
    if (joins) {
      group!.push(entry);
      if (seq >= from && seq <= to) rows.set(seq, null);
      continue;
    }
    close();
    // The group of the last row asked for is complete: done.
    if (seq > to) break;
    group = entry ? [entry] : undefined;
    groupSeq = seq;
  }
  return rows;
}
