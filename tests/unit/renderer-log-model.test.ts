/**
 * The renderer's log model under load: 100,000 entries through the store (events batched per
 * frame, entries in the bounded cache), rows read back by index, old rows fetched with readLog
 * from the engine's own LogStore.
 */
import { describe, expect, it } from 'vitest';
import { LogStore } from '../../src/main/engine/log-store';
import type { CommandApi, DataEvent, EngineEvent } from '../../src/shared/contract';
import { emptyCounters } from '../../src/shared/contract';
import { LogTextDecoder } from '../../src/renderer/log/log-text-decoder';
import { EventInbox } from '../../src/renderer/store/event-inbox';
import { initialState } from '../../src/renderer/store/initial-state';
import { MAX_CACHED_BYTES, MAX_CACHED_ENTRIES } from '../../src/renderer/store/log-cache';
import { LogFetcher } from '../../src/renderer/store/log-fetcher';
import { rowAt, shownRows } from '../../src/renderer/store/log-rows';
import { reducer } from '../../src/renderer/store/reducer';
import { createStore } from '../../src/renderer/store/store';
import type { Store } from '../../src/renderer/store/store';

const PEER = { host: '127.0.0.1', port: 50000 };
const ENTRIES = 100_000;
const BATCH = 1000;

/** A store whose frames we run by hand, with one tab on session s1 (a TCP server). */
function storeWithSession(): { store: Store; frame: () => void } {
  let pending: (() => void) | undefined;
  const state = reducer(initialState({ history: [], tabs: [], activeIndex: 0 }, ['s1'], 'en'), {
    type: 'draft-changed',
    tabId: 'tab-1',
    patch: { protocol: 'tcp-server' },
  });
  const store = createStore(state, (callback) => {
    pending = callback;
    return () => (pending = undefined);
  });
  return { store, frame: () => pending?.() };
}

function payload(seq: number) {
  return new TextEncoder().encode(`entry ${seq} `.padEnd(64, '.'));
}

function dataEvent(seq: number): DataEvent {
  return {
    type: 'data',
    sessionId: 's1',
    at: 1_700_000_000_000 + seq,
    seq,
    direction: seq % 5 === 0 ? 'tx' : 'rx',
    connectionId: 'c1',
    peer: PEER,
    bytes: payload(seq),
  };
}

const OPENED: EngineEvent = {
  type: 'connection-opened',
  sessionId: 's1',
  at: 0,
  connection: { connectionId: 'c1', remote: PEER, connectedAt: 0, counters: emptyCounters() },
};

function counters(rxBytes: number): EngineEvent {
  return {
    type: 'counters',
    sessionId: 's1',
    at: 0,
    counters: { ...emptyCounters(), rxBytes },
    connections: {},
  };
}

