import { describe, expect, it } from 'vitest';
import { parseEscapes } from '../../src/shared/codec/escapes';

function segmentsOf(text: string) {
  const result = parseEscapes(text);
  if (!result.ok) throw new Error(result.message);
  return result.segments;
}

describe('parseEscapes', () => {
  it('leaves text without backslashes as one string', () => {
    expect(segmentsOf('hello 你好')).toEqual(['hello 你好']);
    expect(segmentsOf('')).toEqual([]);
  });

  it('turns \\r \\n \\t \\0 \\\\ into characters inside the text run', () => {
    expect(segmentsOf('a\\r\\nb\\tc\\0d\\\\e')).toEqual(['a\r\nb\tc\0d\\e']);
  });

  it('turns \\xHH into raw bytes, not characters', () => {
    expect(segmentsOf('\\xFF')).toEqual([Uint8Array.of(0xff)]);
    expect(segmentsOf('A\\x01\\x02B')).toEqual(['A', Uint8Array.of(1, 2), 'B']);
    expect(segmentsOf('\\xaB\\r')).toEqual([Uint8Array.of(0xab), '\r']);
  });

  it('reads \\\\x as a backslash followed by x', () => {
    expect(segmentsOf('\\\\x41')).toEqual(['\\x41']);
  });

  it('names an unknown escape and its 1-based position', () => {
    expect(parseEscapes('ab\\q')).toMatchObject({
      ok: false,
      code: 'INVALID_ESCAPE',
      params: { position: 3, sequence: '\\q' },
    });
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expect(parseEscapes('😀\\z')).toMatchObject({ params: { position: 2, sequence: '\\z' } });
  });

  it('rejects a trailing backslash and a short \\x', () => {
    expect(parseEscapes('abc\\')).toMatchObject({ params: { position: 4, sequence: '\\' } });
    expect(parseEscapes('\\x4')).toMatchObject({ params: { position: 1, sequence: '\\x4' } });
    expect(parseEscapes('\\x4G')).toMatchObject({ params: { position: 1, sequence: '\\x4G' } });
    expect(parseEscapes('a\\x')).toMatchObject({ params: { position: 2, sequence: '\\x' } });
  });
});
