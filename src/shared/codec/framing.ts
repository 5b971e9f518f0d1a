/**
 * Framing for display and auto-reply matching: cuts a byte stream into messages by a delimiter,
 * a fixed length, or a length prefix, however the bytes arrived in chunks. The bytes themselves
 * and the counters never change; framing only decides where one message ends.
 */
import type { Failure, Framing } from '../contract';
import { fail } from '../errors';
import { parseHex } from './hex';

export type ByteFraming =
  /** Each message ends with `delimiter` (kept in the message), e.g. `\n`, `\r\n`, `0x7E`. */
  | { mode: 'delimiter'; delimiter: Uint8Array }
  /** Every message is `length` bytes. */
  | { mode: 'fixed'; length: number }
  /** A 1-, 2- or 4-byte length, then that many bytes; the message includes its prefix. */
  | { mode: 'length-prefixed'; prefixBytes: 1 | 2 | 4; byteOrder: 'big' | 'little' };

/**
 * The longest message: a longer one goes out in pieces of this size, so a peer that never sends
 * the delimiter (or a prefix that is not one) cannot make the framer hold the whole stream. The
 * pieces fall at the same places however the bytes arrived.
 */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** One stream's framer (one TCP connection and direction, or one UDP peer). */
export class FrameSplitter {
  private pending = new Uint8Array(256);
  private pendingLength = 0;
  /** Delimiter mode: where the next search starts, so no byte is searched twice. */
  private searchFrom = 0;
  /** Bytes of a too-long message still to come after the pieces already cut. */
  private rest = 0;

  constructor(
    private readonly framing: ByteFraming,
    private readonly maxFrameBytes = MAX_FRAME_BYTES,
  ) {}

  /** The messages `chunk` completes, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.append(chunk);
    const frames: Uint8Array[] = [];
    let start = 0;
    for (let end = this.frameEnd(start); end !== undefined; end = this.frameEnd(start)) {
      frames.push(this.pending.slice(start, end));
      start = end;
      this.searchFrom = start;
    }
    this.drop(start);
    return frames;
  }

  /** Bytes of a message not finished yet. */
  get unfinished(): Uint8Array {
    return this.pending.slice(0, this.pendingLength);
  }

  /** Where the message (or piece of one) starting at `start` ends, if all of it is here. */
  private frameEnd(start: number): number | undefined {
    const max = this.maxFrameBytes;
    const available = this.pendingLength - start;
    const end = this.rest > 0 ? start + this.rest : this.messageEnd(start);
    if (end !== undefined && end - start <= max) {
      if (end > this.pendingLength) return undefined;
      this.rest = 0;
      return end;
    }
    if (available < max) return undefined;
    // Too long: a piece of `max` bytes; a message whose length is known goes on in the next one.
    this.rest = end === undefined ? 0 : end - (start + max);
    return start + max;
  }

  /** Where the message starting at `start` ends by the framing's rule (maybe past what is here). */
  private messageEnd(start: number): number | undefined {
    const available = this.pendingLength - start;
    const { framing } = this;
    switch (framing.mode) {
      case 'fixed':
        return start + framing.length;
      case 'length-prefixed':
        if (available < framing.prefixBytes) return undefined;
        return start + framing.prefixBytes + this.readLength(start, framing);
      case 'delimiter': {
        const { delimiter } = framing;
        const from = Math.max(start, this.searchFrom);
        const found = indexOf(this.pending, delimiter, from, this.pendingLength);
        if (found >= 0) return found + delimiter.length;
        this.searchFrom = Math.max(start, this.pendingLength - delimiter.length + 1);
        return undefined;
      }
    }
  }

  private readLength(
    start: number,
    framing: { prefixBytes: 1 | 2 | 4; byteOrder: 'big' | 'little' },
  ) {
    let length = 0;
    for (let i = 0; i < framing.prefixBytes; i++) {
      const index = framing.byteOrder === 'big' ? i : framing.prefixBytes - 1 - i;
      length = length * 256 + this.pending[start + index]!;
    }
    return length;
  }

  private append(chunk: Uint8Array) {
    const needed = this.pendingLength + chunk.length;
    if (needed > this.pending.length) {
      const grown = new Uint8Array(Math.max(needed, this.pending.length * 2));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(chunk, this.pendingLength);
    this.pendingLength = needed;
  }

  /** Forgets the first `count` bytes (the messages that went out). */
  private drop(count: number) {
    if (count === 0) return;
    this.pending.copyWithin(0, count, this.pendingLength);
    this.pendingLength -= count;
    this.searchFrom = Math.max(0, this.searchFrom - count);
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const first = needle[0]!;
  for (let i = from; i <= to - needle.length; i++) {
    if (haystack[i] !== first) continue;
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/**
 * The byte framing a contract `Framing` asks for, checked: `undefined` for `raw` and `merge`
 * (their messages are the chunks as they came). A delimiter is hex ("0D 0A"): INVALID_HEX if it
 * is not; a fixed length is a whole number ≥ 1; a merge window is ≥ 0 ms.
 */
export function toByteFraming(
  framing: Framing,
): { ok: true; framing: ByteFraming | undefined } | Failure {
  switch (framing.mode) {
    case 'raw':
      return { ok: true, framing: undefined };
    case 'merge':
      return Number.isFinite(framing.withinMs) && framing.withinMs >= 0
        ? { ok: true, framing: undefined }
        : fail('INVALID_REQUEST', { detail: 'the merge window must be 0 ms or more' });
    case 'delimiter': {
      const parsed = parseHex(framing.delimiter);
      if (!parsed.ok) return parsed;
      return { ok: true, framing: { mode: 'delimiter', delimiter: parsed.bytes } };
    }
    case 'fixed':
      return Number.isSafeInteger(framing.length) && framing.length >= 1
        ? { ok: true, framing: { mode: 'fixed', length: framing.length } }
        : fail('INVALID_REQUEST', { detail: 'a fixed message length must be 1 byte or more' });
    case 'length-prefixed': {
      const { prefixBytes, byteOrder } = framing;
      if (![1, 2, 4].includes(prefixBytes) || !['big', 'little'].includes(byteOrder)) {
        return fail('INVALID_REQUEST', {
          detail: 'a length prefix is 1, 2 or 4 bytes, big or little endian',
        });
      }
      return { ok: true, framing: { mode: 'length-prefixed', prefixBytes, byteOrder } };
    }
    default:
      return fail('INVALID_REQUEST', { detail: 'unknown framing' });
  }
}
