import type { Failure } from '../contract';
import { fail } from '../errors';

export type HexResult = { ok: true; bytes: Uint8Array } | Failure;

/** Uppercase hex, one entry per byte value, so formatting a large chunk is a lookup per byte. */
const BYTE_TO_HEX = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).toUpperCase().padStart(2, '0'),
);

/** Hex digit value of a UTF-16 code unit, or -1. */
function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/** What people paste between bytes: dumps, C arrays, MAC-style and dash-separated listings. */
function isSeparator(code: number): boolean {
  return (
    code === 0x20 || // space
    code === 0x09 || // tab
    code === 0x0a || // \n
    code === 0x0d || // \r
    code === 0x2c || // ,
    code === 0x3b || // ;
    code === 0x2d || // -
    code === 0x3a || // :
    code === 0xa0 || // no-break space (copied from web pages)
    code === 0x3000 // ideographic space (typed with a Chinese IME)
  );
}

/** 1-based position in code points, as the user counts characters. */
function positionAt(text: string, index: number): number {
  let position = 1;
  for (let i = 0; i < index; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < index) i++;
    position++;
  }
  return position;
}

function badChar(text: string, index: number): Failure {
  const char = String.fromCodePoint(text.codePointAt(index) ?? 0);
  return fail('INVALID_HEX', { detail: 'char', char, position: positionAt(text, index) });
}

/**
 * Hex digits to bytes. Digits that run together are split in pairs (`48656C`); runs are
 * separated by whitespace, `,` `;` `-` `:`; a run may start with `0x`/`0X`. A run with an odd
 * number of digits is an error at its last digit, so `0x4 0x65` is rejected rather than guessed.
 */
export function parseHex(text: string): HexResult {
  const bytes = new Uint8Array(text.length >> 1);
  let count = 0;
  let high = -1; // the first digit of a byte, waiting for its pair
  let highIndex = 0;
  let runLength = 0; // digits in the current run, prefix excluded
  let prefixIndex = -1; // index of the `x` of the current run's `0x`, or -1

  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x20;
    const value = digitValue(code);
    if (value >= 0) {
      if (high < 0) {
        high = value;
        highIndex = i;
      } else {
        bytes[count++] = (high << 4) | value;
        high = -1;
      }
      runLength++;
    } else if (
      (code === 0x78 || code === 0x58) &&
      runLength === 1 &&
      high === 0 &&
      prefixIndex < 0
    ) {
      high = -1;
      runLength = 0;
      prefixIndex = i;
    } else if (isSeparator(code)) {
      if (high >= 0) {
        return fail('INVALID_HEX', { detail: 'odd', position: positionAt(text, highIndex) });
      }
      if (prefixIndex >= 0 && runLength === 0) return badChar(text, prefixIndex);
      runLength = 0;
      prefixIndex = -1;
    } else {
      return badChar(text, i);
    }
  }

  if (count === 0) return fail('INVALID_HEX', { detail: 'empty' });
  return { ok: true, bytes: bytes.slice(0, count) };
}

/** For live validation while the user types: the byte count, or why the text is not hex. */
export function validateHex(text: string): { ok: true; byteCount: number } | Failure {
  const parsed = parseHex(text);
  return parsed.ok ? { ok: true, byteCount: parsed.bytes.length } : parsed;
}

/** The two digits of each byte as ASCII: byte b at 2b and 2b + 1. */
const HEX_ASCII = Uint8Array.from({ length: 512 }, (_, i) =>
  BYTE_TO_HEX[i >> 1]!.charCodeAt(i & 1),
);
const ASCII = new TextDecoder();

/**
 * `48 65 6C`: uppercase, two digits per byte. Written as ASCII bytes and decoded in one call:
 * exporting a large log formats megabytes, and one string per byte joined afterwards was several
 * times slower. A separator that is not ASCII falls back to joining strings.
 */
export function formatHex(bytes: Uint8Array, separator = ' '): string {
  if ([...separator].some((char) => char.charCodeAt(0) > 0x7f)) {
    return Array.from(bytes, (byte) => BYTE_TO_HEX[byte]!).join(separator);
  }
  if (bytes.length === 0) return '';
  const gap = Array.from(separator, (char) => char.charCodeAt(0));
  const out = new Uint8Array(bytes.length * (2 + gap.length) - gap.length);
  let at = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) for (const code of gap) out[at++] = code;
    const byte = bytes[i]!;
    out[at++] = HEX_ASCII[2 * byte]!;
    out[at++] = HEX_ASCII[2 * byte + 1]!;
  }
  return ASCII.decode(out);
}
