import type { EncodingName } from '../../shared/contract';
import { StreamDecoder, decodeText } from '../../shared/codec/text-decoder';
import type { DataEntry, LogEntry } from '../store/state';

/** Past this many cached datagram texts, those of dropped entries are swept. */
const DATAGRAM_CACHE_LIMIT = 60_000;

function streamKey(entry: DataEntry) {
  return `${entry.connectionId ?? `${entry.peer.host}|${entry.peer.port}`}|${entry.direction}`;
}

/** Index of the first entry whose id is above `id` (entries are sorted by id). */
function firstAfter(entries: readonly LogEntry[], id: number) {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (entries[middle]!.id <= id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Text for log entries, decoded from their bytes at render time in one encoding. TCP is a stream,
 * so each (connection, direction) has its own `StreamDecoder` and entries are decoded in order: a
 * character split across two chunks shows whole in the second. A UDP datagram is a message of its
 * own and is decoded alone. Entries are decoded lazily, up to the last one on screen.
 */
export class LogTextDecoder {
  private readonly texts = new Map<number, string>();
  private readonly streams = new Map<string, StreamDecoder>();
  private decodedThrough = 0;

  constructor(
    readonly encoding: EncodingName,
    private readonly datagrams: boolean,
  ) {}

  textAt(entries: readonly LogEntry[], index: number): string {
    const target = entries[index];
    if (!target || target.kind !== 'data') return '';
    if (this.datagrams) return this.datagramText(target, entries[0]!.id);
    if (target.id > this.decodedThrough) {
      for (let i = firstAfter(entries, this.decodedThrough); i <= index; i++) {
        const entry = entries[i]!;
        if (entry.kind === 'data') this.texts.set(entry.id, this.decode(entry));
      }
      this.decodedThrough = target.id;
      this.forgetBefore(entries[0]!.id);
    }
    return this.texts.get(target.id) ?? '';
  }

  /** Datagrams do not depend on each other: only the rows on screen are decoded. */
  private datagramText(entry: DataEntry, firstId: number): string {
    let text = this.texts.get(entry.id);
    if (text === undefined) {
      text = decodeText(entry.bytes, this.encoding);
      this.texts.set(entry.id, text);
      this.forgetBefore(firstId);
    }
    return text;
  }

  private decode(entry: DataEntry): string {
    const key = streamKey(entry);
    let decoder = this.streams.get(key);
    if (!decoder) {
      decoder = new StreamDecoder(this.encoding);
      this.streams.set(key, decoder);
    }
    return decoder.decode(entry.bytes);
  }

  /** Texts of entries the log has dropped. */
  private forgetBefore(firstId: number) {
    // Sequential decoding inserts in id order, so the walk stops at the first kept entry. Datagram
    // texts are inserted in viewing order, hence the size check before walking them all.
    if (this.datagrams && this.texts.size < DATAGRAM_CACHE_LIMIT) return;
    for (const id of this.texts.keys()) {
      if (id < firstId) this.texts.delete(id);
      else if (!this.datagrams) break;
    }
  }
}
