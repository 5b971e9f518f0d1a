import type { EncodingName } from '../../shared/contract';
import { StreamDecoder, decodeText } from '../../shared/codec/text-decoder';
import type { CachedEntry } from '../store/log-cache';
import { streamOf } from '../store/log-cache';
import { shownBytes } from './entry-bytes';

/** Texts kept for rows that scroll back into view; past this the oldest half goes. */
const MAX_TEXTS = 4000;
const NO_BYTES = new Uint8Array(0);

interface StreamCursor {
  decoder: StreamDecoder;
  /** The entry the decoder has just read: the stream's next one can go on from here. */
  lastSeq: number;
}

/**
 * Text for the log rows on screen, decoded from their bytes in one encoding, only when a row is
 * shown. TCP is a stream: a character can be split across two entries. An entry that follows the
 * one last decoded on its stream (they arrived in order) goes on with that stream's decoder, which
 * is cheap; any other (a fetched page, after a gap, a cut or merged row) is decoded by a fresh
 * decoder fed the entry's `prefix` first — the stream's bytes before it, whose text is dropped —
 * so a split character still shows whole. A UDP datagram is a message of its own, decoded alone.
 */
export class LogTextDecoder {
  private readonly texts = new Map<string, string>();
  private readonly cursors = new Map<string, StreamCursor>();

  constructor(readonly encoding: EncodingName) {}

  /** The text of one entry, or of a merged group of consecutive entries of one stream. */
  text(entries: readonly CachedEntry[], limit: number): string {
    const head = entries[0];
    if (!head) return '';
    // Until its prefix is known, an entry is decoded without it: a different text.
    const guess = head.prefix === undefined ? '?' : '';
    // An entry the page holds cut short (readLog's maxEntryBytes) has another text once whole.
    const held = shownBytes(entries, limit).bytes.length;
    const key = `${head.seq}+${entries.length}/${limit}/${held}${guess}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      text = this.decode(entries, limit);
      if (this.texts.size >= MAX_TEXTS) this.forgetOldest();
      this.texts.set(key, text);
    }
    return text;
  }

  private decode(entries: readonly CachedEntry[], limit: number): string {
    const head = entries[0]!;
    const shown = shownBytes(entries, limit);
    const stream = streamOf(head);
    if (stream === undefined) return decodeText(shown.bytes, this.encoding);
    const whole = entries.length === 1 && !shown.cut;
    const cursor = this.cursors.get(stream);
    if (whole && cursor && head.previousInStream === cursor.lastSeq) {
      cursor.lastSeq = head.seq;
      return cursor.decoder.decode(shown.bytes);
    }
    const decoder = new StreamDecoder(this.encoding);
    decoder.decode(head.prefix ?? NO_BYTES);
    const text = decoder.decode(shown.bytes);
    // Only a decoder that has read the whole entry can go on with the stream's next one.
    if (whole) this.cursors.set(stream, { decoder, lastSeq: head.seq });
    return text;
  }

  private forgetOldest() {
    let drop = this.texts.size / 2;
    for (const key of this.texts.keys()) {
      if (drop-- <= 0) break;
      this.texts.delete(key);
    }
  }
}
