import type { CachedEntry } from '../store/log-cache';

/** An entry's bytes, or a merged group's, up to `limit` (the rest waits for "Show all"). */
export interface ShownBytes {
  bytes: Uint8Array;
  /** All the bytes of the entry or group, including those the page does not hold. */
  total: number;
  /** Fewer bytes shown than the entry or group has. */
  cut: boolean;
}

const memo = new WeakMap<readonly CachedEntry[], Map<number, ShownBytes>>();

/** The entry's whole length: more than its bytes when the engine sent only its start. */
export function entryLength(entry: CachedEntry): number {
  return entry.fullLength ?? entry.bytes.length;
}

/**
 * The first `limit` bytes of the entries, joined. They stop early at an entry the page holds cut
 * short (fetched with readLog's maxEntryBytes): the next entry's bytes do not follow on from it.
 */
function joinedBytes(entries: readonly CachedEntry[], limit: number): Uint8Array {
  if (entries.length === 1) {
    const { bytes } = entries[0]!;
    return bytes.length > limit ? bytes.subarray(0, limit) : bytes;
  }
  let known = 0;
  for (const entry of entries) {
    known += entry.bytes.length;
    if (known >= limit || entry.bytes.length < entryLength(entry)) break;
  }
  const joined = new Uint8Array(Math.min(known, limit));
  let at = 0;
  for (const entry of entries) {
    if (at >= joined.length) break;
    const part = entry.bytes.subarray(0, joined.length - at);
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

export function shownBytes(entries: readonly CachedEntry[], limit: number): ShownBytes {
  let byLimit = memo.get(entries);
  const known = byLimit?.get(limit);
  if (known) return known;
  const total = entries.reduce((sum, entry) => sum + entryLength(entry), 0);
  const bytes = joinedBytes(entries, limit);
  const shown: ShownBytes = { bytes, total, cut: bytes.length < total };
  if (!byLimit) memo.set(entries, (byLimit = new Map()));
  byLimit.set(limit, shown);
  return shown;
}
