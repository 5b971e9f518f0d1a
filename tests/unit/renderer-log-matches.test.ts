/**
 * Only matches: the rows model over a list of seqs (matchRows), the MatchList the page keeps, and
 * the MatchCollector that fills it with the engine's own bounded findInLog over a real LogStore,
 * going on as entries arrive and dropping those the log evicts. Also the LogFetcher's sparse
 * fetching: only the matches on screen are read, not the entries between them.
 */
import { describe, expect, it } from 'vitest';
import { LogStore } from '../../src/main/engine/log-store';
import { findInLog } from '../../src/main/engine/log-search';
import type { CommandApi, LogFilter, LogWindow } from '../../src/shared/contract';
import { MatchCollector, MatchList } from '../../src/renderer/log/match-list';
import type { CollectorUpdate } from '../../src/renderer/log/match-list';
import { initialState } from '../../src/renderer/store/initial-state';
import { LogFetcher } from '../../src/renderer/store/log-fetcher';
import {
  matchRows,
  rowAt,
  rowAtPosition,
  rowOfSeq,
  rowPosition,
  shownRows,
} from '../../src/renderer/store/log-rows';
import type { SeqSlice } from '../../src/renderer/store/log-rows';
import { reducer } from '../../src/renderer/store/reducer';
import type { LogState } from '../../src/renderer/store/state';
import { emptyLog } from '../../src/renderer/store/state';
import { createStore } from '../../src/renderer/store/store';

const PEER = { host: '127.0.0.1', port: 50000 };
const encoder = new TextEncoder();

function logOf(window: LogWindow, paused?: { lastSeq: number; noteId: number }): LogState {
  return { ...emptyLog(0), window, ...(paused ? { paused } : {}) };
}

function slice(items: number[]): SeqSlice {
  return { items, start: 0, end: items.length };
}

/** A log whose entry `seq` says `entry <seq>`, with "MATCH" in every `every`-th. */
function engineLog(count: number, every: number, first = 1): LogStore {
  const log = new LogStore();
  for (let seq = first; seq < first + count; seq++) appendEntry(log, seq, every);
  return log;
}

function appendEntry(log: LogStore, seq: number, every: number) {
  const text = `entry ${seq}${seq % every === 0 ? ' MATCH' : ''}`;
  log.append(seq, 1_700_000_000_000 + seq, 'rx', PEER, encoder.encode(text));
}

const MATCH: LogFilter = { text: 'MATCH', encoding: 'utf-8' };

/** findInLog as the page calls it (forward, through the engine's own search). */
function finder(log: LogStore, maxMatches = 10_000) {
  const calls: number[] = [];
  const find = (fromSeq: number) => {
    calls.push(fromSeq);
    const found = findInLog(log, { filter: MATCH, fromSeq, maxMatches });
    return Promise.resolve(found);
  };
  return { find, calls };
}

/** Runs a collector until `done` says its last update is the one wanted. */
async function collectUntil(
  collector: MatchCollector,
  updates: CollectorUpdate[],
  done: (update: CollectorUpdate) => boolean,
) {
  void collector.run();
  await expect.poll(() => updates.some(done), { timeout: 5000 }).toBe(true);
}

describe('matchRows: the rows of Only matches', () => {
  it('addresses the matching entries by index, without notes, from the first kept one', () => {
    const log = logOf({ firstSeq: 5, lastSeq: 100, evicted: 4 });
    const rows = matchRows(
      { ...log, notes: [{ id: 1, afterSeq: 10 } as never] },
      slice([2, 7, 20, 55, 99]),
    );
    expect(rows.count).toBe(4); // seq 2 was evicted
    expect(rows.notes).toEqual([]);
    expect([0, 1, 2, 3].map((i) => rowAt(rows, i))).toEqual(
      [7, 20, 55, 99].map((seq) => ({ kind: 'data', seq })),
    );
    expect(rows.firstSeq).toBe(7);
    expect(rows.lastSeq).toBe(99);
    expect(rowOfSeq(rows, 55)).toBe(2);
    // A position between two matches is the row just after it (the viewport's anchor).
    expect(rowAtPosition(rows, 21)).toBe(2);
    expect(rowAtPosition(rows, 20.5)).toBe(2);
    expect(rowAtPosition(rows, 20)).toBe(1);
    expect(rowAtPosition(rows, 1)).toBe(0);
    expect(rowAtPosition(rows, 1000)).toBe(4);
    expect(rowPosition(rowAt(rows, 1))).toBe(20);
  });

  it('stops at the pause point, and is empty when nothing matches', () => {
    const paused = logOf({ firstSeq: 1, lastSeq: 100, evicted: 0 }, { lastSeq: 50, noteId: 0 });
    const rows = matchRows(paused, slice([10, 40, 60, 90]));
    expect(rows.count).toBe(2);
    expect(rowAt(rows, 1)).toEqual({ kind: 'data', seq: 40 });
    const none = matchRows(paused, slice([]));
    expect(none.count).toBe(0);
    expect(none.lastSeq).toBeLessThan(none.firstSeq);
  });

  it('leaves the rows of every entry as they were', () => {
    const rows = shownRows(logOf({ firstSeq: 3, lastSeq: 9, evicted: 2 }));
    expect(rows.matches).toBeUndefined();
    expect(rows.count).toBe(7);
    expect(rowAt(rows, 0)).toEqual({ kind: 'data', seq: 3 });
  });
});

