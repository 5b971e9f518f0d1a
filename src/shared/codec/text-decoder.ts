import type { EncodingName } from '../contract';

interface ChunkDecoder {
  /** `stream: true` keeps an unfinished multibyte sequence for the next call. */
  decode(chunk: Uint8Array, stream: boolean): string;
}

/** Code units in the platform's byte order, which the matching UTF-16 decoder reads back as is. */
const NATIVE_UTF16 = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 'utf-16le' : 'utf-16be';

/**
 * One byte, one character, through a 256-entry table. Used where the WHATWG labels lie:
 * `TextDecoder('iso-8859-1')` and `TextDecoder('ascii')` are both windows-1252, which would show
 * 0x80 as € instead of the byte that is really on the wire. The code units are turned into a
 * string by a UTF-16 TextDecoder: far faster than `String.fromCharCode` on large chunks, and
 * exact, since the table holds no surrogates.
 */
class SingleByteDecoder implements ChunkDecoder {
  private readonly utf16 = new TextDecoder(NATIVE_UTF16, { ignoreBOM: true });

  constructor(private readonly table: Uint16Array) {}

  decode(chunk: Uint8Array): string {
    const codes = new Uint16Array(chunk.length);
    for (let i = 0; i < chunk.length; i++) codes[i] = this.table[chunk[i]!]!;
    return this.utf16.decode(new Uint8Array(codes.buffer));
  }
}

const LATIN1_TABLE = Uint16Array.from({ length: 256 }, (_, b) => b);
const ASCII_TABLE = Uint16Array.from({ length: 256 }, (_, b) => (b < 0x80 ? b : 0xfffd));

/**
 * gbk is decoded with the gb18030 decoder: the Encoding Standard defines them as one decoder, and
 * Node's ICU-backed `TextDecoder('gbk')` would otherwise turn GB18030 four-byte sequences into
 * U+FFFD where Chromium decodes them.
 */
const DECODER_LABEL: Record<Exclude<EncodingName, 'iso-8859-1' | 'ascii'>, string> = {
  'utf-8': 'utf-8',
  gbk: 'gb18030',
  gb18030: 'gb18030',
  big5: 'big5',
  shift_jis: 'shift_jis',
  'euc-kr': 'euc-kr',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

class PlatformDecoder implements ChunkDecoder {
  // ignoreBOM keeps a BOM as U+FEFF, so what is shown matches the bytes on the wire.
  private decoder: InstanceType<typeof TextDecoder>;

  constructor(private readonly label: string) {
    this.decoder = new TextDecoder(label, { ignoreBOM: true });
  }

  decode(chunk: Uint8Array, stream: boolean): string {
    try {
      return this.decoder.decode(chunk, { stream });
    } catch {
      // Node's ICU-backed gb18030 decoder throws on some invalid sequences split across chunks
      // (e.g. 81 30 | 00), where the Encoding Standard (and Chromium) give U+FFFD. Bytes from a
      // peer must never throw: start a fresh decoder and decode this chunk on its own.
      this.decoder = new TextDecoder(this.label, { ignoreBOM: true });
      try {
        return this.decoder.decode(chunk, { stream });
      } catch {
        this.decoder = new TextDecoder(this.label, { ignoreBOM: true });
        return '\uFFFD'.repeat(chunk.length);
      }
    }
  }
}

function chunkDecoder(encoding: EncodingName): ChunkDecoder {
  if (encoding === 'iso-8859-1') return new SingleByteDecoder(LATIN1_TABLE);
  if (encoding === 'ascii') return new SingleByteDecoder(ASCII_TABLE);
  return new PlatformDecoder(DECODER_LABEL[encoding]);
}

/**
 * Decodes a byte stream chunk by chunk: a character split across two TCP reads comes out whole
 * with the second chunk. Keep one per connection and direction. Bytes that are not valid in the
 * encoding become U+FFFD.
 *
 * Legacy encodings come from the platform: Chromium follows the Encoding Standard; Node's ICU
 * tables differ at the edges (euc-kr without the UHC extension, big5 without HKSCS).
 */
export class StreamDecoder {
  private readonly decoder: ChunkDecoder;

  constructor(readonly encoding: EncodingName) {
    this.decoder = chunkDecoder(encoding);
  }

  decode(chunk: Uint8Array): string {
    return this.decoder.decode(chunk, true);
  }

  /** The end of the stream: an unfinished sequence left over becomes U+FFFD. */
  flush(): string {
    return this.decoder.decode(new Uint8Array(0), false);
  }
}

/** Decodes a complete message in one go. */
export function decodeText(bytes: Uint8Array, encoding: EncodingName): string {
  return chunkDecoder(encoding).decode(bytes, false);
}
