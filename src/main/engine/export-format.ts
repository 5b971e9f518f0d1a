/**
 * How a log export writes each entry: as the log shows it (text), as a spreadsheet row (CSV), as
 * log to file does (JSON Lines), or the bare bytes of one direction.
 */
import type { EncodingName, ExportFormat } from '../../shared/contract';
import { formatHex } from '../../shared/codec/hex';
import { formatAddress } from '../../shared/errors';
import type { Chunk, ChunkFormat } from './chunk';
import { logLine } from './log-file';
import { EngineStreamDecoder, decodeInEngine } from './text-decoder';

export interface ExportOptions {
  format: ExportFormat;
  encoding: EncodingName;
  /** `text`: the payload as hex. */
  hex: boolean;
  /**
   * Only some entries are written (a filter): a TCP entry may not follow the one before it in
   * its stream, so each is decoded after its own prefix, not after the last entry written.
   */
  gaps?: boolean;
}

/** What comes before the first entry: CSV's header row. */
export function exportHeader(format: ExportFormat): string {
  // The BOM makes Excel read the file as UTF-8 (without it, Chinese text comes out garbled).
  return format === 'csv' ? '\uFEFFtime,direction,peer,bytes,hex,text\r\n' : '';
}

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-11-25 17:02:03.123`, local time, as the log shows it. */
export function formatLogTime(at: number): string {
  const t = new Date(at);
  const date = `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}`;
  const time = `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
  return `${date} ${time}.${String(t.getMilliseconds()).padStart(3, '0')}`;
}

const NAMED_ESCAPES: Record<string, string> = {
  '\r': '\\r',
  '\n': '\\n',
  '\t': '\\t',
  '\0': '\\0',
};

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Control characters as escapes (`\r`, `\n`, `\x1B`), so one entry is one line whatever it holds.
 * Line and paragraph separators too: editors break lines at them.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => {
    const named = NAMED_ESCAPES[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
      : `\\u${code.toString(16).toUpperCase()}`;
  });
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Decodes each entry as the log shows it: a UDP datagram on its own; a TCP stream's entries one
 * after another with one decoder per connection and direction, so a character split across two
 * reads comes out whole in the second. The first entry of a stream in the export (with `gaps`,
 * every entry) is preceded by the bytes the stream had before it (`prefixOf`), for the same
 * reason.
 */
function entryDecoder(
  encoding: EncodingName,
  prefixOf: (seq: number) => Uint8Array,
  gaps: boolean,
) {
  const streams = new Map<string, EngineStreamDecoder>();
  return (entry: Chunk): string => {
    if (entry.connectionId === undefined) return decodeInEngine(entry.bytes, encoding);
    const key = `${entry.direction}|${entry.connectionId}`;
    let decoder = streams.get(key);
    const fresh = !decoder;
    if (!decoder) {
      decoder = new EngineStreamDecoder(encoding);
      streams.set(key, decoder);
    }
    if (fresh || gaps) {
      // What the last entry written left pending is not this entry's start (gaps): forget it.
      if (!fresh) decoder.flush();
      // Only the pending part of a split character matters; the prefix's own text is not shown.
      decoder.decode(prefixOf(entry.seq));
    }
    return decoder.decode(entry.bytes);
  };
}

const upper = { rx: 'RX', tx: 'TX' } as const;

/** The format's writer of one entry (undefined: the entry is not part of this export). */
export function exportFormat(
  options: ExportOptions,
  prefixOf: (seq: number) => Uint8Array,
): ChunkFormat {
  const { format, encoding, hex, gaps = false } = options;
  const asText = entryDecoder(encoding, prefixOf, gaps);
  const peerOf = (entry: Chunk) => formatAddress(entry.peer.host, entry.peer.port);
  switch (format) {
    case 'text':
      return (entry) => {
        const payload = hex ? formatHex(entry.bytes) : escapeControls(asText(entry));
        return `${formatLogTime(entry.at)} ${upper[entry.direction]} ${peerOf(entry)} → ${payload}\n`;
      };
    case 'csv':
      return (entry) =>
        [
          formatLogTime(entry.at),
          entry.direction,
          csvField(peerOf(entry)),
          String(entry.bytes.length),
          formatHex(entry.bytes),
          csvField(asText(entry)),
        ].join(',') + '\r\n';
    case 'jsonl':
      return logLine;
    case 'raw-rx':
    case 'raw-tx': {
      const direction = format === 'raw-rx' ? 'rx' : 'tx';
      return (entry) => (entry.direction === direction ? entry.bytes : undefined);
    }
  }
}
