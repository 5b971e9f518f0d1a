/**
 * Decoding in the engine (auto-reply matching, exports): iconv-lite, whose tables are the ones
 * the engine's encoder uses, so text the engine can send it can also recognise. Node's ICU-backed
 * `TextDecoder` drops or replaces some Big5 (HKSCS) and EUC-KR (UHC) characters that iconv-lite
 * encodes and Chromium decodes. The page keeps decoding with the platform's `TextDecoder`
 * (src/shared/codec/text-decoder.ts): in Chromium it follows the Encoding Standard.
 */
import iconv from 'iconv-lite';
import type { EncodingName } from '../../shared/contract';
import { StreamDecoder, decodeText } from '../../shared/codec/text-decoder';

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

/**
 * A byte stream as text in the engine, with the same tables as decodeInEngine: a character split
 * across two chunks (two TCP reads) comes out whole with the second. `flush` ends a message (an
 * unfinished sequence becomes U+FFFD) and the decoder starts afresh, so one decoder can decode
 * many messages without the cost of a new one each time.
 */
export class EngineStreamDecoder {
  private readonly decodeChunk: (bytes: Uint8Array) => string;
  private readonly end: () => string;

  constructor(encoding: EncodingName) {
    if (BY_ICONV.has(encoding)) {
      const decoder = iconv.getDecoder(encoding);
      this.decodeChunk = (bytes) =>
        decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      this.end = () => decoder.end() ?? '';
    } else {
      const decoder = new StreamDecoder(encoding);
      this.decodeChunk = (bytes) => decoder.decode(bytes);
      this.end = () => decoder.flush();
    }
  }

  decode(bytes: Uint8Array): string {
    return this.decodeChunk(bytes);
  }

  flush(): string {
    return this.end();
  }
}
