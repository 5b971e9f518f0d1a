/**
 * Electron's IPC clones a Uint8Array together with its whole ArrayBuffer (V8's serializer does,
 * like `structuredClone`), and the engine's bytes are views into its log's arenas (4 MiB each):
 * a 10-byte chunk would cross as 4 MiB. These copy one message's bytes into a single buffer of
 * their exact total size first (one copy, one buffer for the page to keep or drop).
 */
import type { EngineEvent, LogEntry } from '../../shared/contract';

export function packEventBytes(events: readonly EngineEvent[]): EngineEvent[] {
  return packBytes(
    events,
    (event) => (event.type === 'data' ? event.bytes : undefined),
    (event, bytes) => ({ ...event, bytes }),
  );
}

export function packEntryBytes(entries: readonly LogEntry[]): LogEntry[] {
  return packBytes(
    entries,
    (entry) => entry.bytes,
    (entry, bytes) => ({ ...entry, bytes }),
  );
}

function packBytes<T>(
  items: readonly T[],
  bytesOf: (item: T) => Uint8Array | undefined,
  withBytes: (item: T, bytes: Uint8Array) => T,
): T[] {
  let total = 0;
  for (const item of items) total += bytesOf(item)?.length ?? 0;
  const packed = new Uint8Array(total);
  let offset = 0;
  return items.map((item) => {
    const bytes = bytesOf(item);
    if (!bytes) return item;
    const copy = packed.subarray(offset, offset + bytes.length);
    copy.set(bytes);
    offset += bytes.length;
    return withBytes(item, copy);
  });
}
