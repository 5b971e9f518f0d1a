import { describe, expect, it } from 'vitest';
import { LogTextDecoder } from '../../src/renderer/log/log-text-decoder';
import { visiblePieces } from '../../src/renderer/log/visible-text';
import type { DataEntry, LogEntry } from '../../src/renderer/store/state';

const PEER = { host: '127.0.0.1', port: 8888 };

function chunk(id: number, bytes: number[], connectionId = 'c1', direction: 'rx' | 'tx' = 'rx') {
  return {
    kind: 'data',
    id,
    at: 0,
    direction,
    peer: PEER,
    connectionId,
    bytes: Uint8Array.from(bytes),
  } satisfies DataEntry;
}

function texts(decoder: LogTextDecoder, entries: LogEntry[]) {
  return entries.map((_, i) => decoder.textAt(entries, i));
}

// 你 = E4 BD A0 in UTF-8, C4 E3 in GBK.
describe('LogTextDecoder', () => {
  it('joins a UTF-8 character split across two TCP chunks, even when rows render out of order', () => {
    const entries = [chunk(1, [0x41, 0xe4, 0xbd]), chunk(2, [0xa0, 0x42])];
    const decoder = new LogTextDecoder('utf-8', false);

    // The second row asked first (scrolled into view from the bottom) still decodes in order.
    expect(decoder.textAt(entries, 1)).toBe('你B');
    expect(decoder.textAt(entries, 0)).toBe('A');
  });

  it('keeps one decoder per connection and direction, so interleaved streams do not mix', () => {
    const entries = [
      chunk(1, [0xe4], 'c1'),
      chunk(2, [0xe4, 0xbd, 0xa0], 'c2'),
      chunk(3, [0xbd, 0xa0], 'c1'),
      chunk(4, [0xc4], 'c1', 'tx'),
    ];
    expect(texts(new LogTextDecoder('utf-8', false), entries)).toEqual(['', '你', '你', '']);
  });

  it('re-reads the same bytes in another encoding', () => {
    const entries = [chunk(1, [0xc4]), chunk(2, [0xe3, 0x21])];
    expect(texts(new LogTextDecoder('gbk', false), entries)).toEqual(['', '你!']);
    expect(texts(new LogTextDecoder('utf-8', false), entries).join('')).toContain('\uFFFD');
  });

  it('decodes each UDP datagram alone: a datagram is a whole message', () => {
    const entries = [chunk(1, [0xe4, 0xbd]), chunk(2, [0xa0])];
    const shown = texts(new LogTextDecoder('utf-8', true), entries);
    expect(shown[0]).toBe('\uFFFD');
    expect(shown[1]).toBe('\uFFFD');
  });

  it('survives the log dropping its oldest entries', () => {
    const decoder = new LogTextDecoder('utf-8', false);
    const all = [chunk(1, [0x61]), chunk(2, [0x62]), chunk(3, [0x63])];
    expect(decoder.textAt(all, 1)).toBe('b');
    const trimmed = all.slice(2);
    expect(decoder.textAt(trimmed, 0)).toBe('c');
  });
});

describe('visiblePieces', () => {
  it('shows line endings and control characters as the escapes people type', () => {
    const shown = visiblePieces('a\r\nb\n\0\x1b\tz\r');
    expect(shown).toEqual([
      { text: 'a', symbol: false },
      { text: '\\r\\n\n', symbol: true },
      { text: 'b', symbol: false },
      { text: '\\n\n', symbol: true },
      { text: '\\0', symbol: true },
      { text: '\\x1B', symbol: true },
      { text: '\tz', symbol: false },
      { text: '\\r', symbol: true },
    ]);
  });

  it('leaves ordinary text, CJK included, as one piece', () => {
    expect(visiblePieces('你好, world')).toEqual([{ text: '你好, world', symbol: false }]);
  });
});
