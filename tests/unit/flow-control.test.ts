/**
 * EventFlow and EventBacklog: credit per page, data left out (never anything else) while a page
 * is behind, totals coalesced, and a backlog that stays bounded whatever happens.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../src/shared/contract';
import { emptyCounters } from '../../src/shared/contract';
import { EventBacklog, netEffect } from '../../src/main/bridge/event-backlog';
import {
  EventFlow,
  MAX_BATCHES_IN_FLIGHT,
  MAX_BYTES_IN_FLIGHT,
} from '../../src/main/bridge/event-flow';

const peer = { host: '127.0.0.1', port: 9 };

/** Credit in the tests below: four batches. */
const CREDIT = 4;

const data = (seq: number, sessionId = 's1', size = 1024): EngineEvent => ({
  type: 'data',
  sessionId,
  at: 0,
  seq,
  direction: 'rx',
  peer,
  bytes: new Uint8Array(size),
});
const counters = (rxBytes: number, sessionId = 's1'): EngineEvent => ({
  type: 'counters',
  sessionId,
  at: 0,
  counters: { ...emptyCounters(), rxBytes },
  connections: {},
});
const log = (lastSeq: number, sessionId = 's1'): EngineEvent => ({
  type: 'log',
  sessionId,
  at: 0,
  firstSeq: 1,
  lastSeq,
  evicted: 0,
});
const state = (value: 'listening' | 'closed', sessionId = 's1'): EngineEvent => ({
  type: 'state',
  sessionId,
  at: 0,
  state: value,
});
const opened = (connectionId: string, sessionId = 's1'): EngineEvent => ({
  type: 'connection-opened',
  sessionId,
  at: 0,
  connection: {
    connectionId,
    remote: peer,
    connectedAt: 0,
    counters: emptyCounters(),
  },
});
const closed = (connectionId: string, sessionId = 's1'): EngineEvent => ({
  type: 'connection-closed',
  sessionId,
  at: 0,
  connectionId,
  reason: 'peer-closed',
});

/** One line per event, to compare batches at a glance. */
function describeEvent(event: EngineEvent): string {
  switch (event.type) {
    case 'data':
      return `data ${event.seq}`;
    case 'counters':
      return `counters ${event.counters.rxBytes}`;
    case 'log':
      return `log ${event.lastSeq}`;
    case 'state':
      return `state ${event.state}`;
    case 'connection-opened':
      return `opened ${event.connection.connectionId}`;
    case 'connection-closed':
      return `closed ${event.connectionId}`;
    case 'error':
      return `error ${event.code}`;
    case 'file':
      return `file ${event.file.kind} ${event.file.state}`;
    case 'periodic':
      return `periodic ${event.periodic.sent}`;
    case 'file-send':
      return `file-send ${event.fileSend.state}`;
    case 'multicast':
      return `multicast ${event.groups.length}`;
  }
}

