import { expect } from 'vitest';
import type { DataEvent } from '../../src/shared/contract';

/** How many bytes of the stream a page's data event stands for (it may carry only the start). */
export function chunkLength(event: DataEvent): number {
  return event.fullLength ?? event.bytes.length;
}

/**
 * The page's data events account for `sent` exactly: each is the start of its chunk (a chunk cut
 * short says its whole length and its last bytes), and the chunks add up to the stream.
 */
export function expectChunksOf(events: readonly DataEvent[], sent: Buffer) {
  let offset = 0;
  for (const event of events) {
    const length = chunkLength(event);
    const chunk = sent.subarray(offset, offset + length);
    expect(Buffer.from(event.bytes).equals(chunk.subarray(0, event.bytes.length))).toBe(true);
    if (event.fullLength !== undefined) {
      expect(Buffer.from(event.tail!).equals(chunk.subarray(chunk.length - 4))).toBe(true);
    }
    offset += length;
  }
  expect(offset).toBe(sent.length);
}