describe('renderer log model: 100,000 entries', () => {
  it('takes 100,000 data events in frames, stays within its bounds, and shows the tail rows', () => {
    const { store, frame } = storeWithSession();
    let renders = 0;
    store.subscribe(() => renders++);
    const started = performance.now();

    store.receive([OPENED]);
    let rxBytes = 0;
    for (let first = 1; first <= ENTRIES; first += BATCH) {
      const batch: EngineEvent[] = [];
      for (let seq = first; seq < first + BATCH; seq++) {
        batch.push(dataEvent(seq));
        rxBytes += 64;
        batch.push(counters(rxBytes)); // the engine sends counters (and log) as often as data
      }
      store.receive(batch);
      if ((first - 1) % (BATCH * 4) === 0) frame(); // a frame every few batches
    }
    frame();
    const elapsed = performance.now() - started;

    const tab = store.getState().tabs[0]!;
    const cache = store.logs.of('s1')!;
    const rows = shownRows(tab.log);
    expect(tab.log.window).toEqual({ firstSeq: 1, lastSeq: ENTRIES, evicted: 0 });
    expect(tab.counters.rxBytes).toBe(ENTRIES * 64);
    expect(rows.count).toBe(ENTRIES + 1); // and the "client connected" note
    // One state change per frame, not per batch or per event.
    expect(renders).toBeLessThanOrEqual(ENTRIES / BATCH / 4 + 2);
    expect(cache.size).toBeLessThanOrEqual(MAX_CACHED_ENTRIES);
    expect(cache.bytes).toBeLessThanOrEqual(MAX_CACHED_BYTES);

    // The last screenful: every row is there and decodes to its text.
    const decoder = new LogTextDecoder('utf-8');
    const readStarted = performance.now();
    for (let index = rows.count - 40; index < rows.count; index++) {
      const row = rowAt(rows, index);
      expect(row.kind).toBe('data');
      if (row.kind !== 'data') continue;
      const entry = cache.get(row.seq)!;
      expect(decoder.text([entry], 1024)).toBe(`entry ${row.seq} `.padEnd(64, '.'));
    }
    const readMs = performance.now() - readStarted;
    console.log(
      `[renderer log model] 100,000 entries in ${elapsed.toFixed(0)} ms (${renders} renders); ` +
        `40 tail rows read in ${readMs.toFixed(1)} ms; cache ${cache.size} entries`,
    );
    // Generous bounds for a shared 2-core machine: these take tens of ms when all is well.
    expect(elapsed).toBeLessThan(5000);
    expect(readMs).toBeLessThan(200);
  });

  it('fetches rows that scrolled out of the cache from the engine log, with their text intact', async () => {
    const { store, frame } = storeWithSession();
    const engineLog = new LogStore();
    const events: EngineEvent[] = [OPENED];
    for (let seq = 1; seq <= ENTRIES; seq++) {
      const event = dataEvent(seq);
      engineLog.append(seq, event.at, event.direction, PEER, event.bytes, 'c1');
      events.push(event);
    }
    store.receive(events);
    frame();
    const cache = store.logs.of('s1')!;
    expect(cache.has(10)).toBe(false); // the page kept the newest, near the view

    const requests: { fromSeq: number; count: number }[] = [];
    const client: Pick<CommandApi, 'readLog'> = {
      readLog: ({ fromSeq, count }) => {
        requests.push({ fromSeq, count });
        return Promise.resolve({
          ok: true,
          entries: engineLog.read(fromSeq, count),
          ...engineLog.window,
        });
      },
    };
    const fetcher = new LogFetcher(client, store, 0);
    const revision = store.getState().tabs[0]!.log.revision;
    // The view scrolled to the top: rows 1..40 are on screen.
    cache.setFocus(1, 40, false);
    fetcher.want('s1', 1, 40);
    await expect.poll(() => cache.has(1) && cache.has(40)).toBe(true);
    fetcher.dispose();

    expect(requests).toHaveLength(1);
    expect(requests[0]!.count).toBeLessThanOrEqual(500);
    expect(store.getState().tabs[0]!.log.revision).toBeGreaterThan(revision);
    const decoder = new LogTextDecoder('utf-8');
    expect(decoder.text([cache.get(1)!], 1024)).toBe('entry 1 '.padEnd(64, '.'));
    expect(cache.size).toBeLessThanOrEqual(MAX_CACHED_ENTRIES);
  });
});

describe('EventInbox', () => {
  it('keeps a frame of events small: the newest data, received data and counters per session, and every note-worthy event in order', () => {
    const inbox = new EventInbox();
    const events: EngineEvent[] = [];
    for (let seq = 1; seq <= 10_000; seq++) events.push(dataEvent(seq), counters(seq));
    events.push({ ...OPENED, at: 1 });
    events.push(dataEvent(10_001), dataEvent(10_002));
    inbox.add(events);
    const kept = inbox.take();
    const summary = kept.map((e) => (e.type === 'data' ? `${e.direction}${e.seq}` : e.type));
    // Before the note: 9999, the newest received, and 10000 (sent), the newest; after it, 10002
    // is both. Counters: the newest only.
    expect(summary).toEqual(['rx9999', 'tx10000', 'counters', 'connection-opened', 'rx10002']);
    expect(inbox.empty).toBe(true);
  });

  it('keeps the log window the bridge sent before a note before it, so the note keeps its place', () => {
    const inbox = new EventInbox();
    const window = (lastSeq: number): EngineEvent => ({
      type: 'log',
      sessionId: 's1',
      at: 0,
      firstSeq: 1,
      lastSeq,
      evicted: 0,
    });
    inbox.add([window(10), window(20), OPENED, window(30), window(40)]);
    const kept = inbox.take().map((e) => (e.type === 'log' ? e.lastSeq : e.type));
    expect(kept).toEqual([20, 'connection-opened', 40]);

    const { store, frame } = storeWithSession();
    store.receive([window(20), OPENED, window(40)]);
    frame();
    const rows = shownRows(store.getState().tabs[0]!.log);
    expect(rowAt(rows, 20)).toMatchObject({ kind: 'note', note: { note: 'clientConnected' } });
  });
});