describe('EventFlow', () => {
  let sent: { batch: number; events: string[] }[];
  let congested: boolean;
  let flow: EventFlow;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    congested = false;
    flow = new EventFlow(
      (batch, events) => sent.push({ batch, events: events.map(describeEvent) }),
      () => congested,
      { maxBatchesInFlight: CREDIT },
    );
  });
  afterEach(() => {
    flow.dispose();
    vi.useRealTimers();
  });

  it('sends numbered batches while it has credit, then holds back', () => {
    for (let seq = 1; seq <= CREDIT + 2; seq++) flow.offer([data(seq)]);

    expect(sent.map((s) => s.batch)).toEqual([1, 2, 3, 4]);
    expect(sent.map((s) => s.events)).toEqual([['data 1'], ['data 2'], ['data 3'], ['data 4']]);
    expect(flow.batchesInFlight).toBe(4);
    expect(flow.droppedDataEvents).toBe(2);
    expect(flow.pendingEvents).toBe(0);
  });

  it('by default, allows many small batches but only a few large ones in flight', () => {
    const defaults: number[] = [];
    const small = new EventFlow((batch) => defaults.push(batch));
    for (let seq = 1; seq <= 40; seq++) small.offer([data(seq, 's1', 100)]);
    expect(defaults).toHaveLength(MAX_BATCHES_IN_FLIGHT);
    small.dispose();

    const large = new EventFlow((batch, events) => defaults.push(events.length));
    defaults.length = 0;
    for (let seq = 1; seq <= 40; seq++) large.offer([data(seq, 's1', 192 * 1024)]);
    // 192 KiB is 256 KiB as base64: four of them fill the byte allowance.
    expect(defaults).toHaveLength(4);
    expect(large.bytesInFlight).toBeGreaterThanOrEqual(MAX_BYTES_IN_FLIGHT);
    large.acknowledge(2);
    large.offer([data(41, 's1', 192 * 1024)]);
    expect(defaults).toHaveLength(5);
    large.dispose();
  });

  it('keeps every other event of a page that is behind, in order, with totals coalesced', () => {
    for (let seq = 1; seq <= 4; seq++) flow.offer([data(seq)]);

    flow.offer([data(5), counters(5), log(5), opened('c1')]);
    flow.offer([data(6), counters(6), log(6), state('closed'), closed('c1')]);
    flow.offer([data(7), counters(7), log(7)]);
    expect(sent).toHaveLength(4);
    expect(flow.pendingEvents).toBe(7);

    flow.acknowledge(4);

    // A log window stays before each note, so the note keeps its place among the entries.
    expect(sent[4]).toEqual({
      batch: 5,
      events: ['log 5', 'opened c1', 'log 6', 'state closed', 'closed c1', 'counters 7', 'log 7'],
    });
    expect(flow.pendingEvents).toBe(0);
    expect(flow.droppedDataEvents).toBe(3);
  });

  it('keeps a note in its place among the entries it left out', () => {
    flow.offer([data(1), log(1)]);
    for (let seq = 2; seq <= 4; seq++) flow.offer([data(seq)]);

    flow.offer([data(5), data(6), closed('c1'), data(7), log(7)]);
    flow.acknowledge(4);

    // The page knew entries up to 4: "c1 closed" goes after entry 6, not after 4.
    const window = sent.at(-1)!;
    expect(window.events).toEqual(['log 6', 'closed c1', 'log 7']);
  });

  it('takes an acknowledgement as covering every batch before it, and sends data again', () => {
    for (let seq = 1; seq <= 5; seq++) flow.offer([data(seq), log(seq)]);
    expect(sent).toHaveLength(4);

    flow.acknowledge(2);
    expect(sent.map((s) => s.events)).toContainEqual(['log 5']);
    flow.offer([data(6), log(6)]);

    expect(sent.map((s) => s.batch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sent.at(-1)?.events).toEqual(['data 6', 'log 6']);
    expect(flow.batchesInFlight).toBe(4);
  });

  it.each([
    ['a batch not sent yet (counts as the newest sent)', 99, 4],
    ['an older batch again', 1, 1],
    ['a negative number', -3, 1],
    ['a fraction', 2.5, 1],
    ['NaN', Number.NaN, 1],
  ])('gains no more credit than it sent from %s', (_, batch, sendable) => {
    for (let seq = 1; seq <= 4; seq++) flow.offer([data(seq)]);
    flow.acknowledge(1);

    flow.acknowledge(batch);
    for (let seq = 5; seq <= 20; seq++) flow.offer([data(seq)]);

    expect(sent).toHaveLength(4 + sendable);
    expect(flow.batchesInFlight).toBe(CREDIT);
  });

  it('starts over for a new page: what the old one had will never be acknowledged', () => {
    for (let seq = 1; seq <= 6; seq++) flow.offer([data(seq), log(seq)]);

    flow.restart();

    expect(sent.at(-1)).toEqual({ batch: 5, events: ['log 6'] });
    flow.offer([data(7)]);
    expect(sent.at(-1)).toEqual({ batch: 6, events: ['data 7'] });
  });

  it('holds back while the send buffer is full, and retries by itself once it drains', () => {
    congested = true;
    flow.offer([data(1), state('listening'), log(1)]);
    expect(sent).toEqual([]);

    congested = false;
    vi.advanceTimersByTime(100);

    expect(sent).toEqual([{ batch: 1, events: ['state listening', 'log 1'] }]);
  });

  it('sends the backlog without credit when asked (a command answer must not overtake it)', () => {
    for (let seq = 1; seq <= 5; seq++) flow.offer([data(seq), log(seq)]);

    flow.flushBacklog();

    expect(sent.at(-1)).toEqual({ batch: 5, events: ['log 5'] });
    expect(flow.batchesInFlight).toBe(5);
  });

  it('never holds back with unlimited credit (a window that cannot acknowledge)', () => {
    const unlimited: number[] = [];
    const open = new EventFlow((batch) => unlimited.push(batch), undefined, {
      maxBatchesInFlight: Infinity,
    });
    for (let seq = 1; seq <= 100; seq++) open.offer([data(seq)]);
    expect(unlimited).toHaveLength(100);
    expect(open.droppedDataEvents).toBe(0);
    open.dispose();
  });

  it('sends nothing after dispose', () => {
    for (let seq = 1; seq <= 5; seq++) flow.offer([data(seq), log(seq)]);
    flow.dispose();
    flow.acknowledge(4);
    flow.offer([data(6)]);
    expect(sent).toHaveLength(4);
  });
});

