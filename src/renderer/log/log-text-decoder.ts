import type { EncodingName } from '../../shared/contract';
import { StreamDecoder, decodeText } from '../../shared/codec/text-decoder';
import type { DataEntry, LogEntry } from '../store/state';

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

  private decode(entry: DataEntry): string {
    if (this.datagrams) return decodeText(entry.bytes, this.encoding);
    const key = streamKey(entry);
    let decoder = this.streams.get(key);
    if (!decoder) {
      decoder = new StreamDecoder(this.encoding);
      this.streams.set(key, decoder);
    }
    return decoder.decode(entry.bytes);
  }

  /** Texts of entries the log has dropped. Map keys keep insertion (id) order. */
  private forgetBefore(firstId: number) {
    for (const id of this.texts.keys()) {
      if (id >= firstId) break;
      this.texts.delete(id);
    }
  }
}
