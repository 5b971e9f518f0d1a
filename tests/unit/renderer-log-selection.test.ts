/**
 * Selecting log rows: the selection as a range of seqs (click, Shift+click, select all, clipped
 * by eviction, unchanged by new entries), what it counts with Only matches, Copy's text (as the
 * log shows rows) and its bounded reads from a real LogStore, and the export scope each Entries
 * choice asks for.
 */
import { describe, expect, it } from 'vitest';
import { LogStore } from '../../src/main/engine/log-store';
import type { CommandApi, LogEntry, LogFilter } from '../../src/shared/contract';
import { MAX_COPY_ENTRIES, copyText, readSelected } from '../../src/renderer/log/copy-rows';
import { exportScope } from '../../src/renderer/log/export-scope';
import {
  clickSelection,
  isSelected,
  selectAll,
  selectedCount,
  selectedRange,
  selectedSeqs,
} from '../../src/renderer/log/log-selection';
import { formatTime } from '../../src/renderer/log/format-time';

const PEER = { host: '127.0.0.1', port: 9000 };
const AT = 1_700_000_000_000;
const encoder = new TextEncoder();

function entry(seq: number, text: string | Uint8Array, extra: Partial<LogEntry> = {}): LogEntry {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  return {
    seq,
    at: AT + seq * 10,
    direction: 'rx',
    peer: PEER,
    bytes,
    prefix: new Uint8Array(),
    ...extra,
  };
}

function storeWith(count: number, text: (seq: number) => string = (seq) => `line ${seq}`) {
  const log = new LogStore();
  for (let seq = 1; seq <= count; seq++) {
    log.append(seq, AT + seq, 'rx', PEER, encoder.encode(text(seq)));
  }
  const requests: { fromSeq: number; count: number }[] = [];
  const readLog: CommandApi['readLog'] = ({ fromSeq, count: wanted, maxBytes }) => {
    requests.push({ fromSeq, count: wanted });
    const entries = log.read(fromSeq, wanted, {
      maxBytes: maxBytes ?? Infinity,
      maxEntryBytes: Infinity,
    });
    return Promise.resolve({ ok: true, entries, ...log.window });
  };
  return { log, readLog, requests };
}

