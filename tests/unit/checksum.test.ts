import { describe, expect, it } from 'vitest';
import { CHECKSUMS } from '../../src/shared/contract';
import { appendChecksum, checksum } from '../../src/shared/codec/checksum';

const CHECK_INPUT = new TextEncoder().encode('123456789');

describe('checksum', () => {
  // Check values from the CRC catalogue (reveng.sourceforge.io/crc-catalogue) for "123456789".
  it.each([
    ['sum8', [0xdd]],
    ['xor8', [0x31]],
    ['crc16-modbus', [0x37, 0x4b]], // 0x4B37, low byte first as Modbus RTU sends it
    ['crc16-ccitt-false', [0x29, 0xb1]],
    ['crc32', [0xcb, 0xf4, 0x39, 0x26]],
  ] as const)('%s of "123456789" is the catalogue check value', (kind, expected) => {
    expect([...checksum(kind, CHECK_INPUT)]).toEqual(expected);
  });

  it('appends the Modbus RTU CRC of a read-holding-registers request', () => {
    const request = Uint8Array.of(0x01, 0x03, 0x00, 0x00, 0x00, 0x0a);
    expect([...appendChecksum('crc16-modbus', request)]).toEqual([1, 3, 0, 0, 0, 10, 0xc5, 0xcd]);
  });

  it('checks another known Modbus frame (write single register)', () => {
    const request = Uint8Array.of(0x11, 0x06, 0x00, 0x01, 0x00, 0x03);
    expect([...checksum('crc16-modbus', request)]).toEqual([0x9a, 0x9b]);
  });

  it('adds nothing for none', () => {
    expect(checksum('none', CHECK_INPUT)).toEqual(new Uint8Array(0));
    expect(appendChecksum('none', CHECK_INPUT)).toEqual(CHECK_INPUT);
  });

  it('wraps sums and handles empty input', () => {
    expect([...checksum('sum8', Uint8Array.of(0xff, 0x02))]).toEqual([0x01]);
    expect([...checksum('crc32', new Uint8Array(0))]).toEqual([0, 0, 0, 0]);
    expect([...checksum('crc16-modbus', new Uint8Array(0))]).toEqual([0xff, 0xff]);
  });

  it('leaves the input untouched', () => {
    const input = Uint8Array.of(1, 2, 3);
    for (const kind of CHECKSUMS) appendChecksum(kind, input);
    expect([...input]).toEqual([1, 2, 3]);
  });
});