describe('EventBacklog', () => {
  it('keeps no data and one counters and log event per session, however long the flood', () => {
    const backlog = new EventBacklog();
    for (let seq = 1; seq <= 100_000; seq++) {
      backlog.add([data(seq, 's1'), data(seq, 's2'), counters(seq, 's1'), log(seq, 's1')]);
      backlog.add([counters(seq, 's2'), log(seq, 's2')]);
    }
    expect(backlog.count).toBe(4);
    expect(backlog.bytes).toBeLessThan(4096);
    expect(backlog.droppedDataEvents).toBe(200_000);
    expect(backlog.take().map((e) => `${e.sessionId} ${describeEvent(e)}`)).toEqual([
      's1 counters 100000',
      's1 log 100000',
      's2 counters 100000',
      's2 log 100000',
    ]);
  });

  it('stays bounded under a storm of short-lived connections, keeping their net effect', () => {
    const backlog = new EventBacklog(1000);
    backlog.add([opened('c0')]);
    for (let i = 1; i <= 50_000; i++) {
      backlog.add([opened(`c${i}`), counters(i), closed(`c${i}`), log(i)]);
      expect(backlog.count).toBeLessThanOrEqual(2001);
    }
    backlog.add([opened('c-last')]);

    expect(netEffect(backlog.take()).map(describeEvent)).toEqual([
      'opened c0',
      'counters 50000',
      'log 50000',
      'opened c-last',
    ]);
  });

  it("net effect: each session's newest state and error, connections it still has to hear of", () => {
    const events: EngineEvent[] = [
      closed('old'),
      state('listening'),
      opened('a'),
      opened('b'),
      closed('a'),
      state('closed'),
      { ...state('listening'), sessionId: 's2' },
      state('listening'),
      { type: 'error', sessionId: 's1', at: 0, code: 'SOCKET_ERROR', message: '', params: {} },
      { type: 'error', sessionId: 's1', at: 0, code: 'CONNECTION_RESET', message: '', params: {} },
    ];
    expect(netEffect(events).map((e) => `${e.sessionId} ${describeEvent(e)}`)).toEqual([
      's1 closed old',
      's1 opened b',
      's2 state listening',
      's1 state listening',
      's1 error CONNECTION_RESET',
    ]);
  });

  it('net effect: only the newest periodic and file-send status of each session', () => {
    const periodic = (sent: number, sessionId = 's1'): EngineEvent => ({
      type: 'periodic',
      sessionId,
      at: 0,
      periodic: { running: true, intervalMs: 10, sent },
    });
    const fileSend = (state: 'sending' | 'done'): EngineEvent => ({
      type: 'file-send',
      sessionId: 's1',
      at: 0,
      fileSend: { name: 'f.bin', state, sent: 1 },
    });
    const events = [periodic(1), fileSend('sending'), periodic(2), periodic(7, 's2'), periodic(3)];
    events.push(fileSend('done'));
    expect(netEffect(events).map((e) => `${e.sessionId} ${describeEvent(e)}`)).toEqual([
      's2 periodic 7',
      's1 periodic 3',
      's1 file-send done',
    ]);
  });
});
