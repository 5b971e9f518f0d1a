/**
 * How the log view turns the engine's window into rows: notes placed between entries, offsets of
 * variable-height rows over a million entries, and "merge within N ms" (display only).
 */
import { describe, expect, it } from 'vitest';
import { mergeRows, MAX_MERGED_CHUNKS } from '../../src/renderer/log/merge-groups';
import { MAX_SCROLL_PX, RowLayout, scrollMap } from '../../src/renderer/log/row-layout';
import { withEntry, withNote, withWindow } from '../../src/renderer/store/log';
import type { CachedEntry } from '../../src/renderer/store/log-cache';
import {
  rowAt,
  rowAtPosition,
  rowOfSeq,
  rowPosition,
  shownRows,
} from '../../src/renderer/store/log-rows';
import type { LogRows } from '../../src/renderer/store/log-rows';
import { emptyLog } from '../../src/renderer/store/state';

const PEER = { host: '127.0.0.1', port: 9000 };

function positionsOf(rows: LogRows) {
  return (index: number) => rowPosition(rowAt(rows, index));
}

describe('log rows', () => {
  it('places notes after the entry that was newest when they happened, and finds rows both ways', () => {
    let log = withNote(emptyLog(), { at: 0, note: 'listening' }); // before any entry
    for (let seq = 1; seq <= 5; seq++) log = withEntry(log, seq);
    log = withNote(log, { at: 0, note: 'clientConnected' }); // after entry 5
    log = withNote(log, { at: 0, note: 'disconnected' }); // also after entry 5
    log = withEntry(log, 6);
    const rows = shownRows(log);

    const shown = Array.from({ length: rows.count }, (_, i) => {
      const row = rowAt(rows, i);
      return row.kind === 'data' ? row.seq : row.note.note;
    });
    expect(shown).toEqual(['listening', 1, 2, 3, 4, 5, 'clientConnected', 'disconnected', 6]);
    expect(rowOfSeq(rows, 6)).toBe(8);
    // Positions order the rows and find them again.
    const positions = shown.map((_, i) => rowPosition(rowAt(rows, i)));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    positions.forEach((position, i) => expect(rowAtPosition(rows, position)).toBe(i));
  });

  it('drops the notes whose entries the engine evicted', () => {
    let log = emptyLog();
    for (let seq = 1; seq <= 3; seq++) log = withEntry(log, seq);
    log = withNote(log, { at: 0, note: 'clientConnected' });
    log = withEntry(log, 4);
    // Entry 4 is still there: the note stands before it.
    expect(withWindow(log, { firstSeq: 4, lastSeq: 4, evicted: 3 }).notes).toHaveLength(1);
    log = withWindow(log, { firstSeq: 5, lastSeq: 6, evicted: 4 });
    expect(log.notes).toEqual([]);
    expect(shownRows(log).count).toBe(2);
  });
});

