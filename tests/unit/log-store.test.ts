import { describe, expect, it } from 'vitest';
import { StreamDecoder } from '../../src/shared/codec/text-decoder';
import { LogStore } from '../../src/main/engine/log-store';

const PEER = { host: '127.0.0.1', port: 7 };

function fill(store: LogStore, chunks: number[][], connectionId?: string, firstSeq = 1) {
  chunks.forEach((bytes, i) =>
    store.append(firstSeq + i, 1000 + i, 'rx', PEER, new Uint8Array(bytes), connectionId),
  );
}

describe('LogStore', () => {
  it('keeps exact copies of every chunk, readable by sequence number', () => {
    const store = new LogStore();
    const socketBuffer = new Uint8Array([1, 2, 3]);
    store.append(1, 10, 'rx', PEER, socketBuffer, 'c1');
    store.append(2, 11, 'tx', { host: '::1', port: 9 }, new Uint8Array([4]), 'c1');
    socketBuffer.fill(0); // the socket reuses its buffer: the log must not change
    const [a, b] = store.read(1, 10);
    expect(a).toMatchObject({ seq: 1, at: 10, direction: 'rx', connectionId: 'c1', peer: PEER });
    expect([...a!.bytes]).toEqual([1, 2, 3]);
    expect(b).toMatchObject({ seq: 2, direction: 'tx', peer: { host: '::1', port: 9 } });
    expect(store.window).toEqual({ firstSeq: 1, lastSeq: 2, evicted: 0 });
  });

  it('evicts the oldest entries beyond the entry limit and counts them', () => {
    const store = new LogStore({ maxEntries: 3, maxBytes: 1 << 20 });
    fill(store, [[1], [2], [3], [4], [5]]);
    expect(store.window).toEqual({ firstSeq: 3, lastSeq: 5, evicted: 2 });
    expect(store.read(1, 10).map((e) => e.bytes[0])).toEqual([3, 4, 5]);
  });

  it('evicts by payload bytes too, and keeps memory bounded under a long flood', () => {
    const store = new LogStore({ maxEntries: 1_000_000, maxBytes: 64 * 1024 });
    const chunk = new Uint8Array(1000);
    for (let seq = 1; seq <= 20_000; seq++) store.append(seq, seq, 'rx', PEER, chunk, 'c1');
    const { firstSeq, lastSeq, evicted } = store.window;
    expect(lastSeq - firstSeq + 1).toBe(65); // 65 × 1000 ≤ 64 KiB < 66 × 1000
    expect(evicted).toBe(20_000 - 65);
    // 20 MB went through; what is held is the limit plus at most two 64 KiB arenas and the rings.
    expect(store.heldBytes).toBeLessThanOrEqual(3 * 64 * 1024 + 1024 * 34);
  });

  it('gives each entry the stream bytes before it, so a split character decodes whole', () => {
    const store = new LogStore({ maxEntries: 2, maxBytes: 1 << 20 });
    // 你 (E4 BD A0) split as E4 | BD | A0 41; the first two entries are then evicted.
    fill(store, [[0xe4], [0xbd], [0xa0, 0x41]], 'c1');
    const [entry] = store.read(3, 1);
    expect([...entry!.prefix]).toEqual([0xe4, 0xbd]);
    const decoder = new StreamDecoder('utf-8');
    decoder.decode(entry!.prefix);
    expect(decoder.decode(entry!.bytes)).toBe('你A');
  });

  it('keeps streams apart: per connection and direction, none for UDP', () => {
    const store = new LogStore();
    store.append(1, 1, 'rx', PEER, new Uint8Array([1, 2, 3, 4, 5]), 'c1');
    store.append(2, 2, 'tx', PEER, new Uint8Array([9]), 'c1');
    store.append(3, 3, 'rx', PEER, new Uint8Array([6]), 'c2');
    store.append(4, 4, 'rx', PEER, new Uint8Array([7]), 'c1');
    store.append(5, 5, 'rx', PEER, new Uint8Array([8]));
    store.append(6, 6, 'rx', PEER, new Uint8Array([8]));
    const prefixes = store.read(1, 10).map((e) => [...e.prefix]);
    expect(prefixes).toEqual([[], [], [], [2, 3, 4, 5], [], []]);
  });

  it('clear forgets entries but not sequence numbers; shrinking limits evicts at once', () => {
    const store = new LogStore();
    fill(store, [[1], [2], [3]]);
    store.clear();
    expect(store.window).toEqual({ firstSeq: 4, lastSeq: 3, evicted: 0 });
    expect(store.read(1, 10)).toEqual([]);
    fill(store, [[4], [5], [6]], undefined, 4);
    store.setLimits({ maxEntries: 1, maxBytes: 1 << 20 });
    expect(store.window).toEqual({ firstSeq: 6, lastSeq: 6, evicted: 2 });
  });

  it('grows its rings past the first capacity without losing order', () => {
    const store = new LogStore({ maxEntries: 5000, maxBytes: 1 << 30 });
    for (let seq = 1; seq <= 6000; seq++) {
      store.append(seq, seq, 'rx', PEER, new Uint8Array([seq & 0xff]), 'c1');
    }
    const entries = store.read(1, 10_000);
    expect(entries).toHaveLength(5000);
    expect(entries[0]?.seq).toBe(1001);
    expect(entries.every((e, i) => e.seq === 1001 + i && e.bytes[0] === (e.seq & 0xff))).toBe(true);
  });

  it('re-uses emptied arenas: a long flood of mixed sizes holds no more than its limit and a few arenas', () => {
    const maxBytes = 64 << 20; // 4 MiB arenas, re-used
    const store = new LogStore({ maxEntries: 1_000_000, maxBytes });
    let seq = 0;
    for (let round = 0; round < 12_000; round++) {
      store.append(++seq, seq, 'rx', PEER, new Uint8Array(100).fill(seq & 0xff), 'c1');
      store.append(++seq, seq, 'rx', PEER, new Uint8Array(20_000).fill(seq & 0xff), 'c1');
      store.append(++seq, seq, 'tx', PEER, new Uint8Array(3000).fill(seq & 0xff), 'c1');
    }
    // 277 MB went through.
    expect(store.heldBytes).toBeLessThanOrEqual(maxBytes + 4 * 4 * 1024 * 1024 + 65_536 * 34);
    const { firstSeq, lastSeq } = store.window;
    const entries = store.read(firstSeq, lastSeq - firstSeq + 1);
    expect(entries.map((e) => e.seq)).toEqual(
      Array.from({ length: lastSeq - firstSeq + 1 }, (_, i) => firstSeq + i),
    );
    expect(entries.every((e) => e.bytes.every((b) => b === (e.seq & 0xff)))).toBe(true);
  });

  it('hands readers their own bytes: an arena re-used later does not change what was read', () => {
    const store = new LogStore({ maxEntries: 1_000_000, maxBytes: 64 << 20 });
    const chunk = new Uint8Array(60_000);
    store.append(1, 1, 'rx', PEER, new Uint8Array(1000).fill(1));
    const [first] = store.read(1, 1);
    for (let seq = 2; seq < 2000; seq++) store.append(seq, seq, 'rx', PEER, chunk);
    expect(store.window.firstSeq).toBeGreaterThan(1);
    expect(first!.bytes.every((b) => b === 1)).toBe(true);
  });

  it('caps a read by total bytes and cuts each entry to maxEntryBytes, saying its full length', () => {
    const store = new LogStore();
    fill(store, [Array(600).fill(1), Array(600).fill(2), Array(100).fill(3), Array(10).fill(4)]);
    const byTotal = store.read(1, 10, { maxBytes: 1300, maxEntryBytes: Infinity });
    expect(byTotal.map((e) => e.seq)).toEqual([1, 2, 3]);
    const oneBig = store.read(1, 10, { maxBytes: 10, maxEntryBytes: Infinity });
    expect(oneBig.map((e) => e.bytes.length)).toEqual([600]); // the first entry always comes
    const cut = store.read(1, 10, { maxBytes: 1 << 20, maxEntryBytes: 100 });
    expect(cut.map((e) => [e.bytes.length, e.fullLength])).toEqual([
      [100, 600],
      [100, 600],
      [100, undefined],
      [10, undefined],
    ]);
  });
});

