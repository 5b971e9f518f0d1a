import type { CachedEntry } from '../store/log-cache';

/** An entry's bytes, or a merged group's, up to `limit` (the rest waits for "Show all"). */
export interface ShownBytes {
  bytes: Uint8Array;
  /** All the bytes of the entry or group. */
  total: number;
  cut: boolean;
}

const memo = new WeakMap<readonly CachedEntry[], Map<number, ShownBytes>>();

export function shownBytes(entries: readonly CachedEntry[], limit: number): ShownBytes {
  let byLimit = memo.get(entries);
  const known = byLimit?.get(limit);
  if (known) return known;
  const total = entries.reduce((sum, entry) => sum + entry.bytes.length, 0);
  let shown: ShownBytes;
  if (entries.length === 1) {
    const { bytes } = entries[0]!;
    shown = { bytes: total > limit ? bytes.subarray(0, limit) : bytes, total, cut: total > limit };
  } else {
    const joined = new Uint8Array(Math.min(total, limit));
    let at = 0;
    for (const entry of entries) {
      if (at >= joined.length) break;
      const part = entry.bytes.subarray(0, joined.length - at);
      joined.set(part, at);
      at += part.length;
    }
    shown = { bytes: joined, total, cut: total > limit };
  }
  if (!byLimit) memo.set(entries, (byLimit = new Map()));
  byLimit.set(limit, shown);
  return shown;
}