describe('the selection, a range of seqs', () => {
  it('click selects one row, Shift+click stretches from the first to another (either way)', () => {
    const one = clickSelection(undefined, 7, false);
    expect(one).toEqual({ anchor: 7, focus: 7 });
    const down = clickSelection(one, 12, true);
    expect(selectedRange(down, { firstSeq: 1, lastSeq: 20, evicted: 0 })).toEqual({
      from: 7,
      to: 12,
    });
    const up = clickSelection(down, 3, true);
    expect(selectedRange(up, { firstSeq: 1, lastSeq: 20, evicted: 0 })).toEqual({ from: 3, to: 7 });
    // A plain click starts over; Shift+click with nothing selected selects the one row.
    expect(clickSelection(up, 15, false)).toEqual({ anchor: 15, focus: 15 });
    expect(clickSelection(undefined, 4, true)).toEqual({ anchor: 4, focus: 4 });
  });

  it('select all takes every kept entry; an empty log has nothing to select', () => {
    expect(selectAll({ firstSeq: 41, lastSeq: 90, evicted: 40 })).toEqual({
      anchor: 41,
      focus: 90,
    });
    expect(selectAll({ firstSeq: 91, lastSeq: 90, evicted: 90 })).toBeUndefined();
  });

  it('holds while entries arrive and is clipped as the oldest are evicted', () => {
    const selection = { anchor: 10, focus: 30 };
    expect(selectedRange(selection, { firstSeq: 1, lastSeq: 500, evicted: 0 })).toEqual({
      from: 10,
      to: 30,
    });
    expect(selectedRange(selection, { firstSeq: 25, lastSeq: 600, evicted: 24 })).toEqual({
      from: 25,
      to: 30,
    });
    expect(selectedRange(selection, { firstSeq: 31, lastSeq: 700, evicted: 30 })).toBeUndefined();
    const range = { from: 25, to: 30 };
    expect([24, 25, 30, 31].map((seq) => isSelected(range, seq))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('counts rows, or with Only matches the matches in the range', () => {
    const range = { from: 10, to: 30 };
    expect(selectedCount(range, undefined)).toBe(21);
    const matches = { items: [2, 10, 15, 29, 31, 40], start: 0, end: 6 };
    expect(selectedCount(range, matches)).toBe(3);
    expect(selectedSeqs(range, matches, 10)).toEqual([10, 15, 29]);
    expect(selectedSeqs(range, undefined, 100)).toHaveLength(21);
    // Too many to list (Copy's bound): undefined, not a list of millions.
    expect(selectedSeqs({ from: 1, to: 2_000_000 }, undefined, MAX_COPY_ENTRIES)).toBeUndefined();
    expect(selectedCount(undefined, matches)).toBe(0);
  });
});

describe('Copy: the rows as the log shows them', () => {
  it('one line per entry: clock time, direction, peer, text with its control characters escaped', () => {
    const text = copyText(
      [entry(1, 'hello\r\n'), entry(2, 'tab\there\u0000', { direction: 'tx' })],
      { encoding: 'utf-8', hexDisplay: false, timestampMode: 'absolute' },
    );
    expect(text).toBe(
      `${formatTime(AT + 10)} RX 127.0.0.1:9000 → hello\\r\\n\n` +
        `${formatTime(AT + 20)} TX 127.0.0.1:9000 → tab\there\\0`,
    );
  });

  it('hex with Hex display; no time with timestamps off; +ms since the previous or first entry', () => {
    const rows = [entry(5, new Uint8Array([0x0d, 0x0a, 0xff])), entry(6, 'x')];
    expect(copyText(rows, { encoding: 'utf-8', hexDisplay: true })).toBe(
      'RX 127.0.0.1:9000 → 0D 0A FF\nRX 127.0.0.1:9000 → 78',
    );
    const before = entry(4, 'before');
    expect(
      copyText(
        rows,
        { encoding: 'utf-8', hexDisplay: true, timestampMode: 'since-previous' },
        before,
      ),
    ).toBe('+10 ms RX 127.0.0.1:9000 → 0D 0A FF\n+10 ms RX 127.0.0.1:9000 → 78');
    expect(
      copyText(rows, {
        encoding: 'utf-8',
        hexDisplay: true,
        timestampMode: 'since-start',
        startAt: AT,
      }),
    ).toBe('+50 ms RX 127.0.0.1:9000 → 0D 0A FF\n+60 ms RX 127.0.0.1:9000 → 78');
  });

  it('a character split across two TCP reads comes out whole (the entry prefix), in GBK too', () => {
    const gbk = new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]); // 中文
    const second = entry(2, gbk.subarray(1), { connectionId: 'c1', prefix: gbk.subarray(0, 1) });
    expect(copyText([second], { encoding: 'gbk', hexDisplay: false })).toBe(
      'RX 127.0.0.1:9000 → 中文',
    );
    // Without its prefix the first byte is lost: what the log would show is not what Copy says.
    const alone = entry(2, gbk.subarray(1), { connectionId: 'c1' });
    expect(copyText([alone], { encoding: 'gbk', hexDisplay: false })).not.toContain('中');
  });
});

describe('readSelected: Copy reads what is selected, bounded', () => {
  it('reads a range whole, with the entry before it for "since previous"', async () => {
    const { readLog } = storeWith(100);
    const read = await readSelected(readLog, 's1', [10, 11, 12]);
    if (read.ok !== true) throw new Error('not read');
    expect(read.entries.map((e) => new TextDecoder().decode(e.bytes))).toEqual([
      'line 10',
      'line 11',
      'line 12',
    ]);
    expect(read.before?.seq).toBe(9);
  });

  it('reads sparse matches with few requests, and only those', async () => {
    const { readLog, requests } = storeWith(50_000);
    const seqs = [5, 6, 900, 30_000, 30_001, 49_999];
    const read = await readSelected(readLog, 's1', seqs);
    if (read.ok !== true) throw new Error('not read');
    expect(read.entries.map((e) => e.seq)).toEqual(seqs);
    expect(requests.length).toBeLessThanOrEqual(4);
    expect(requests.reduce((sum, request) => sum + request.count, 0)).toBeLessThan(5000);
  });

  it('too many rows or too many bytes: too-large, and says how many were selected', async () => {
    const { readLog, requests } = storeWith(10);
    const many = Array.from({ length: MAX_COPY_ENTRIES + 1 }, (_, i) => i + 1);
    expect(await readSelected(readLog, 's1', many)).toEqual({
      ok: 'too-large',
      count: MAX_COPY_ENTRIES + 1,
    });
    expect(requests).toEqual([]); // refused before reading anything
    const big = storeWith(3, () => 'x'.repeat(9 * 1024 * 1024));
    expect(await readSelected(big.readLog, 's1', [1, 2, 3])).toEqual({ ok: 'too-large', count: 3 });
  });

  it('leaves out entries the engine evicted meanwhile', async () => {
    const { log, readLog } = storeWith(100);
    log.setLimits({ maxEntries: 50, maxBytes: 1024 * 1024 });
    const read = await readSelected(readLog, 's1', [40, 49, 50, 51, 52]);
    if (read.ok !== true) throw new Error('not read');
    expect(read.entries.map((e) => e.seq)).toEqual([51, 52]);
  });
});

describe('Export log: which entries each choice asks for', () => {
  const filter: LogFilter = { text: 'MATCH', encoding: 'utf-8' };
  const selection = { from: 10, to: 20, count: 11 };

  it('all kept entries: no range, no filter', () => {
    expect(exportScope('all', { selection, filter, onlyMatches: true })).toEqual({});
  });

  it('the selection: its range, and with Only matches on the filter too (only matches are selected)', () => {
    expect(exportScope('selection', { selection, filter, onlyMatches: false })).toEqual({
      fromSeq: 10,
      toSeq: 20,
    });
    expect(exportScope('selection', { selection, filter, onlyMatches: true })).toEqual({
      fromSeq: 10,
      toSeq: 20,
      filter,
    });
  });

  it('matching the filter: every kept entry through the filter', () => {
    expect(exportScope('matches', { filter, onlyMatches: false })).toEqual({ filter });
    // A choice that went away is every entry.
    expect(exportScope('matches', { onlyMatches: false })).toEqual({});
    expect(exportScope('selection', { filter, onlyMatches: false })).toEqual({});
  });
});
