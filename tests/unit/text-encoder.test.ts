import { describe, expect, it } from 'vitest';
import { ENCODINGS, type EncodingName } from '../../src/shared/contract';
import { decodeText } from '../../src/shared/codec/text-decoder';
import { formatHex } from '../../src/shared/codec/hex';
import { encodeText } from '../../src/main/engine/text-encoder';

function hexOf(text: string, encoding: EncodingName): string {
  const result = encodeText(text, encoding);
  if (!result.ok) throw new Error(result.message);
  return formatHex(result.bytes);
}

describe('encodeText', () => {
  it.each([
    ['utf-8', '你好', 'E4 BD A0 E5 A5 BD'],
    ['gbk', '你好', 'C4 E3 BA C3'],
    ['gbk', '中文', 'D6 D0 CE C4'],
    ['gb18030', '中文', 'D6 D0 CE C4'],
    ['gb18030', '€', 'A2 E3'],
    ['gb18030', '😀', '94 39 FC 36'],
    ['big5', '中文', 'A4 A4 A4 E5'],
    ['shift_jis', '日本', '93 FA 96 7B'],
    ['euc-kr', '한국', 'C7 D1 B1 B9'],
    ['utf-16le', 'A中', '41 00 2D 4E'],
    ['utf-16be', 'A中', '00 41 4E 2D'],
    ['iso-8859-1', 'café', '63 61 66 E9'],
    ['ascii', 'Hi?', '48 69 3F'],
  ] as const)('%s encodes %s as %s', (encoding, text, hex) => {
    expect(hexOf(text, encoding)).toBe(hex);
  });

  it('adds no BOM to UTF-16 and keeps a U+FEFF that is in the text', () => {
    expect(hexOf('A', 'utf-16le')).toBe('41 00');
    expect(hexOf('A', 'utf-16be')).toBe('00 41');
    expect(hexOf('\uFEFFA', 'utf-16le')).toBe('FF FE 41 00');
  });

  it('encodes empty text as no bytes', () => {
    expect(encodeText('', 'gbk')).toEqual({ ok: true, bytes: new Uint8Array(0) });
  });

  const representable: Record<EncodingName, string> = {
    'utf-8': 'Hello 你好 é 😀 \r\n',
    gbk: 'Hello 你好，中文！€ ?',
    gb18030: 'Hello 你好 é 😀 € ?',
    big5: 'Hello 中文 台灣 ?',
    shift_jis: 'Hello 日本語 ｱｲｳ ?',
    'euc-kr': 'Hello 한국어 ?',
    'iso-8859-1': 'Hello café ÿ ?',
    'utf-16le': 'Hello 你好 😀 ?',
    'utf-16be': 'Hello 你好 😀 ?',
    ascii: 'Hello ~ ?\t\0',
  };

  it.each(ENCODINGS)('%s: encoding then decoding gives the text back', (encoding) => {
    const text = representable[encoding];
    const encoded = encodeText(text, encoding);
    expect(encoded.ok).toBe(true);
    if (encoded.ok) expect(decodeText(encoded.bytes, encoding)).toBe(text);
  });

  it.each([
    ['ascii', 'A中', '中', 2],
    ['ascii', 'café', 'é', 4],
    ['iso-8859-1', 'café 中文', '中', 6],
    ['gbk', 'ab😀', '😀', 3],
    ['gbk', '😀中', '😀', 1],
    ['big5', '中文한', '한', 3],
    ['shift_jis', '日本한국', '한', 3],
    ['euc-kr', 'a😀', '😀', 2],
  ] as const)('%s refuses %s, naming %s at %i', (encoding, text, char, position) => {
    expect(encodeText(text, encoding)).toMatchObject({
      ok: false,
      code: 'UNENCODABLE_TEXT',
      params: { encoding, char, position },
    });
  });

  it('tells a typed ? from one iconv-lite substituted', () => {
    expect(hexOf('??', 'ascii')).toBe('3F 3F');
    expect(encodeText('??中', 'ascii')).toMatchObject({ params: { char: '中', position: 3 } });
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expect(encodeText('😀😀é中', 'iso-8859-1')).toMatchObject({
      params: { char: '😀', position: 1 },
    });
    expect(encodeText('é😀中', 'iso-8859-1')).toMatchObject({ params: { position: 2 } });
  });

  it.each(ENCODINGS)('%s refuses a lone surrogate instead of mangling it', (encoding) => {
    expect(encodeText('ab\uD800c', encoding)).toMatchObject({
      code: 'UNENCODABLE_TEXT',
      params: { char: '\uD800', position: 3 },
    });
    expect(encodeText('\uDE00', encoding)).toMatchObject({ params: { position: 1 } });
  });

  it('says in English what cannot be written', () => {
    const result = encodeText('A中', 'ascii');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.message).toContain('"中" at position 2 cannot be written in ascii');
  });
});