describe('RowLayout', () => {
  it('lays out a million rows: measured rows shift those below them, and offsets find rows back', () => {
    let log = emptyLog();
    log = withWindow(log, { firstSeq: 1, lastSeq: 1_000_000, evicted: 0 });
    const rows = shownRows(log);
    const positionOf = positionsOf(rows);
    const layout = new RowLayout(24, false);

    expect(layout.totalHeight(rows.count, positionOf)).toBe(24_000_000);
    layout.measure(10, 124); // entry 10 (row 9) is 100 px taller than estimated
    layout.measure(500_000, 4); // a row folded into the one above is 20 px shorter

    expect(layout.offsetOf(9, positionOf)).toBe(9 * 24);
    expect(layout.offsetOf(10, positionOf)).toBe(10 * 24 + 100);
    expect(layout.offsetOf(999_999, positionOf)).toBe(999_999 * 24 + 80);
    expect(layout.indexAt(9 * 24 + 50, rows.count, positionOf)).toBe(9);
    expect(layout.indexAt(10 * 24 + 100, rows.count, positionOf)).toBe(10);

    const started = performance.now();
    for (let i = 0; i < 1000; i++) layout.indexAt(i * 20_000, rows.count, positionOf);
    expect(performance.now() - started).toBeLessThan(1000); // microseconds each, in truth
  });

  it('keeps offsets relative to the first row when older rows leave the log', () => {
    const layout = new RowLayout(24, false);
    layout.measure(2, 48);
    layout.measure(7, 48);
    const before = shownRows(withWindow(emptyLog(), { firstSeq: 1, lastSeq: 10, evicted: 0 }));
    const after = shownRows(withWindow(emptyLog(), { firstSeq: 5, lastSeq: 10, evicted: 4 }));
    expect(layout.offsetOf(7, positionsOf(before))).toBe(7 * 24 + 48); // entry 8, below 2 and 7
    expect(layout.offsetOf(3, positionsOf(after))).toBe(3 * 24 + 24); // entry 8, below 7 only
  });

  it('takes rows not yet on screen to be as tall as those measured, on average', () => {
    const rows = shownRows(withWindow(emptyLog(), { firstSeq: 1, lastSeq: 100, evicted: 0 }));
    const positionOf = positionsOf(rows);
    const layout = new RowLayout(24);
    expect(layout.totalHeight(100, positionOf)).toBe(2400);
    layout.measure(1, 40);
    layout.measure(2, 44);
    layout.measure(3, 0); // folded into the row above: not a row height to expect
    expect(layout.estimate).toBe(42);
    expect(layout.offsetOf(3, positionOf)).toBe(84);
    expect(layout.offsetOf(10, positionOf)).toBe(84 + 7 * 42);
    expect(layout.totalHeight(100, positionOf)).toBe(84 + 97 * 42);
  });

  it('maps a log taller than browsers allow onto a bounded scroll area', () => {
    expect(scrollMap(1000, 500)).toEqual({ height: 1000, ratio: 1 });
    const huge = scrollMap(48_000_000, 600);
    expect(huge.height).toBe(MAX_SCROLL_PX);
    expect((MAX_SCROLL_PX - 600) * huge.ratio).toBeCloseTo(48_000_000 - 600);
  });
});

describe('merge within N ms', () => {
  function entry(seq: number, at: number, connectionId = 'c1'): CachedEntry {
    return {
      seq,
      at,
      direction: 'rx',
      connectionId,
      peer: PEER,
      bytes: new Uint8Array([seq]),
      prefix: new Uint8Array(0),
    };
  }
  /** Per row, in order: the entries it shows, or its seq when it is folded into the row above. */
  const heads = (rows: ReturnType<typeof mergeRows>) =>
    [...rows.entries()]
      .sort(([a], [b]) => a - b)
      .map(([seq, group]) => (group ? group.map((e) => e.seq) : seq));

  it("joins one stream's chunks that arrive within N ms of the first, nothing else", () => {
    const entries = new Map(
      [
        entry(1, 0),
        entry(2, 5),
        entry(3, 9),
        entry(4, 30), // too late for the group of 1
        entry(5, 31, 'c2'), // another connection
        entry(6, 32),
        entry(7, 33), // a note stands between 7 and 8
        entry(8, 34),
      ].map((e) => [e.seq, e]),
    );
    const rows = mergeRows(
      (seq) => entries.get(seq),
      1,
      8,
      10,
      (seq) => seq === 7,
    );
    expect(heads(rows)).toEqual([[1, 2, 3], 2, 3, [4], [5], [6, 7], 7, [8]]);
  });

  it('starts from the first chunk of a group above the rows shown, and caps a group', () => {
    const entries = new Map<number, CachedEntry>();
    for (let seq = 1; seq <= 200; seq++) entries.set(seq, entry(seq, 0));
    const rows = mergeRows(
      (seq) => entries.get(seq),
      70,
      70,
      1000,
      () => false,
    );
    // Entries 1–64 are one group, 65–128 the next: 70 is folded into 65's.
    expect(MAX_MERGED_CHUNKS).toBe(64);
    expect(heads(rows)).toEqual([70]);
    const from65 = mergeRows(
      (seq) => entries.get(seq),
      65,
      65,
      1000,
      () => false,
    );
    expect(from65.get(65)?.map((e) => e.seq)).toEqual(Array.from({ length: 64 }, (_, i) => 65 + i));
  });
});
