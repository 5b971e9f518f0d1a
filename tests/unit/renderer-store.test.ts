import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/shared/contract';
import { emptyCounters } from '../../src/shared/contract';
import { hiddenCount } from '../../src/renderer/store/log';
import { rowAt, shownRows } from '../../src/renderer/store/log-rows';
import { reducer } from '../../src/renderer/store/reducer';
import { initialState } from '../../src/renderer/store/initial-state';
import type { AppState, TabState } from '../../src/renderer/store/state';
import { DEFAULT_DRAFT, DEFAULT_RECEIVE, DEFAULT_SEND } from '../../src/renderer/store/state';

const AT = 1_700_000_000_000;
const PEER = { host: '127.0.0.1', port: 8888 };
const CLIENT = { host: '127.0.0.1', port: 50001 };

function stateWithSession(protocol: 'tcp-client' | 'tcp-server' | 'udp' = 'tcp-client'): AppState {
  const state = initialState({ history: [], tabs: [], activeIndex: 0 }, ['s1'], 'en-US');
  return reducer(state, { type: 'draft-changed', tabId: 'tab-1', patch: { protocol } });
}

function tab(state: AppState): TabState {
  return state.tabs[0]!;
}

function data(seq: number, direction: 'rx' | 'tx', text: string, sessionId = 's1'): EngineEvent {
  return {
    type: 'data',
    sessionId,
    at: AT + seq,
    seq,
    direction,
    connectionId: 'c1',
    peer: PEER,
    bytes: new TextEncoder().encode(text),
  };
}

describe('renderer store: engine events', () => {
  it('follows a TCP client from connecting to closed by the peer, logging chunks in order', () => {
    const events: EngineEvent[] = [
      { type: 'state', sessionId: 's1', at: AT, state: 'connecting', remote: PEER },
      {
        type: 'connection-opened',
        sessionId: 's1',
        at: AT,
        connection: {
          connectionId: 'c1',
          remote: PEER,
          connectedAt: AT,
          counters: emptyCounters(),
        },
      },
      { type: 'state', sessionId: 's1', at: AT, state: 'connected', remote: PEER, local: CLIENT },
      data(1, 'tx', 'hello'),
      data(2, 'rx', '收到'),
      {
        type: 'connection-closed',
        sessionId: 's1',
        at: AT,
        connectionId: 'c1',
        reason: 'peer-closed',
      },
      { type: 'state', sessionId: 's1', at: AT, state: 'closed', reason: 'peer-closed' },
    ];

    const after = tab(reducer(stateWithSession(), { type: 'events', events }));

    expect(after.state).toBe('closed');
    expect(after.reason).toBe('peer-closed');
    expect(after.connections).toEqual([]);
    // The entries' bytes go to the log cache; the state knows which exist and where notes go.
    const rows = shownRows(after.log);
    const shown = Array.from({ length: rows.count }, (_, i) => {
      const row = rowAt(rows, i);
      return row.kind === 'data' ? `#${row.seq}` : row.note.note;
    });
    expect(shown).toEqual(['connected', '#1', '#2', 'disconnected']);
  });

  it('keeps a server client list and its per-client counters, and resets Send to when one leaves', () => {
    let state = stateWithSession('tcp-server');
    const opened = (id: string, port: number): EngineEvent => ({
      type: 'connection-opened',
      sessionId: 's1',
      at: AT,
      connection: {
        connectionId: id,
        remote: { host: '127.0.0.1', port },
        connectedAt: AT,
        counters: emptyCounters(),
      },
    });
    state = reducer(state, { type: 'events', events: [opened('c1', 50001), opened('c2', 50002)] });
    state = reducer(state, { type: 'send-to-changed', tabId: 'tab-1', sendTo: 'c2' });
    state = reducer(state, {
      type: 'events',
      events: [
        {
          type: 'counters',
          sessionId: 's1',
          at: AT,
          counters: { rxBytes: 7, txBytes: 0, rxMessages: 1, txMessages: 0 },
          connections: {
            c1: { rxBytes: 7, txBytes: 0, rxMessages: 1, txMessages: 0 },
            c2: emptyCounters(),
          },
        },
        { type: 'connection-closed', sessionId: 's1', at: AT, connectionId: 'c2', reason: 'reset' },
      ],
    });

    expect(tab(state).connections.map((c) => c.connectionId)).toEqual(['c1']);
    expect(tab(state).connectionCounters).toEqual({
      c1: { rxBytes: 7, txBytes: 0, rxMessages: 1, txMessages: 0 },
    });
    expect(tab(state).counters.rxBytes).toBe(7);
    expect(tab(state).sendTo).toBe('all');
  });

  it('remembers the last UDP sender, for "reply to last sender"', () => {
    const from = { host: '127.0.0.1', port: 40000 };
    const event: EngineEvent = { ...data(1, 'rx', 'hi'), peer: from } as EngineEvent;
    const after = tab(reducer(stateWithSession('udp'), { type: 'events', events: [event] }));
    expect(after.lastSender).toEqual(from);
  });

  it('shows an engine error event in the tab, and ignores events of sessions it does not know', () => {
    const before = stateWithSession();
    const after = reducer(before, {
      type: 'events',
      events: [
        { type: 'error', sessionId: 's1', at: AT, code: 'BROKEN_PIPE', message: '', params: PEER },
      ],
    });
    expect(tab(after).error).toMatchObject({ kind: 'engine', code: 'BROKEN_PIPE' });
    expect(reducer(before, { type: 'events', events: [data(1, 'rx', 'x', 's9')] })).toBe(before);
  });
});

