import { describe, expect, it } from 'vitest';
import { ENCODINGS, type EncodingName } from '../../src/shared/contract';
import { decodeText, StreamDecoder } from '../../src/shared/codec/text-decoder';

const bytes = (...values: number[]) => Uint8Array.from(values);

/** Known byte sequences, each checked against the encoding's published tables. */
const VECTORS: Array<[EncodingName, string, Uint8Array]> = [
  ['utf-8', '你好', bytes(0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd)],
  ['utf-8', '😀', bytes(0xf0, 0x9f, 0x98, 0x80)],
  ['gbk', '你好', bytes(0xc4, 0xe3, 0xba, 0xc3)],
  ['gbk', '中文', bytes(0xd6, 0xd0, 0xce, 0xc4)],
  ['gbk', '€', bytes(0x80)],
  ['gb18030', '中文', bytes(0xd6, 0xd0, 0xce, 0xc4)],
  ['gb18030', '€', bytes(0xa2, 0xe3)],
  ['gb18030', 'é', bytes(0xa8, 0xa6)],
  ['gb18030', '\u0080', bytes(0x81, 0x30, 0x81, 0x30)], // first four-byte code
  ['gb18030', '😀', bytes(0x94, 0x39, 0xfc, 0x36)],
  ['big5', '中文', bytes(0xa4, 0xa4, 0xa4, 0xe5)],
  ['shift_jis', '日本', bytes(0x93, 0xfa, 0x96, 0x7b)],
  ['shift_jis', 'ｱ', bytes(0xb1)], // half-width katakana, one byte
  ['euc-kr', '한국', bytes(0xc7, 0xd1, 0xb1, 0xb9)],
  ['utf-16le', 'A中', bytes(0x41, 0x00, 0x2d, 0x4e)],
  ['utf-16be', 'A中', bytes(0x00, 0x41, 0x4e, 0x2d)],
  ['iso-8859-1', 'café', bytes(0x63, 0x61, 0x66, 0xe9)],
  ['ascii', 'Hi!', bytes(0x48, 0x69, 0x21)],
];

/** Per encoding, a string with its multibyte characters where the encoding has them, and its bytes. */
const SAMPLES: Record<EncodingName, [string, Uint8Array]> = {
  'utf-8': [
    'A你好é😀',
    bytes(0x41, 0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80),
  ],
  gbk: ['A你好中文€', bytes(0x41, 0xc4, 0xe3, 0xba, 0xc3, 0xd6, 0xd0, 0xce, 0xc4, 0x80)],
  gb18030: [
    'A你好é😀€',
    bytes(0x41, 0xc4, 0xe3, 0xba, 0xc3, 0xa8, 0xa6, 0x94, 0x39, 0xfc, 0x36, 0xa2, 0xe3),
  ],
  big5: ['A中文台灣', bytes(0x41, 0xa4, 0xa4, 0xa4, 0xe5, 0xa5, 0x78, 0xc6, 0x57)],
  shift_jis: ['A日本語ｱ', bytes(0x41, 0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0xb1)],
  'euc-kr': ['A한국어', bytes(0x41, 0xc7, 0xd1, 0xb1, 0xb9, 0xbe, 0xee)],
  'iso-8859-1': ['Aé\u0080ÿ', bytes(0x41, 0xe9, 0x80, 0xff)],
  'utf-16le': ['A中😀', bytes(0x41, 0x00, 0x2d, 0x4e, 0x3d, 0xd8, 0x00, 0xde)],
  'utf-16be': ['A中😀', bytes(0x00, 0x41, 0x4e, 0x2d, 0xd8, 0x3d, 0xde, 0x00)],
  ascii: ['A~\u007f', bytes(0x41, 0x7e, 0x7f)],
};

function streamed(encoding: EncodingName, chunks: Uint8Array[]): string {
  const decoder = new StreamDecoder(encoding);
  return chunks.map((chunk) => decoder.decode(chunk)).join('') + decoder.flush();
}