describe('MatchList', () => {
  it('keeps seqs ascending, drops the evicted ones, and hands out slices that stay valid', () => {
    const list = new MatchList(1);
    list.add({ seqs: [3, 8, 12], nextSeq: 13 });
    list.add({ seqs: [12, 15], nextSeq: 20 }); // an overlap is not counted twice
    expect(list.count).toBe(4);
    expect(list.nextSeq).toBe(20);
    const before = list.slice();
    list.dropBefore(9);
    expect(list.count).toBe(2);
    const after = list.slice();
    expect(after.items.slice(after.start, after.end)).toEqual([12, 15]);
    expect(before.items.slice(before.start, before.end)).toEqual([3, 8, 12, 15]);
  });

  it('copies itself down once most of it was evicted, without changing older slices', () => {
    const list = new MatchList(1);
    const seqs = Array.from({ length: 10_000 }, (_, i) => i + 1);
    list.add({ seqs, nextSeq: 10_001 });
    const old = list.slice();
    list.dropBefore(9_000);
    const now = list.slice();
    expect(now.start).toBe(0);
    expect(now.items).not.toBe(old.items);
    expect(now.items.slice(now.start, now.end)).toEqual(seqs.slice(8_999));
    expect(old.items.slice(old.start, old.end)).toHaveLength(10_000);
  });
});

describe('MatchCollector: findInLog steps over the engine log', () => {
  it('finds every match of 300,000 entries in bounded steps, then goes on with new entries', async () => {
    const log = engineLog(300_000, 1000);
    const { find, calls } = finder(log);
    const updates: CollectorUpdate[] = [];
    const collector = new MatchCollector(find, (update) => updates.push({ ...update }), log.window);
    await collectUntil(collector, updates, (update) => !update.searching);
    expect(collector.list.count).toBe(300);
    // The engine looks at 100,000 entries a step at most: the page never asked for them all.
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(updates.some((update) => update.searching)).toBe(true);

    // New entries arrive: the search goes on from where it stopped, not from the start.
    for (let seq = 300_001; seq <= 302_000; seq++) appendEntry(log, seq, 1000);
    const asked = calls.length;
    updates.length = 0;
    collector.more(log.window);
    await expect.poll(() => collector.list.count).toBe(302);
    expect(calls.slice(asked)[0]).toBe(300_001);
    const { items, start, end } = collector.list.slice();
    expect(items.slice(start, end).slice(-3)).toEqual([300_000, 301_000, 302_000]);
    collector.stop();
  });

  it('drops matches the log evicted, even while it waits for new entries', async () => {
    const log = engineLog(5000, 100);
    const { find } = finder(log);
    const updates: CollectorUpdate[] = [];
    const collector = new MatchCollector(find, (update) => updates.push(update), log.window);
    await collectUntil(collector, updates, (update) => !update.searching);
    expect(collector.list.count).toBe(50);
    collector.more({ firstSeq: 2001, lastSeq: 5000 });
    expect(collector.list.count).toBe(30);
    collector.stop();
  });

  it('reports a failed search and stops', async () => {
    const updates: CollectorUpdate[] = [];
    const collector = new MatchCollector(
      () => Promise.resolve({ ok: false, code: 'INVALID_HEX', message: 'bad hex', params: {} }),
      (update) => updates.push(update),
      { firstSeq: 1, lastSeq: 10 },
    );
    await collector.run();
    expect(updates).toEqual([
      expect.objectContaining({
        searching: false,
        failure: expect.objectContaining({ code: 'INVALID_HEX' }),
      }),
    ]);
  });

  it('a stopped collector asks nothing more', async () => {
    const log = engineLog(1000, 10);
    const { find, calls } = finder(log);
    const collector = new MatchCollector(find, () => {}, log.window);
    collector.stop();
    await collector.run();
    expect(calls).toEqual([]);
  });
});

describe('LogFetcher with Only matches', () => {
  it('reads the matches on screen, not the entries between them', async () => {
    const log = engineLog(100_000, 5000);
    const state = reducer(initialState({ history: [], tabs: [], activeIndex: 0 }, ['s1'], 'en'), {
      type: 'log-fetched',
      sessionId: 's1',
      entries: [],
      window: log.window,
    });
    const store = createStore(state, () => () => {});
    const requests: { fromSeq: number; count: number }[] = [];
    const client: Pick<CommandApi, 'readLog'> = {
      readLog: ({ fromSeq, count }) => {
        requests.push({ fromSeq, count });
        return Promise.resolve({ ok: true, entries: log.read(fromSeq, count), ...log.window });
      },
    };
    const fetcher = new LogFetcher(client, store, 0);
    const seqs = Array.from({ length: 20 }, (_, i) => (i + 1) * 5000);
    const cache = store.logs.of('s1')!;
    cache.setFocus(seqs[0]!, seqs.at(-1)!, false, seqs);
    fetcher.want('s1', seqs[0]!, seqs.at(-1)!, false, seqs);
    await expect.poll(() => seqs.every((seq) => cache.has(seq)), { timeout: 5000 }).toBe(true);
    fetcher.dispose();
    // One small read per match (they are 5,000 apart): 20 entries read, not 95,001.
    expect(requests).toHaveLength(20);
    expect(requests.every((request) => request.count === 1)).toBe(true);
  });
});
