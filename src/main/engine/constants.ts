/** The engine's tunables, in one place. */

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** After a graceful `end()`, how long to wait for the peer's FIN before destroying the socket. */
export const GRACEFUL_CLOSE_MS = 1000;

/** Default bind address of a TCP server (every IPv4 interface, as NetAssist does). */
export const DEFAULT_SERVER_HOST = '0.0.0.0';

/**
 * UDP receive buffer: large so a burst of datagrams waits in the kernel instead of being dropped
 * while the event loop is busy. The kernel caps it at net.core.rmem_max.
 */
export const UDP_RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

/** Payload limits of one datagram (65535 − IP and UDP headers). */
export const UDP_MAX_PAYLOAD_IPV4 = 65507;
export const UDP_MAX_PAYLOAD_IPV6 = 65527;

/** A session's log keeps at most this many entries and payload bytes (oldest evicted first). */
export const DEFAULT_LOG_LIMITS = { maxEntries: 1_000_000, maxBytes: 256 * 1024 * 1024 };

/** Small payloads are copied into arenas of this size (a larger chunk gets an arena of its own). */
export const LOG_ARENA_BYTES = 4 * 1024 * 1024;

/**
 * Emptied arenas are re-used only in a log at least this large, so a chunk someone still holds
 * (a data event waiting for its batch, a file write in flight: a few hundred KiB, 8 MiB at most)
 * is never overwritten; smaller logs leave emptied arenas to the garbage collector.
 */
export const LOG_REUSE_MIN_BYTES = 64 * 1024 * 1024;

/** The most entries one `readLog` returns. */
export const MAX_READ_LOG_ENTRIES = 10_000;

/** The most payload bytes one `readLog` returns (its default and its ceiling). */
export const MAX_READ_LOG_BYTES = 16 * 1024 * 1024;

/** How often a busy session sends its counters and log window (at most). */
export const STATUS_INTERVAL_MS = 16;

/** Receive-to-file's write buffer: several socket reads, so the disk rarely pauses the socket. */
export const CAPTURE_FILE_BUFFER_BYTES = 8 * 1024 * 1024;

/** How often a periodic send or a file send reports its progress (at most). */
export const PROGRESS_INTERVAL_MS = 100;

/** The longest periodic interval: timers wait at most 2^31 − 1 ms (about 24.8 days). */
export const MAX_PERIODIC_INTERVAL_MS = 2_147_483_647;

/** Auto-replies waiting to go out; beyond this the newest are dropped (two Echoes facing). */
export const MAX_PENDING_REPLIES = 1000;

/**
 * Bytes of auto-replies waiting to go out: an Echo of large chunks to a peer that does not read
 * stops here (about one largest payload) instead of at MAX_PENDING_REPLIES × 64 KiB reads.
 */
export const MAX_PENDING_REPLY_BYTES = 16 * 1024 * 1024;

/**
 * Streams (TCP connections, UDP peers) whose unfinished message the framing keeps, each up to
 * MAX_FRAME_BYTES; past this the least recently heard stream's bytes are logged as they are and
 * it starts afresh.
 */
export const MAX_FRAMED_STREAMS = 1024;

/** The most matches one `findInLog` answers. */
export const MAX_FIND_MATCHES = 10_000;

/**
 * What one `findInLog` looks at, at most: entries and payload bytes. A million-entry log is
 * searched in steps, so the event loop that reads every socket is never held for long.
 */
export const FIND_STEP_ENTRIES = 100_000;
export const FIND_STEP_BYTES = 16 * 1024 * 1024;
/**
 * A text search decodes every payload: 16 MiB of binary as UTF-8 took ~0.5 s (every byte a
 * U+FFFD), 4 MiB stays near 0.1 s.
 */
export const FIND_STEP_TEXT_BYTES = 4 * 1024 * 1024;

/**
 * An export reads the log in pages of at most this many entries and payload bytes, and lets the
 * sockets be read between pages: formatting 1 MiB of binary as CSV (hex and text) held the event
 * loop ~90 ms, a quarter of that ~25 ms.
 */
export const EXPORT_PAGE_ENTRIES = 1000;
export const EXPORT_PAGE_BYTES = 256 * 1024;

/**
 * A TCP send is refused (SEND_QUEUE_FULL) while this many bytes already wait in Node's buffer for
 * a peer that does not read: a second Send, a quick command or a sequence would otherwise grow
 * memory without bound. A single larger send when little waits still goes (16 MiB payloads are
 * allowed), so memory stays under this plus the largest payload, per connection.
 */
export const SEND_QUEUE_LIMIT = 8 * 1024 * 1024;

/**
 * While bytes wait for a peer that does not read, a counters event is sent when the amount
 * changed (looked at every STATUS_INTERVAL_MS), and at least this often even when it did not, so
 * a page that reloaded meanwhile learns it too.
 */
export const UNSENT_REPORT_MS = 1000;