describe('decodeText', () => {
  it.each(VECTORS)('%s decodes %s', (encoding, text, input) => {
    expect(decodeText(input, encoding)).toBe(text);
  });

  it('shows iso-8859-1 bytes as U+0000–U+00FF, not windows-1252', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const decoded = decodeText(all, 'iso-8859-1');
    expect([...decoded].map((c) => c.codePointAt(0))).toEqual([...all]);
    expect(decodeText(bytes(0x80), 'iso-8859-1')).toBe('\u0080'); // windows-1252 would say €
  });

  it('shows ascii bytes above 0x7F as U+FFFD, not windows-1252', () => {
    expect(decodeText(bytes(0x41, 0x80, 0xe9, 0x42), 'ascii')).toBe('A\uFFFD\uFFFDB');
  });

  it('decodes single-byte chunks larger than one internal slice', () => {
    const big = Uint8Array.from({ length: 20_000 }, (_, i) => i & 0xff);
    const decoded = decodeText(big, 'iso-8859-1');
    expect(decoded.length).toBe(20_000);
    expect(decoded.charCodeAt(19_999)).toBe(19_999 & 0xff);
  });

  it('keeps a BOM, so what is shown matches the wire', () => {
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0x41), 'utf-8')).toBe('\uFEFFA');
    expect(decodeText(bytes(0xff, 0xfe, 0x41, 0x00), 'utf-16le')).toBe('\uFEFFA');
    expect(decodeText(bytes(0xfe, 0xff, 0x00, 0x41), 'utf-16be')).toBe('\uFEFFA');
  });

  it('turns invalid bytes into U+FFFD and leaves the input untouched', () => {
    const input = bytes(0x41, 0xff, 0xfe, 0x42);
    expect(decodeText(input, 'utf-8')).toBe('A\uFFFD\uFFFDB');
    expect(decodeText(bytes(0x41, 0xff, 0x42), 'gbk')).toBe('A\uFFFDB');
    expect(decodeText(bytes(0xc4), 'gbk')).toBe('\uFFFD');
    expect([...input]).toEqual([0x41, 0xff, 0xfe, 0x42]);
  });
});

describe('StreamDecoder', () => {
  it.each(ENCODINGS)('%s: a sample split at every point decodes whole', (encoding) => {
    const [text, encoded] = SAMPLES[encoding];
    expect(decodeText(encoded, encoding)).toBe(text);
    for (let split = 0; split <= encoded.length; split++) {
      const chunks = [encoded.subarray(0, split), encoded.subarray(split)];
      expect(streamed(encoding, chunks), `split at ${split}`).toBe(text);
    }
    const oneByteChunks = Array.from(encoded, (b) => bytes(b));
    expect(streamed(encoding, oneByteChunks)).toBe(text);
  });

  it('keeps an incomplete UTF-8 character for the next chunk', () => {
    const decoder = new StreamDecoder('utf-8');
    expect(decoder.decode(bytes(0x41, 0xe4, 0xbd))).toBe('A');
    expect(decoder.decode(bytes(0xa0, 0x42))).toBe('你B');
    expect(decoder.flush()).toBe('');
  });

  it('keeps an incomplete GBK character for the next chunk', () => {
    const decoder = new StreamDecoder('gbk');
    expect(decoder.decode(bytes(0xc4))).toBe('');
    expect(decoder.decode(bytes(0xe3, 0xba))).toBe('你');
    expect(decoder.decode(bytes(0xc3))).toBe('好');
  });

  it('flushes a truncated sequence as U+FFFD and can be used again', () => {
    const decoder = new StreamDecoder('utf-8');
    expect(decoder.decode(bytes(0xe4, 0xbd))).toBe('');
    expect(decoder.flush()).toBe('\uFFFD');
    expect(decoder.decode(bytes(0x41))).toBe('A');
  });

  it('keeps an odd UTF-16 byte for the next chunk', () => {
    const decoder = new StreamDecoder('utf-16le');
    expect(decoder.decode(bytes(0x41, 0x00, 0x2d))).toBe('A');
    expect(decoder.decode(bytes(0x4e))).toBe('中');
  });
});