describe('LogStore under connection churn', () => {
  it('forgets connections and peers no kept entry uses, and keeps the entries right', () => {
    const store = new LogStore({ maxEntries: 100, maxBytes: 1 << 20 });
    for (let n = 1; n <= 20_000; n++) {
      const peer = { host: '127.0.0.1', port: 10_000 + (n % 3) };
      store.append(n, n, 'rx', peer, new Uint8Array([n & 0xff, (n >> 8) & 0xff]), `c${n}`);
      store.endStream(`c${n}`);
    }
    const tables = store as unknown as { connectionIds: string[]; peers: unknown[] };
    expect(tables.connectionIds.length + tables.peers.length).toBeLessThan(4096 + 2);
    const entries = store.read(1, 1000);
    expect(entries).toHaveLength(100);
    for (const entry of entries) {
      expect(entry.connectionId).toBe(`c${entry.seq}`);
      expect(entry.peer.port).toBe(10_000 + (entry.seq % 3));
      expect([...entry.bytes]).toEqual([entry.seq & 0xff, (entry.seq >> 8) & 0xff]);
    }
  });

  it('keeps an open connection’s stream tail through a compaction', () => {
    const store = new LogStore({ maxEntries: 10, maxBytes: 1 << 20 });
    store.append(1, 1, 'rx', { host: '::1', port: 1 }, new Uint8Array([0xe4, 0xbd]), 'open');
    for (let n = 2; n <= 6000; n++) {
      store.append(n, n, 'rx', { host: '::1', port: n }, new Uint8Array([0x41]), `c${n}`);
      store.endStream(`c${n}`);
    }
    store.append(6001, 6001, 'rx', { host: '::1', port: 1 }, new Uint8Array([0xa0]), 'open');
    const [last] = store.read(6001, 1);
    expect([...last!.prefix]).toEqual([0xe4, 0xbd]);
  });
});
