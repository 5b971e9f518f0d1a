import type { ChecksumKind } from '../contract';

/** CRC lookup table for a reflected (LSB-first) polynomial. */
function reflectedTable(polynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ polynomial : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-16 lookup table for a non-reflected (MSB-first) polynomial. */
function forwardTable16(polynomial: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ polynomial : c << 1;
    table[n] = c & 0xffff;
  }
  return table;
}

const CRC16_MODBUS_TABLE = reflectedTable(0xa001); // poly 0x8005 reflected
const CRC16_CCITT_TABLE = forwardTable16(0x1021);
const CRC32_TABLE = reflectedTable(0xedb88320); // poly 0x04C11DB7 reflected

function crc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) crc = (crc >>> 8) ^ CRC16_MODBUS_TABLE[(crc ^ b) & 0xff]!;
  return crc;
}

function crc16CcittFalse(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) crc = ((crc << 8) & 0xffff) ^ CRC16_CCITT_TABLE[((crc >>> 8) ^ b) & 0xff]!;
  return crc;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = (crc >>> 8) ^ CRC32_TABLE[(crc ^ b) & 0xff]!;
  return (crc ^ 0xffffffff) >>> 0;
}

function sum8(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return sum;
}

function xor8(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

/**
 * The bytes to append for `kind`. Byte order follows each checksum's usual wire form: Modbus RTU
 * sends its CRC low byte first; CRC-16/CCITT-FALSE and CRC-32 are written big-endian, as the
 * catalogue check values read.
 */
export function checksum(kind: ChecksumKind, bytes: Uint8Array): Uint8Array {
  switch (kind) {
    case 'none':
      return new Uint8Array(0);
    case 'sum8':
      return Uint8Array.of(sum8(bytes));
    case 'xor8':
      return Uint8Array.of(xor8(bytes));
    case 'crc16-modbus': {
      const crc = crc16Modbus(bytes);
      return Uint8Array.of(crc & 0xff, crc >>> 8);
    }
    case 'crc16-ccitt-false': {
      const crc = crc16CcittFalse(bytes);
      return Uint8Array.of(crc >>> 8, crc & 0xff);
    }
    case 'crc32': {
      const crc = crc32(bytes);
      return Uint8Array.of(crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff);
    }
  }
}

/** `bytes` followed by their checksum, in a new array. */
export function appendChecksum(kind: ChecksumKind, bytes: Uint8Array): Uint8Array {
  const sum = checksum(kind, bytes);
  const out = new Uint8Array(bytes.length + sum.length);
  out.set(bytes);
  out.set(sum, bytes.length);
  return out;
}
