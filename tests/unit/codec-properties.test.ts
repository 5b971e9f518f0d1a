/**
 * Property tests over the codecs (issue 7): for any input, round trips hold and nothing throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENCODINGS } from '../../src/shared/contract';
import { parseEscapes } from '../../src/shared/codec/escapes';
import { formatHex, parseHex } from '../../src/shared/codec/hex';
import { decodeText, StreamDecoder } from '../../src/shared/codec/text-decoder';
import { decodeInEngine } from '../../src/main/engine/text-decoder';
import { encodeText } from '../../src/main/engine/text-encoder';

const RUNS = { numRuns: 300 };

/** Characters a learner types: ASCII, CJK, symbols, and now and then anything at all. */
const typed = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    {
      weight: 3,
      arbitrary: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('，', '。', '！', '€', '£', 'é', 'ü', 'ß', 'ｱ', '한', '😀'),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 40,
});

/** `bytes` cut at the given offsets. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    parts.push(bytes.subarray(start, point));
    start = point;
  }
  return parts;
}

describe('codec properties', () => {
  it('hex: formatted bytes parse back, with or without separators', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.constantFrom(' ', '', ':', ', '),
        (bytes, sep) => {
          const parsed = parseHex(formatHex(bytes, sep));
          expect(parsed.ok).toBe(true);
          if (parsed.ok) expect([...parsed.bytes]).toEqual([...bytes]);
        },
      ),
      RUNS,
    );
  });

  it('hex: any text gives bytes or INVALID_HEX, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const parsed = parseHex(text);
        if (!parsed.ok) expect(parsed.code).toBe('INVALID_HEX');
      }),
      RUNS,
    );
  });

  it('escapes: \\xHH gives its byte, a doubled backslash gives the text back, and nothing throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 50 }), (bytes) => {
        const text = [...bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
        const parsed = parseEscapes(text);
        expect(parsed).toEqual({ ok: true, segments: [bytes] });
      }),
      RUNS,
    );
    fc.assert(
      fc.property(typed, (text) => {
        const parsed = parseEscapes(text.replace(/\\/g, '\\\\'));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.segments.join('')).toBe(text);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const parsed = parseEscapes(text);
        if (!parsed.ok) expect(parsed.code).toBe('INVALID_ESCAPE');
      }),
      RUNS,
    );
  });

  for (const encoding of ENCODINGS) {
    it(`${encoding}: text the engine can encode, it decodes back the same`, () => {
      fc.assert(
        fc.property(typed, (text) => {
          const encoded = encodeText(text, encoding);
          if (!encoded.ok) {
            expect(encoded.code).toBe('UNENCODABLE_TEXT');
            return;
          }
          expect(decodeInEngine(encoded.bytes, encoding)).toBe(text);
        }),
        RUNS,
      );
    });

    it(`${encoding}: text split anywhere decodes whole in pieces (the page's split characters)`, () => {
      fc.assert(
        fc.property(typed, fc.array(fc.nat(160), { maxLength: 8 }), (text, cuts) => {
          const encoded = encodeText(text, encoding);
          if (!encoded.ok) return;
          const decoder = new StreamDecoder(encoding);
          const pieces = split(encoded.bytes, cuts).map((part) => decoder.decode(part));
          expect(pieces.join('') + decoder.flush()).toBe(decodeText(encoded.bytes, encoding));
        }),
        RUNS,
      );
    });

    it(`${encoding}: any bytes, split anywhere, decode without an exception`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 64 }),
          fc.array(fc.nat(64), { maxLength: 8 }),
          (bytes, cuts) => {
            const decoder = new StreamDecoder(encoding);
            const text =
              split(bytes, cuts)
                .map((part) => decoder.decode(part))
                .join('') + decoder.flush();
            expect(typeof text).toBe('string');
            expect(typeof decodeInEngine(bytes, encoding)).toBe('string');
          },
        ),
        RUNS,
      );
    });
  }
});
