import type { EncodingName, Failure } from '../../shared/contract';
import { checksum } from '../../shared/codec/checksum';
import { parseEscapes } from '../../shared/codec/escapes';
import { parseHex } from '../../shared/codec/hex';
import { lineEndingBytes, lineEndingText } from '../../shared/codec/line-ending';
import { fail } from '../../shared/errors';
import type { SendPreferences } from '../store/state';

/**
 * What Send would put on the wire, worked out while the user types: the byte count, the checksum
 * that will be appended, or the first problem (bad hex digit, bad escape, a character the
 * encoding cannot hold) with its position, in the words the engine will use on Send.
 * Legacy multibyte encodings are encoded by the engine (the renderer has no GBK encoder), so for
 * them the count is an estimate, and a character missing from their tables is only found on Send
 * (except emoji and other characters beyond U+FFFF, which GBK, Shift_JIS and EUC-KR never hold).
 */
export type PayloadPreview =
  | { kind: 'empty' }
  | { kind: 'invalid'; failure: Failure }
  | { kind: 'ok'; size: number; exact: boolean; checksum?: Uint8Array };

const utf8 = new TextEncoder();

function utf16(text: string, littleEndian: boolean) {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[i * 2 + (littleEndian ? 0 : 1)] = code & 0xff;
    out[i * 2 + (littleEndian ? 1 : 0)] = code >>> 8;
  }
  return out;
}

function singleBytes(text: string, limit: number) {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= limit) return undefined; // the engine will say which character cannot be sent
    out[i] = code;
  }
  return out;
}

/** The exact bytes where the browser can encode, else undefined. */
function encodeHere(text: string, encoding: EncodingName): Uint8Array | undefined {
  switch (encoding) {
    case 'utf-8':
      return utf8.encode(text);
    case 'utf-16le':
      return utf16(text, true);
    case 'utf-16be':
      return utf16(text, false);
    case 'ascii':
      return singleBytes(text, 0x80);
    case 'iso-8859-1':
      return singleBytes(text, 0x100);
    default:
      return undefined;
  }
}

/** iconv-lite's GBK (cp936), Shift_JIS (cp932) and EUC-KR (cp949) tables stop at U+FFFF. */
const BMP_ONLY: ReadonlySet<EncodingName> = new Set(['gbk', 'shift_jis', 'euc-kr']);
const SINGLE_BYTE_LIMIT: Partial<Record<EncodingName, number>> = {
  ascii: 0x80,
  'iso-8859-1': 0x100,
};

function cannotEncode(char: string, encoding: EncodingName) {
  const code = char.codePointAt(0)!;
  if (code >= 0xd800 && code <= 0xdfff) return true; // half a surrogate pair: not a character
  const limit = SINGLE_BYTE_LIMIT[encoding];
  if (limit !== undefined) return code >= limit;
  return code > 0xffff && BMP_ONLY.has(encoding);
}

/**
 * The first character the engine will refuse (UNENCODABLE_TEXT), where the page can tell, at its
 * position as typed (escape sequences count as typed, as the engine counts them).
 */
function firstUnencodable(message: string, escapes: boolean, encoding: EncodingName) {
  const chars = Array.from(message);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (escapes && char === '\\') {
      i += chars[i + 1] === 'x' ? 3 : 1; // the escapes parsed, so every sequence is whole
      continue;
    }
    if (cannotEncode(char, encoding)) {
      return fail('UNENCODABLE_TEXT', { encoding, char, position: i + 1 });
    }
  }
  return undefined;
}

function isAscii(text: string) {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** GBK, Big5, EUC-KR, Shift_JIS: ASCII is one byte, the rest mostly two (GB18030: up to four). */
function estimateLength(text: string, encoding: EncodingName): number {
  let total = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) total += 1;
    else if (encoding === 'shift_jis' && code >= 0xff61 && code <= 0xff9f) total += 1;
    else if (encoding === 'gb18030' && code > 0xffff) total += 4;
    else total += 2;
  }
  return total;
}

function concat(parts: readonly Uint8Array[]) {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function previewPayload(
  message: string,
  send: SendPreferences,
  encoding: EncodingName,
): PayloadPreview {
  if (message.length === 0) return { kind: 'empty' };
  const checksumLength = checksum(send.checksum, new Uint8Array(0)).length;

  if (send.hexSend) {
    const parsed = parseHex(message);
    if (!parsed.ok) {
      return parsed.params.detail === 'empty'
        ? { kind: 'empty' }
        : { kind: 'invalid', failure: parsed };
    }
    const ending = lineEndingBytes(send.lineEnding).length;
    return {
      kind: 'ok',
      size: parsed.bytes.length + checksumLength + ending,
      exact: true,
      checksum: checksum(send.checksum, parsed.bytes),
    };
  }

  const segments = send.escapes
    ? parseEscapes(message)
    : { ok: true as const, segments: [message] };
  if (!segments.ok) return { kind: 'invalid', failure: segments };
  const unencodable = firstUnencodable(message, send.escapes, encoding);
  if (unencodable) return { kind: 'invalid', failure: unencodable };
  const parts: Uint8Array[] = [];
  let estimated = 0;
  let exact = true;
  for (const segment of segments.segments) {
    if (typeof segment !== 'string') {
      parts.push(segment);
      continue;
    }
    // ASCII is one byte per character in every offered encoding but UTF-16.
    const encoded =
      encodeHere(segment, encoding) ?? (isAscii(segment) ? singleBytes(segment, 0x80) : undefined);
    if (encoded) parts.push(encoded);
    else {
      exact = false;
      estimated += estimateLength(segment, encoding);
    }
  }
  const endingText = lineEndingText(send.lineEnding);
  const ending = encoding.startsWith('utf-16') ? endingText.length * 2 : endingText.length;
  const body = concat(parts);
  return {
    kind: 'ok',
    size: body.length + estimated + checksumLength + ending,
    exact,
    ...(exact ? { checksum: checksum(send.checksum, body) } : {}),
  };
}