describe('renderer store: reconnect, multicast, clear after send', () => {
  const reconnecting: EngineEvent = {
    type: 'state',
    sessionId: 's1',
    at: AT,
    state: 'connecting',
    remote: PEER,
    reconnect: { failed: 2, reason: 'refused', nextAt: AT + 2000 },
  };
  const joined: EngineEvent = {
    type: 'multicast',
    sessionId: 's1',
    at: AT,
    groups: [{ group: '239.1.2.3', interfaceAddress: '127.0.0.1' }],
  };

  it('follows auto reconnect, and clears the error of the way once connected again', () => {
    let state = reducer(stateWithSession(), { type: 'events', events: [reconnecting] });
    expect(tab(state)).toMatchObject({ state: 'connecting', reconnect: { failed: 2 } });
    state = reducer(state, {
      type: 'failed',
      tabId: 'tab-1',
      error: { kind: 'engine', code: 'CONNECTION_REFUSED', params: PEER, serial: 1 },
    });
    const connected: EngineEvent = { ...reconnecting, state: 'connected', reconnect: undefined };
    state = reducer(state, { type: 'events', events: [connected] });
    expect(tab(state).reconnect).toBeUndefined();
    expect(tab(state).error).toBeUndefined();
  });

  it('a session lost with the host forgets its reconnect status and multicast groups', () => {
    let state = reducer(stateWithSession('udp'), { type: 'events', events: [joined] });
    expect(tab(state).multicast).toHaveLength(1);
    state = reducer(state, { type: 'events', events: [reconnecting] });
    state = reducer(state, { type: 'session-lost', tabId: 'tab-1' });
    expect(tab(state)).toMatchObject({ state: 'idle', multicast: [] });
    expect(tab(state).reconnect).toBeUndefined();
  });

  it('Clear after send empties the box only of the message that was sent', () => {
    let state = reducer(stateWithSession(), {
      type: 'send-changed',
      tabId: 'tab-1',
      patch: { clearAfterSend: true },
    });
    state = reducer(state, { type: 'message-changed', tabId: 'tab-1', message: 'a' });
    state = reducer(state, { type: 'sent', tabId: 'tab-1', message: 'a' });
    expect(tab(state).message).toBe('');
    // Typed while 'a' was on its way: 'b' stays.
    state = reducer(state, { type: 'message-changed', tabId: 'tab-1', message: 'b' });
    state = reducer(state, { type: 'sent', tabId: 'tab-1', message: 'a' });
    expect(tab(state).message).toBe('b');
    // Off: the box keeps what was sent.
    state = reducer(state, {
      type: 'send-changed',
      tabId: 'tab-1',
      patch: { clearAfterSend: false },
    });
    state = reducer(state, { type: 'sent', tabId: 'tab-1', message: 'b' });
    expect(tab(state).message).toBe('b');
  });
});

