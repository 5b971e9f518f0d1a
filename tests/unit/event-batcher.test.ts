import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CountersEvent, DataEvent, EngineEvent, LogEvent } from '../../src/shared/contract';
import { emptyCounters } from '../../src/shared/contract';
import { EventBatcher, estimateEventBytes } from '../../src/main/bridge/event-batcher';

function data(sessionId: string, seq: number, size = 4): DataEvent {
  return {
    type: 'data',
    sessionId,
    at: 0,
    seq,
    direction: 'rx',
    peer: { host: '127.0.0.1', port: 1 },
    bytes: new Uint8Array(size).fill(seq & 0xff),
  };
}

function counters(sessionId: string, rxBytes: number): CountersEvent {
  return {
    type: 'counters',
    sessionId,
    at: 0,
    counters: { ...emptyCounters(), rxBytes },
    connections: {},
  };
}

function logWindow(sessionId: string, lastSeq: number): LogEvent {
  return { type: 'log', sessionId, at: 0, firstSeq: 1, lastSeq, evicted: 0 };
}

describe('EventBatcher', () => {
  let flushes: EngineEvent[][];
  let batcher: EventBatcher;
  beforeEach(() => {
    vi.useFakeTimers();
    flushes = [];
    batcher = new EventBatcher((events) => flushes.push(events), {
      intervalMs: 16,
      maxBytes: 64 * 1024,
    });
  });
  afterEach(() => {
    batcher.dispose();
    vi.useRealTimers();
  });

  it('sends many events pushed within one interval as one batch, in order', () => {
    for (let seq = 1; seq <= 100; seq++) batcher.push(data('s1', seq));
    expect(flushes).toHaveLength(0);

    vi.advanceTimersByTime(15);
    expect(flushes).toHaveLength(0);
    vi.advanceTimersByTime(1);

    expect(flushes).toHaveLength(1);
    expect(flushes[0]!.map((e) => (e as DataEvent).seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  });

  it('flushes at most once per interval under a steady stream', () => {
    for (let ms = 0; ms < 160; ms++) {
      batcher.push(data('s1', ms + 1));
      vi.advanceTimersByTime(1);
    }
    expect(flushes).toHaveLength(10);
    expect(flushes.flat()).toHaveLength(160);
  });

  it('flushes at once when the size cap is reached, without waiting for the interval', () => {
    const chunk = 16 * 1024; // ~21.8 KiB as base64: the third chunk crosses 64 KiB
    batcher.push(data('s1', 1, chunk));
    batcher.push(data('s1', 2, chunk));
    expect(flushes).toHaveLength(0);

    batcher.push(data('s1', 3, chunk));

    expect(flushes).toHaveLength(1);
    expect(flushes[0]).toHaveLength(3);
    batcher.push(data('s1', 4, chunk));
    vi.advanceTimersByTime(16);
    expect(flushes.map((batch) => batch.length)).toEqual([3, 1]);
  });

  it('keeps only the newest counters of each session, after the data they count', () => {
    batcher.push(counters('s1', 1));
    batcher.push(data('s1', 1));
    batcher.push(counters('s2', 10));
    batcher.push(counters('s1', 2));
    batcher.push(data('s1', 2));
    batcher.push(counters('s1', 3));

    vi.advanceTimersByTime(16);

    expect(flushes).toHaveLength(1);
    const summary = flushes[0]!.map((e) =>
      e.type === 'counters'
        ? `${e.sessionId}:counters:${e.counters.rxBytes}`
        : `${e.sessionId}:data:${(e as DataEvent).seq}`,
    );
    expect(summary).toEqual(['s1:data:1', 's2:counters:10', 's1:data:2', 's1:counters:3']);
  });

  it('keeps the log window that places a note, coalescing the others', () => {
    batcher.push(logWindow('s1', 1));
    batcher.push(logWindow('s1', 2));
    batcher.push({
      type: 'connection-closed',
      sessionId: 's1',
      at: 0,
      connectionId: 'c1',
      reason: 'peer-closed',
    });
    batcher.push(logWindow('s2', 5));
    batcher.push(logWindow('s1', 3));
    batcher.push(logWindow('s1', 4));

    vi.advanceTimersByTime(16);

    expect(
      flushes[0]!.map((e) => (e.type === 'log' ? `${e.sessionId}:log:${e.lastSeq}` : e.type)),
    ).toEqual(['s1:log:2', 'connection-closed', 's2:log:5', 's1:log:4']);
  });

  it('keeps only the newest log window of each session, after the data it covers', () => {
    batcher.push(data('s1', 1));
    batcher.push(logWindow('s1', 1));
    batcher.push(logWindow('s2', 7));
    batcher.push(data('s1', 2));
    batcher.push(counters('s1', 8));
    batcher.push(logWindow('s1', 2));
    expect(batcher.pendingEvents).toBe(5);

    vi.advanceTimersByTime(16);

    const summary = flushes[0]!.map((e) =>
      e.type === 'log' ? `${e.sessionId}:log:${e.lastSeq}` : `${e.sessionId}:${e.type}`,
    );
    expect(summary).toEqual(['s1:data', 's2:log:7', 's1:data', 's1:counters', 's1:log:2']);
    expect(batcher.pendingEvents).toBe(0);
    expect(batcher.pendingBytes).toBe(0);
  });

  it('does not count replaced counters towards the size cap', () => {
    const small = new EventBatcher((events) => flushes.push(events), {
      maxBytes: estimateEventBytes(counters('s1', 0)) * 2,
    });
    for (let i = 0; i < 50; i++) small.push(counters('s1', i));
    expect(flushes).toHaveLength(0);
    small.dispose();
  });

  it('sends nothing after dispose', () => {
    batcher.push(data('s1', 1));
    batcher.dispose();
    batcher.push(data('s1', 2));
    vi.advanceTimersByTime(100);
    expect(flushes).toHaveLength(0);
  });

  it('lets a flush push again (re-entrancy) without losing events', () => {
    const seen: number[] = [];
    const echo = new EventBatcher((events) => {
      for (const e of events) seen.push((e as DataEvent).seq);
      if (seen.length === 1) echo.push(data('s1', 2));
    });
    echo.push(data('s1', 1));
    vi.advanceTimersByTime(16);
    vi.advanceTimersByTime(16);
    expect(seen).toEqual([1, 2]);
    echo.dispose();
  });
});
