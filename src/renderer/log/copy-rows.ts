import type { CommandApi, EncodingName, Failure, LogEntry } from '../../shared/contract';
import { formatHex } from '../../shared/codec/hex';
import { StreamDecoder, decodeText } from '../../shared/codec/text-decoder';
import { formatAddress } from '../../shared/errors';
import { formatStamp, formatTime } from './format-time';
import type { TimestampMode } from './format-time';
import { visiblePieces } from './visible-text';

/** Copy takes at most this many rows; more is what Export log is for. */
export const MAX_COPY_ENTRIES = 10_000;
/** …and this much payload (a clipboard of hundreds of MiB freezes the page that pastes it). */
export const MAX_COPY_BYTES = 16 * 1024 * 1024;
/** Entries per readLog while copying (the engine's ceiling is 10,000). */
const READ_PAGE_ENTRIES = 2000;

const NO_BYTES = new Uint8Array(0);
const upper = { rx: 'RX', tx: 'TX' } as const;

/** How the view shows rows, for copying them as shown. */
export interface CopyView {
  encoding: EncodingName;
  hexDisplay: boolean;
  /** Absent: timestamps off. */
  timestampMode?: TimestampMode;
  /** `since-start`: the first kept entry's time. */
  startAt?: number;
}

/** The payload as one line of text: control characters as the escapes the log shows. */
function payloadText(entry: LogEntry, encoding: EncodingName): string {
  let text: string;
  if (entry.connectionId === undefined) text = decodeText(entry.bytes, encoding);
  else {
    // A TCP entry goes on from its stream's bytes before it: a split character comes out whole.
    const decoder = new StreamDecoder(encoding);
    decoder.decode(entry.prefix ?? NO_BYTES);
    text = decoder.decode(entry.bytes) + decoder.flush();
  }
  return visiblePieces(text)
    .map((piece) => (piece.symbol ? piece.text.replace(/\n$/, '') : piece.text))
    .join('');
}

/**
 * The rows as the log shows them, one line each: time (in the Timestamps mode), direction, peer,
 * then the payload as text or hex. `before`: the entry before the first one, for "since previous".
 */
export function copyText(entries: readonly LogEntry[], view: CopyView, before?: LogEntry): string {
  const lines: string[] = [];
  let previous = before;
  for (const entry of entries) {
    const peer = formatAddress(entry.peer.host, entry.peer.port);
    const payload = view.hexDisplay ? formatHex(entry.bytes) : payloadText(entry, view.encoding);
    const mode = view.timestampMode;
    let stamp = '';
    if (mode === 'absolute') stamp = `${formatTime(entry.at)} `;
    else if (mode !== undefined) {
      const reference = mode === 'since-start' ? view.startAt : (previous?.at ?? entry.at);
      stamp = `${formatStamp(mode, entry.at, reference)} `;
    }
    lines.push(`${stamp}${upper[entry.direction]} ${peer} → ${payload}`);
    previous = entry;
  }
  return lines.join('\n');
}

export type ReadSelected =
  | { ok: true; entries: LogEntry[]; before?: LogEntry }
  | { ok: 'too-large'; count: number }
  | Failure;

/**
 * The entries `seqs` (ascending) read whole from the engine, with the one before the first: at
 * most MAX_COPY_ENTRIES of them and MAX_COPY_BYTES of payload, else `too-large`. Entries the
 * engine evicted meanwhile are left out.
 */
export async function readSelected(
  readLog: CommandApi['readLog'],
  sessionId: string,
  seqs: readonly number[],
): Promise<ReadSelected> {
  if (seqs.length > MAX_COPY_ENTRIES) return { ok: 'too-large', count: seqs.length };
  const entries: LogEntry[] = [];
  let before: LogEntry | undefined;
  let bytes = 0;
  let index = 0;
  let first = true;
  while (index < seqs.length) {
    const fromSeq = seqs[index]!;
    // One read covers the wanted seqs close after this one (sparse matches: a few reads).
    let last = index;
    while (last + 1 < seqs.length && seqs[last + 1]! - fromSeq < READ_PAGE_ENTRIES) last++;
    const withBefore = first && fromSeq > 1;
    first = false;
    const read = await readLog({
      sessionId,
      fromSeq: withBefore ? fromSeq - 1 : fromSeq,
      count: seqs[last]! - fromSeq + 1 + (withBefore ? 1 : 0),
      maxBytes: MAX_COPY_BYTES,
    });
    if (!read.ok) return read;
    if (read.entries.length === 0) break;
    let upTo = index;
    for (const entry of read.entries) {
      if (withBefore && entry.seq === fromSeq - 1) before = entry;
      while (upTo <= last && seqs[upTo]! < entry.seq) upTo++;
      if (upTo > last || seqs[upTo] !== entry.seq) continue;
      entries.push(entry);
      bytes += entry.bytes.length;
      if (bytes > MAX_COPY_BYTES) return { ok: 'too-large', count: seqs.length };
    }
    const lastRead = read.entries[read.entries.length - 1]!.seq;
    // Past the wanted seqs the engine no longer holds (evicted), or the page's byte cap.
    while (index < seqs.length && seqs[index]! <= Math.max(lastRead, read.firstSeq - 1)) index++;
  }
  return { ok: true, entries, ...(before ? { before } : {}) };
}
