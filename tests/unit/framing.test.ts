import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ByteFraming } from '../../src/shared/codec/framing';
import { FrameSplitter } from '../../src/shared/codec/framing';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);
const asText = (frames: Uint8Array[]) => frames.map((frame) => new TextDecoder().decode(frame));

function frameAll(framing: ByteFraming, chunks: Uint8Array[], maxFrameBytes?: number) {
  const splitter = new FrameSplitter(framing, maxFrameBytes);
  const frames = chunks.flatMap((chunk) => splitter.push(chunk));
  return { frames, unfinished: splitter.unfinished };
}

/** `stream` cut at the given offsets. */
function chunked(stream: Uint8Array, cuts: number[]) {
  const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, stream.length]) {
    chunks.push(stream.subarray(start, point));
    start = point;
  }
  return chunks;
}

const framings: fc.Arbitrary<ByteFraming> = fc.oneof(
  fc
    .uint8Array({ minLength: 1, maxLength: 3 })
    .map((delimiter) => ({ mode: 'delimiter' as const, delimiter })),
  fc.integer({ min: 1, max: 9 }).map((length) => ({ mode: 'fixed' as const, length })),
  fc.record({
    mode: fc.constant('length-prefixed' as const),
    prefixBytes: fc.constantFrom(1 as const, 2 as const, 4 as const),
    byteOrder: fc.constantFrom('big' as const, 'little' as const),
  }),
);

describe('FrameSplitter', () => {
  it('splits on a delimiter, keeping it, including one split across chunks', () => {
    const lines = { mode: 'delimiter', delimiter: text('\r\n') } as const;
    const { frames, unfinished } = frameAll(lines, [
      text('hello\r'),
      text('\nwor'),
      text('ld\r\nbye'),
    ]);
    expect(asText(frames)).toEqual(['hello\r\n', 'world\r\n']);
    expect(new TextDecoder().decode(unfinished)).toBe('bye');
  });

  it('cuts fixed-length messages', () => {
    const { frames, unfinished } = frameAll({ mode: 'fixed', length: 3 }, [
      bytes(1, 2),
      bytes(3, 4, 5, 6, 7),
    ]);
    expect(frames.map((f) => [...f])).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect([...unfinished]).toEqual([7]);
  });

  it('reads 1-, 2- and 4-byte length prefixes in either byte order', () => {
    const big2 = { mode: 'length-prefixed', prefixBytes: 2, byteOrder: 'big' } as const;
    expect(frameAll(big2, [bytes(0, 2, 9), bytes(9, 0, 0, 0)]).frames.map((f) => [...f])).toEqual([
      [0, 2, 9, 9],
      [0, 0],
    ]);
    const little4 = { mode: 'length-prefixed', prefixBytes: 4, byteOrder: 'little' } as const;
    const { frames } = frameAll(little4, [bytes(1, 0, 0, 0, 7, 3, 0)]);
    expect(frames.map((f) => [...f])).toEqual([[1, 0, 0, 0, 7]]);
    const one = { mode: 'length-prefixed', prefixBytes: 1, byteOrder: 'big' } as const;
    expect(frameAll(one, [bytes(0, 1, 5)]).frames.map((f) => [...f])).toEqual([[0], [1, 5]]);
  });

  it('cuts a message longer than the limit into pieces at the same places, however it arrived', () => {
    const lines = { mode: 'delimiter', delimiter: text('\n') } as const;
    const stream = new Uint8Array([...new Uint8Array(25).fill(65), 10, 66]);
    const whole = frameAll(lines, [stream], 10);
    expect(whole.frames.map((f) => f.length)).toEqual([10, 10, 6]);
    expect([...whole.unfinished]).toEqual([66]);
    const prefixed = { mode: 'length-prefixed', prefixBytes: 1, byteOrder: 'big' } as const;
    const long = frameAll(prefixed, [bytes(12, ...new Array(12).fill(1), 1, 9)], 5);
    expect(long.frames.map((f) => f.length)).toEqual([5, 5, 3, 2]); // 13 bytes of message, then [1, 9]
  });

  it('never loses, duplicates or moves a byte, whatever the chunking (property)', () => {
    fc.assert(
      fc.property(
        framings,
        fc.uint8Array({ maxLength: 300, size: 'max' }),
        fc.array(fc.nat({ max: 300 }), { maxLength: 20 }),
        (framing, stream, cuts) => {
          const whole = frameAll(framing, [stream], 16);
          const pieces = frameAll(framing, chunked(stream, cuts), 16);
          const joined = Buffer.concat([...pieces.frames, pieces.unfinished]);
          expect(joined.equals(Buffer.from(stream))).toBe(true);
          expect(pieces.frames.map((f) => Buffer.from(f).toString('hex'))).toEqual(
            whole.frames.map((f) => Buffer.from(f).toString('hex')),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
