import { describe, expect, it } from 'vitest';
import { DEFAULT_SEND_OPTIONS, type SendOptions } from '../../src/shared/contract';
import { formatHex } from '../../src/shared/codec/hex';
import { buildPayload } from '../../src/main/engine/payload';

function payloadHex(data: string, options: Partial<SendOptions>): string {
  const result = buildPayload(data, { ...DEFAULT_SEND_OPTIONS, ...options });
  if (!result.ok) throw new Error(result.message);
  return formatHex(result.bytes);
}

describe('buildPayload', () => {
  it('sends plain UTF-8 text as it is', () => {
    expect(payloadHex('Hi 你', {})).toBe('48 69 20 E4 BD A0');
  });

  it('sends backslashes literally when escapes are off', () => {
    expect(payloadHex('a\\n', {})).toBe('61 5C 6E');
  });

  it('puts the checksum after the data and before the line ending', () => {
    // CRC-16/MODBUS of 41 54 01 is 0xD4DE (worked out bit by bit), sent low byte first.
    expect(
      payloadHex('AT\\x01', { escapes: true, lineEnding: 'crlf', checksum: 'crc16-modbus' }),
    ).toBe('41 54 01 DE D4 0D 0A');
  });

  it('builds a Modbus RTU frame from hex', () => {
    expect(payloadHex('01 03 00 00 00 0A', { format: 'hex', checksum: 'crc16-modbus' })).toBe(
      '01 03 00 00 00 0A C5 CD',
    );
  });

  it('adds sum8 and a line ending to hex input', () => {
    expect(payloadHex('01 02 03', { format: 'hex', checksum: 'sum8' })).toBe('01 02 03 06');
    expect(payloadHex('0x31,0x32', { format: 'hex', checksum: 'xor8', lineEnding: 'lf' })).toBe(
      '31 32 03 0A',
    );
  });

  it('checksums text: "123456789" gives the catalogue CRC-32', () => {
    expect(payloadHex('123456789', { checksum: 'crc32', lineEnding: 'cr' })).toBe(
      '31 32 33 34 35 36 37 38 39 CB F4 39 26 0D',
    );
  });

  it('sends \\xHH as the raw byte in any encoding', () => {
    expect(payloadHex('\\xFF', { escapes: true })).toBe('FF');
    expect(payloadHex('A\\xFF', { escapes: true, encoding: 'utf-16le' })).toBe('41 00 FF');
  });

  it('encodes text, escapes and the line ending in the chosen encoding', () => {
    expect(payloadHex('你好\\t', { encoding: 'gbk', escapes: true, lineEnding: 'crlf' })).toBe(
      'C4 E3 BA C3 09 0D 0A',
    );
    expect(payloadHex('A\\n', { encoding: 'utf-16le', escapes: true, lineEnding: 'crlf' })).toBe(
      '41 00 0A 00 0D 00 0A 00',
    );
  });

  it('ignores escapes for hex input', () => {
    expect(
      buildPayload('\\x41', { ...DEFAULT_SEND_OPTIONS, format: 'hex', escapes: true }),
    ).toMatchObject({ code: 'INVALID_HEX', params: { detail: 'char', char: '\\', position: 1 } });
  });

  it('refuses to send nothing, even with a line ending or a checksum', () => {
    const options: SendOptions = { ...DEFAULT_SEND_OPTIONS, lineEnding: 'crlf', checksum: 'crc32' };
    expect(buildPayload('', options)).toMatchObject({ ok: false, code: 'EMPTY_PAYLOAD' });
    expect(buildPayload('  ', { ...options, format: 'hex' })).toMatchObject({
      code: 'EMPTY_PAYLOAD',
    });
  });

  it('says hex of separators alone has no hex digits (something was typed)', () => {
    expect(buildPayload(' , ', { ...DEFAULT_SEND_OPTIONS, format: 'hex' })).toMatchObject({
      code: 'INVALID_HEX',
      params: { detail: 'empty' },
    });
  });

  it('passes on the codec errors', () => {
    const hex: SendOptions = { ...DEFAULT_SEND_OPTIONS, format: 'hex' };
    expect(buildPayload('01 0G', hex)).toMatchObject({
      code: 'INVALID_HEX',
      params: { detail: 'char', char: 'G', position: 5 },
    });
    expect(buildPayload('01 2', hex)).toMatchObject({ params: { detail: 'odd', position: 4 } });
    expect(buildPayload('a\\q', { ...DEFAULT_SEND_OPTIONS, escapes: true })).toMatchObject({
      code: 'INVALID_ESCAPE',
      params: { position: 2, sequence: '\\q' },
    });
    expect(buildPayload('a中', { ...DEFAULT_SEND_OPTIONS, encoding: 'ascii' })).toMatchObject({
      code: 'UNENCODABLE_TEXT',
      params: { encoding: 'ascii', char: '中', position: 2 },
    });
  });
});
