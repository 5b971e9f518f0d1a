/**
 * What a page gets of a data event: the start of a large chunk, not all of it. A page shows about
 * a kilobyte per row, and the log holds every byte for the rows that want more (`readLog`), so
 * under a flood of 64 KiB reads the host no longer encodes, and the page no longer decodes, 64
 * times what anyone sees.
 */
import type { EngineEvent } from '../../shared/contract';

/**
 * Bytes of one chunk a page gets with its data event: what a row shows by default (a row set to
 * show more fetches the rest with readLog). 4 KiB measured worse under a flood: host RSS up to
 * 399 MiB and 100 ms frames, against 372–382 MiB and 50–83 ms.
 */
export const PAGE_DATA_MAX_BYTES = 1024;
/** The tail a page needs to decode the next chunk's first characters (see LogEntry.prefix). */
const TAIL_BYTES = 4;

export function forPage(event: EngineEvent, maxBytes = PAGE_DATA_MAX_BYTES): EngineEvent {
  if (event.type !== 'data' || event.bytes.length <= maxBytes) return event;
  const { bytes } = event;
  return {
    ...event,
    bytes: bytes.subarray(0, maxBytes),
    fullLength: bytes.length,
    tail: bytes.subarray(bytes.length - TAIL_BYTES),
  };
}