describe('renderer store: the log', () => {
  it('follows the engine window: data events, log events (eviction), never backwards', () => {
    let state = reducer(stateWithSession(), { type: 'events', events: [data(1, 'rx', 'a')] });
    expect(tab(state).log.window).toEqual({ firstSeq: 1, lastSeq: 1, evicted: 0 });

    const log = (firstSeq: number, lastSeq: number, evicted: number): EngineEvent => ({
      type: 'log',
      sessionId: 's1',
      at: AT,
      firstSeq,
      lastSeq,
      evicted,
    });
    state = reducer(state, { type: 'events', events: [log(40, 900, 39)] });
    expect(tab(state).log.window).toEqual({ firstSeq: 40, lastSeq: 900, evicted: 39 });
    // An older view arriving late (a response that overtook events) changes nothing.
    state = reducer(state, { type: 'events', events: [log(1, 500, 0), data(300, 'rx', 'x')] });
    expect(tab(state).log.window).toEqual({ firstSeq: 40, lastSeq: 900, evicted: 39 });
    expect(shownRows(tab(state).log).count).toBe(861);
  });

  it('pause hides new entries until resumed; clear takes the engine window and restarts decoding', () => {
    let state = reducer(stateWithSession(), { type: 'events', events: [data(1, 'rx', 'a')] });
    state = reducer(state, { type: 'log-paused', tabId: 'tab-1', paused: true });
    state = reducer(state, { type: 'events', events: [data(2, 'rx', 'b'), data(3, 'rx', 'c')] });
    expect(shownRows(tab(state).log).count).toBe(1);
    expect(hiddenCount(tab(state).log)).toBe(2);
    expect(tab(state).log.window.lastSeq).toBe(3);

    state = reducer(state, { type: 'log-paused', tabId: 'tab-1', paused: false });
    expect(shownRows(tab(state).log).count).toBe(3);

    const epoch = tab(state).log.epoch;
    const window = { firstSeq: 4, lastSeq: 3, evicted: 0 };
    state = reducer(state, { type: 'log-cleared', tabId: 'tab-1', window });
    expect(shownRows(tab(state).log).count).toBe(0);
    expect(tab(state).log.epoch).toBe(epoch + 1);
    state = reducer(state, { type: 'events', events: [data(4, 'rx', 'd')] });
    expect(rowAt(shownRows(tab(state).log), 0)).toEqual({ kind: 'data', seq: 4 });
  });

  it('a new session behind the tab starts a fresh log', () => {
    let state = reducer(stateWithSession(), { type: 'events', events: [data(7, 'rx', 'a')] });
    state = reducer(state, { type: 'session-lost', tabId: 'tab-1' });
    state = reducer(state, { type: 'session-attached', tabId: 'tab-1', sessionId: 's2' });
    expect(tab(state).log.window).toEqual({ firstSeq: 1, lastSeq: 0, evicted: 0 });
    expect(reducer(state, { type: 'events', events: [data(1, 'rx', 'b', 's2')] })).not.toBe(state);
  });
});

describe('renderer store: tabs and history', () => {
  it('activates a neighbour when the active tab is removed', () => {
    const saved = { draft: DEFAULT_DRAFT, receive: DEFAULT_RECEIVE, send: DEFAULT_SEND };
    const state = initialState(
      { history: [], tabs: [saved, saved, saved], activeIndex: 1 },
      [],
      'en',
    );
    const after = reducer(state, { type: 'tab-removed', tabId: 'tab-2' });
    expect(after.tabs.map((t) => t.tabId)).toEqual(['tab-1', 'tab-3']);
    expect(after.activeTabId).toBe('tab-3');
  });

  it('keeps sent messages once each, most recent last', () => {
    let state = stateWithSession();
    for (const message of ['a', 'b', 'a', 'a', '  ']) {
      state = reducer(state, { type: 'sent', tabId: 'tab-1', message });
    }
    expect(state.history).toEqual(['b', 'a']);
  });

  it('picks the language from the browser locale unless one was chosen', () => {
    const base = { history: [], tabs: [], activeIndex: 0 };
    expect(initialState(base, [], 'zh-TW').language).toBe('zh-CN');
    expect(initialState(base, [], 'de-DE').language).toBe('en');
    expect(initialState({ ...base, language: 'en' }, [], 'zh-CN').language).toBe('en');
  });
});
