import iconv from 'iconv-lite';
import type { EncodingName, Failure } from '../../shared/contract';
import { fail } from '../../shared/errors';

export type EncodeResult = { ok: true; bytes: Uint8Array } | Failure;

const QUESTION_MARK = 0x3f;

/** Encodings that can write every character, so iconv-lite never substitutes `?` in them. */
const UNICODE_ENCODINGS: ReadonlySet<EncodingName> = new Set(['utf-8', 'utf-16le', 'utf-16be']);

/** A surrogate without its pair: not a character, and every encoder would silently mangle it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function countByte(bytes: Uint8Array, value: number): number {
  let count = 0;
  for (const b of bytes) if (b === value) count++;
  return count;
}

function countChar(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) count++;
  return count;
}

function unencodable(text: string, encoding: EncodingName, index: number): Failure {
  const char = String.fromCodePoint(text.codePointAt(index)!);
  const position = Array.from(text.slice(0, index)).length + 1;
  return fail('UNENCODABLE_TEXT', { encoding, char, position });
}

/** The first code point that iconv-lite can only write as `?`; -1 if there is none. */
function firstReplacedIndex(text: string, encoding: EncodingName): number {
  let index = 0;
  for (const char of text) {
    if (char !== '?' && iconv.encode(char, encoding).includes(QUESTION_MARK)) return index;
    index += char.length;
  }
  return -1;
}

/**
 * Text to bytes with iconv-lite, refusing text the encoding cannot hold instead of sending `?`.
 * In every legacy encoding offered, byte 0x3F only ever means `?` (trail bytes of GBK, GB18030,
 * Big5, Shift_JIS and EUC-KR never take that value), so one count tells whether iconv-lite
 * substituted anything, and only then is the text walked to name the character.
 * No BOM is added for UTF-16; a U+FEFF in the text is encoded like any other character.
 */
export function encodeText(text: string, encoding: EncodingName): EncodeResult {
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) return unencodable(text, encoding, surrogate.index);

  const buffer = iconv.encode(text, encoding);
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (!UNICODE_ENCODINGS.has(encoding) && countByte(bytes, QUESTION_MARK) > countChar(text, '?')) {
    const index = firstReplacedIndex(text, encoding);
    if (index >= 0) return unencodable(text, encoding, index);
  }
  return { ok: true, bytes };
}
