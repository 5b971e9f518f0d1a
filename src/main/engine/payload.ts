import type { EncodingName, Failure, SendOptions } from '../../shared/contract';
import { fail } from '../../shared/errors';
import { checksum } from '../../shared/codec/checksum';
import { parseEscapes } from '../../shared/codec/escapes';
import { parseHex } from '../../shared/codec/hex';
import { lineEndingBytes, lineEndingText } from '../../shared/codec/line-ending';
import { encodeText } from './text-encoder';

export type PayloadResult = { ok: true; bytes: Uint8Array } | Failure;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function textBytes(data: string, encoding: EncodingName, escapes: boolean): PayloadResult {
  const parsed = escapes ? parseEscapes(data) : { ok: true as const, segments: [data] };
  if (!parsed.ok) return parsed;
  const parts: Uint8Array[] = [];
  for (const segment of parsed.segments) {
    if (typeof segment !== 'string') {
      parts.push(segment);
      continue;
    }
    const encoded = encodeText(segment, encoding);
    if (!encoded.ok) return escapes ? (unencodableAsTyped(data, encoding) ?? encoded) : encoded;
    parts.push(encoded.bytes);
  }
  return { ok: true, bytes: concat(parts) };
}

/**
 * The first character `encoding` cannot hold, at its position in the text as typed: a segment's
 * own position would not count the escape sequences before it (`\x41😀` has 😀 at 5, not 1).
 */
function unencodableAsTyped(data: string, encoding: EncodingName): Failure | undefined {
  const chars = Array.from(data);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '\\') {
      i += chars[i + 1] === 'x' ? 3 : 1; // the text parsed, so every escape is whole
      continue;
    }
    const encoded = encodeText(char, encoding);
    if (!encoded.ok) return fail('UNENCODABLE_TEXT', { encoding, char, position: i + 1 });
  }
  return undefined;
}

/**
 * What the user typed, as the bytes that go on the wire: data, then its checksum, then the line
 * ending. The checksum covers the data only and sits before the line ending, because a
 * line-oriented peer reads up to the line ending and then checks the frame it got (as NMEA
 * sentences put `*hh` before CRLF). In text mode the line ending is encoded like the text, so
 * UTF-16 gets `0D 00 0A 00` and stays aligned; in hex mode it is the plain bytes.
 */
export function buildPayload(data: string, options: SendOptions): PayloadResult {
  let body: PayloadResult;
  let ending: Uint8Array;
  if (options.format === 'hex') {
    const parsed = parseHex(data);
    // Blank is "nothing typed"; separators alone ("  ::  ") are hex gone wrong.
    if (!parsed.ok) {
      return parsed.params.detail === 'empty' && data.trim() === ''
        ? fail('EMPTY_PAYLOAD')
        : parsed;
    }
    body = parsed;
    ending = lineEndingBytes(options.lineEnding);
  } else {
    body = textBytes(data, options.encoding, options.escapes);
    if (!body.ok) return body;
    const encodedEnding = encodeText(lineEndingText(options.lineEnding), options.encoding);
    if (!encodedEnding.ok) return encodedEnding;
    ending = encodedEnding.bytes;
  }
  if (body.bytes.length === 0) return fail('EMPTY_PAYLOAD');
  return { ok: true, bytes: concat([body.bytes, checksum(options.checksum, body.bytes), ending]) };
}
