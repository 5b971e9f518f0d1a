import { describe, expect, it } from 'vitest';
import type { DataEvent, EngineEvent, LogEntry } from '../../src/shared/contract';
import { emptyCounters } from '../../src/shared/contract';
import { LogTextDecoder } from '../../src/renderer/log/log-text-decoder';
import { visiblePieces } from '../../src/renderer/log/visible-text';
import { LogCache } from '../../src/renderer/store/log-cache';
import type { CachedEntry } from '../../src/renderer/store/log-cache';

const PEER = { host: '127.0.0.1', port: 8888 };
const ALL = Infinity;

function chunk(
  seq: number,
  bytes: number[],
  connectionId: string | null = 'c1',
  direction: 'rx' | 'tx' = 'rx',
): DataEvent {
  return {
    type: 'data',
    sessionId: 's1',
    at: seq,
    seq,
    direction,
    peer: PEER,
    ...(connectionId === null ? {} : { connectionId }),
    bytes: Uint8Array.from(bytes),
  };
}

function opened(connectionId: string): EngineEvent {
  return {
    type: 'connection-opened',
    sessionId: 's1',
    at: 0,
    connection: { connectionId, remote: PEER, connectedAt: 0, counters: emptyCounters() },
  };
}

/** As the engine's readLog gives it: with the stream's previous bytes as prefix. */
function fetched(seq: number, bytes: number[], prefix: number[], connectionId = 'c1'): LogEntry {
  return {
    seq,
    at: seq,
    direction: 'rx',
    connectionId,
    peer: PEER,
    bytes: Uint8Array.from(bytes),
    prefix: Uint8Array.from(prefix),
  };
}

function one(cache: LogCache, seq: number): readonly CachedEntry[] {
  const entry = cache.get(seq);
  if (!entry) throw new Error(`entry ${seq} is not in the cache`);
  return [entry];
}

// 你 = E4 BD A0 in UTF-8, C4 E3 in GBK.
describe('LogTextDecoder', () => {
  it('joins a UTF-8 character split across two TCP chunks, even when rows render out of order', () => {
    const cache = new LogCache();
    cache.takeEvents([opened('c1'), chunk(1, [0x41, 0xe4, 0xbd]), chunk(2, [0xa0, 0x42])]);
    const decoder = new LogTextDecoder('utf-8');

    // The second row asked first (scrolled into view from the bottom) decodes with its prefix.
    expect(decoder.text(one(cache, 2), ALL)).toBe('你B');
    expect(decoder.text(one(cache, 1), ALL)).toBe('A');
  });

  it('keeps each connection and direction apart, so interleaved streams do not mix', () => {
    const cache = new LogCache();
    cache.takeEvents([
      opened('c1'),
      opened('c2'),
      chunk(1, [0xe4], 'c1'),
      chunk(2, [0xe4, 0xbd, 0xa0], 'c2'),
      chunk(3, [0xbd, 0xa0], 'c1'),
      chunk(4, [0xc4], 'c1', 'tx'),
    ]);
    const decoder = new LogTextDecoder('utf-8');
    const texts = [1, 2, 3, 4].map((seq) => decoder.text(one(cache, seq), ALL));
    expect(texts).toEqual(['', '你', '你', '']);
  });

  it('decodes a fetched entry with its prefix: a character split across an evicted entry shows whole', () => {
    // Entry 1 (ending in the first GBK byte of 你) was evicted; entry 2 comes from readLog.
    const cache = new LogCache();
    cache.dropBefore(2);
    cache.addFetched([fetched(2, [0xe3, 0x21], [0x41, 0xc4])]);
    expect(new LogTextDecoder('gbk').text(one(cache, 2), ALL)).toBe('你!');
  });

  it('after dropped data events, shows a best guess and asks for the entry again; the fetched one reads right', () => {
    const cache = new LogCache();
    cache.takeEvents([opened('c1'), chunk(1, [0x41, 0xe4])]);
    // Events 2 and 3 never reached the page (the bridge coalesced them).
    cache.takeEvents([chunk(4, [0xa0, 0x42])]);
    expect(cache.has(4)).toBe(false);
    const guess = new LogTextDecoder('utf-8').text(one(cache, 4), ALL);
    expect(guess).toBe('\uFFFDB');

    cache.addFetched([fetched(4, [0xa0, 0x42], [0x41, 0xe4, 0xbd])]);
    expect(cache.has(4)).toBe(true);
    expect(new LogTextDecoder('utf-8').text(one(cache, 4), ALL)).toBe('你B');
  });

  it('re-reads the same bytes in another encoding', () => {
    const cache = new LogCache();
    cache.takeEvents([opened('c1'), chunk(1, [0xc4]), chunk(2, [0xe3, 0x21])]);
    expect(new LogTextDecoder('gbk').text(one(cache, 2), ALL)).toBe('你!');
    expect(new LogTextDecoder('utf-8').text(one(cache, 2), ALL)).toContain('\uFFFD');
  });

  it('decodes each UDP datagram alone: a datagram is a whole message', () => {
    const cache = new LogCache();
    cache.takeEvents([chunk(1, [0xe4, 0xbd], null), chunk(2, [0xa0], null)]);
    const decoder = new LogTextDecoder('utf-8');
    expect(decoder.text(one(cache, 1), ALL)).toBe('\uFFFD');
    expect(decoder.text(one(cache, 2), ALL)).toBe('\uFFFD');
  });

  it('decodes only the bytes shown, and a merged group as one text', () => {
    const cache = new LogCache();
    const text = [...new TextEncoder().encode('hello, world')];
    cache.takeEvents([opened('c1'), chunk(1, text.slice(0, 4)), chunk(2, text.slice(4))]);
    const decoder = new LogTextDecoder('utf-8');
    expect(decoder.text(one(cache, 2), 3)).toBe('o, ');
    const group = [cache.get(1)!, cache.get(2)!];
    expect(decoder.text(group, ALL)).toBe('hello, world');
    expect(decoder.text(group, 6)).toBe('hello,');
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
