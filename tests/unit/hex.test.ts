import { describe, expect, it } from 'vitest';
import { formatHex, parseHex, validateHex } from '../../src/shared/codec/hex';

const HEL = Uint8Array.of(0x48, 0x65, 0x6c);

function bytesOf(text: string): number[] {
  const result = parseHex(text);
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return [...result.bytes];
}

describe('parseHex', () => {
  it.each([
    '48 65 6C',
    '48656c',
    '0x48,0x65,0x6C',
    '0X48 0x65 0x6c',
    '48\n65\t6c',
    '48;65;6C',
    '48-65-6C',
    '48:65:6c',
    '  48 , 65 ,\r\n 6C  ',
    '0x48656C',
    '4865\u30006C',
  ])('reads %j as 48 65 6C', (text) => {
    expect(bytesOf(text)).toEqual([...HEL]);
  });

  it('splits a run of digits in pairs, with or without 0x', () => {
    expect(bytesOf('0x0102 0304')).toEqual([1, 2, 3, 4]);
    expect(bytesOf('00 ff FF')).toEqual([0, 255, 255]);
  });

  it('names a non-hex character and its 1-based position', () => {
    expect(parseHex('48 6G')).toMatchObject({
      ok: false,
      code: 'INVALID_HEX',
      params: { detail: 'char', char: 'G', position: 5 },
    });
    expect(parseHex('48 x5')).toMatchObject({ params: { detail: 'char', char: 'x', position: 4 } });
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expect(parseHex('😀')).toMatchObject({ params: { detail: 'char', char: '😀', position: 1 } });
    expect(parseHex('48 😀 zz')).toMatchObject({ params: { char: '😀', position: 4 } });
  });

  it('rejects a byte with one digit at that digit', () => {
    expect(parseHex('48 656')).toMatchObject({ params: { detail: 'odd', position: 6 } });
    expect(parseHex('0x4 0x65')).toMatchObject({ params: { detail: 'odd', position: 3 } });
    expect(parseHex('4 865')).toMatchObject({ params: { detail: 'odd', position: 1 } });
    expect(parseHex('A')).toMatchObject({ params: { detail: 'odd', position: 1 } });
  });

  it('rejects a 0x with no digits, and a second prefix', () => {
    expect(parseHex('0x 48')).toMatchObject({ params: { detail: 'char', char: 'x', position: 2 } });
    expect(parseHex('0x0x48')).toMatchObject({
      params: { detail: 'char', char: 'x', position: 4 },
    });
    expect(parseHex('480x65')).toMatchObject({
      params: { detail: 'char', char: 'x', position: 4 },
    });
  });

  it('says empty when there are no digits at all', () => {
    for (const text of ['', '   ', ',;\n']) {
      expect(parseHex(text)).toMatchObject({ code: 'INVALID_HEX', params: { detail: 'empty' } });
    }
  });

  it('gives an English message for each kind of error', () => {
    const result = parseHex('4Z');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('"Z" at position 2');
  });
});

describe('validateHex', () => {
  it('counts the bytes, or fails like parseHex', () => {
    expect(validateHex('01 02 0304')).toEqual({ ok: true, byteCount: 4 });
    expect(validateHex('01 0')).toMatchObject({ ok: false, params: { detail: 'odd' } });
  });
});

describe('formatHex', () => {
  it('writes uppercase pairs with a separator', () => {
    expect(formatHex(HEL)).toBe('48 65 6C');
    expect(formatHex(Uint8Array.of(0, 10, 255), '')).toBe('000AFF');
    expect(formatHex(new Uint8Array(0))).toBe('');
  });

  it('round-trips every byte value through parseHex', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesOf(formatHex(all))).toEqual([...all]);
    expect(bytesOf(formatHex(all, ''))).toEqual([...all]);
  });
});
