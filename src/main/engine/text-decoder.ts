/**
 * Decoding in the engine (auto-reply matching, exports): iconv-lite, whose tables are the ones
 * the engine's encoder uses, so text the engine can send it can also recognise. Node's ICU-backed
 * `TextDecoder` drops or replaces some Big5 (HKSCS) and EUC-KR (UHC) characters that iconv-lite
 * encodes and Chromium decodes. The page keeps decoding with the platform's `TextDecoder`
 * (src/shared/codec/text-decoder.ts): in Chromium it follows the Encoding Standard.
 */
import iconv from 'iconv-lite';
import type { EncodingName } from '../../shared/contract';
import { decodeText } from '../../shared/codec/text-decoder';

/** Encodings whose Node decoder differs from iconv-lite's encoder at the edges. */
const BY_ICONV: ReadonlySet<EncodingName> = new Set([
  'gbk',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-kr',
]);

/** A whole message as text; bytes that are not valid in the encoding become U+FFFD. */
export function decodeInEngine(bytes: Uint8Array, encoding: EncodingName): string {
  if (!BY_ICONV.has(encoding)) return decodeText(bytes, encoding);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}
