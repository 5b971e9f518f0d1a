/**
 * The renderer's side of files a session writes (receive to file, log to file) and of log limits,
 * and entries the engine sends cut short (readLog's maxEntryBytes): what the store keeps, what the
 * rows show, what the fetcher asks for.
 */
import { describe, expect, it } from 'vitest';
import type {
  CommandApi,
  CommandRequest,
  EngineEvent,
  FileStatus,
  LogEntry,
  SessionSnapshot,
} from '../../src/shared/contract';
import { emptyCounters } from '../../src/shared/contract';
import { shownBytes } from '../../src/renderer/log/entry-bytes';
import type { NetAssistClient } from '../../src/renderer/bridge/client';
import { createActions } from '../../src/renderer/store/actions';
import { initialState } from '../../src/renderer/store/initial-state';
import type { CachedEntry } from '../../src/renderer/store/log-cache';
import { LogCache } from '../../src/renderer/store/log-cache';
import { LogFetcher } from '../../src/renderer/store/log-fetcher';
import { reducer } from '../../src/renderer/store/reducer';
import type { AppState } from '../../src/renderer/store/state';
import { ENGINE_LOG_LIMITS } from '../../src/renderer/store/state';
import { createStore } from '../../src/renderer/store/store';

const AT = 1_700_000_000_000;
const PEER = { host: '127.0.0.1', port: 50000 };

function stateWithSession(): AppState {
  const state = initialState({ history: [], tabs: [], activeIndex: 0 }, ['s1'], 'en-US');
  return reducer(state, {
    type: 'draft-changed',
    tabId: 'tab-1',
    patch: { protocol: 'tcp-server' },
  });
}

function fileEvent(file: FileStatus): EngineEvent {
  return { type: 'file', sessionId: 's1', at: AT, file };
}

const CAPTURE: FileStatus = { kind: 'capture', name: 'capture.bin', state: 'writing', bytes: 0 };

function files(state: AppState) {
  return state.tabs[0]!.files;
}

describe('renderer store: files', () => {
  it('follows file events per kind, and a snapshot after a reload brings them back', () => {
    let state = stateWithSession();
    state = reducer(state, {
      type: 'events',
      events: [
        fileEvent({ ...CAPTURE, state: 'waiting' }),
        fileEvent({ ...CAPTURE, bytes: 4096 }),
        fileEvent({ kind: 'log', name: 'log.jsonl', state: 'writing', bytes: 10 }),
      ],
    });
    expect(files(state).capture).toMatchObject({ state: 'writing', bytes: 4096 });
    expect(files(state).log).toMatchObject({ state: 'writing', bytes: 10 });

    const snapshot: SessionSnapshot = {
      sessionId: 's1',
      state: 'listening',
      counters: emptyCounters(),
      connections: [],
      log: { firstSeq: 1, lastSeq: 0, evicted: 0 },
      files: [{ ...CAPTURE, state: 'stopped', bytes: 5_000_000 }],
      autoReply: { rules: [], echo: false },
      framing: { mode: 'raw' },
    };
    const reloaded = reducer(stateWithSession(), { type: 'snapshot', tabId: 'tab-1', snapshot });
    expect(files(reloaded)).toEqual({
      capture: { ...CAPTURE, state: 'stopped', bytes: 5_000_000 },
    });

    const lost = reducer(state, { type: 'session-lost', tabId: 'tab-1' });
    expect(files(lost)).toEqual({});
  });

  it('startFile’s answer never hides a newer event of the same file, and replaces an earlier file', () => {
    let state = reducer(stateWithSession(), {
      type: 'events',
      events: [fileEvent({ ...CAPTURE, bytes: 100 })],
    });
    state = reducer(state, {
      type: 'file-started',
      tabId: 'tab-1',
      file: { ...CAPTURE, state: 'waiting' },
    });
    expect(files(state).capture).toMatchObject({ state: 'writing', bytes: 100 });

    state = reducer(state, { type: 'file-stopped', tabId: 'tab-1', kind: 'capture', bytes: 150 });
    expect(files(state).capture).toMatchObject({ state: 'stopped', bytes: 150 });
    // Stopping what is not running changes nothing.
    const again = reducer(state, { type: 'file-stopped', tabId: 'tab-1', kind: 'log', bytes: 0 });
    expect(again).toBe(state);

    state = reducer(state, {
      type: 'file-started',
      tabId: 'tab-1',
      file: { ...CAPTURE, state: 'waiting' },
    });
    expect(files(state).capture).toMatchObject({ state: 'waiting', bytes: 0 });
  });

  it('keeps the log limits in force, as listSessions or setLogLimits answer them', () => {
    const state = stateWithSession();
    expect(state.logLimits).toEqual(ENGINE_LOG_LIMITS);
    const limits = { maxEntries: 5000, maxBytes: 1 << 20 };
    const next = reducer(state, { type: 'log-limits', limits });
    expect(next.logLimits).toEqual(limits);
    expect(reducer(next, { type: 'log-limits', limits: { ...limits } })).toBe(next);
  });
});

/** Just the commands the actions below use; any other is a test failure. */
function clientWith(commands: Partial<CommandApi>): NetAssistClient {
  return new Proxy(commands, {
    get(target, name: string) {
      if (name === 'onEvents') return () => () => {};
      const command = target[name as keyof CommandApi];
      if (!command) throw new Error(`unexpected command ${name}`);
      return command;
    },
  }) as NetAssistClient;
}

describe('renderer actions: files', () => {
  it('starts a browser download when startFile offers one, and shows the file stopped with its bytes', async () => {
    const store = createStore(stateWithSession(), (run) => {
      run();
      return () => {};
    });
    const requests: unknown[] = [];
    const downloads: string[] = [];
    const client = clientWith({
      startFile: (request) => {
        requests.push(request);
        return Promise.resolve({ ok: true, name: 'cap.bin', download: '/files/abc' });
      },
      stopFile: () => Promise.resolve({ ok: true, bytes: 1234 }),
    });
    const actions = createActions(store, client, (address) => downloads.push(address));

    await actions.startFile('tab-1', 'capture', 'c7');
    expect(requests).toEqual([{ sessionId: 's1', kind: 'capture', connectionId: 'c7' }]);
    expect(downloads).toEqual(['/files/abc']);
    expect(files(store.getState()).capture).toEqual({
      kind: 'capture',
      name: 'cap.bin',
      state: 'waiting',
      bytes: 0,
      connectionId: 'c7',
    });

    await actions.stopFile('tab-1', 'capture');
    expect(files(store.getState()).capture).toMatchObject({ state: 'stopped', bytes: 1234 });
  });

  it('shows why a file could not start, and stays quiet when the user cancelled the dialog', async () => {
    const store = createStore(stateWithSession(), (run) => {
      run();
      return () => {};
    });
    store.dispatch({ type: 'bridge-status', status: 'open' });
    let code: 'CANCELLED' | 'ALREADY_OPEN' = 'CANCELLED';
    const client = clientWith({
      startFile: () => Promise.resolve({ ok: false, code, message: '', params: {} }),
    });
    const actions = createActions(store, client, () => {
      throw new Error('no download without an address');
    });
    await actions.startFile('tab-1', 'log');
    expect(store.getState().tabs[0]!.error).toBeUndefined();
    code = 'ALREADY_OPEN';
    await actions.startFile('tab-1', 'log');
    expect(store.getState().tabs[0]!.error).toMatchObject({ kind: 'engine', code: 'ALREADY_OPEN' });
    expect(files(store.getState()).log).toBeUndefined();
  });
});

function cached(seq: number, text: string, fullLength?: number): CachedEntry {
  const bytes = new TextEncoder().encode(text);
  return {
    seq,
    at: AT + seq,
    direction: 'rx',
    connectionId: 'c1',
    peer: PEER,
    bytes,
    prefix: new Uint8Array(0),
    ...(fullLength === undefined ? {} : { fullLength }),
  };
}

describe('log rows: entries the engine cut short', () => {
  it('counts an entry by its whole length and says it is cut even when everything held is shown', () => {
    const shown = shownBytes([cached(1, 'abcdefgh', 65_536)], Infinity);
    expect(shown.total).toBe(65_536);
    expect(shown.cut).toBe(true);
    expect(new TextDecoder().decode(shown.bytes)).toBe('abcdefgh');

    const whole = shownBytes([cached(2, 'abcdefgh')], 4);
    expect(whole).toMatchObject({ total: 8, cut: true });
    expect(shownBytes([cached(3, 'abcd')], Infinity)).toMatchObject({ total: 4, cut: false });
  });

  it('a merged row stops at a chunk held cut short: the next chunk’s bytes do not follow it', () => {
    const group = [cached(1, 'ab'), cached(2, 'cdef', 100), cached(3, 'XYZ')];
    const shown = shownBytes(group, Infinity);
    expect(new TextDecoder().decode(shown.bytes)).toBe('abcdef');
    expect(shown).toMatchObject({ total: 105, cut: true });
    // Within what is held, the row shows as before.
    expect(new TextDecoder().decode(shownBytes(group, 4).bytes)).toBe('abcd');
  });
});

/** An engine log of `count` entries of `size` bytes, read as readLog does (with its caps). */
function engineLog(count: number, size: number) {
  const entries: LogEntry[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const bytes = new Uint8Array(size).fill(0x41 + (seq % 26));
    entries.push({
      seq,
      at: AT + seq,
      direction: 'rx',
      peer: PEER,
      bytes,
      prefix: new Uint8Array(0),
    });
  }
  const requests: CommandRequest<'readLog'>[] = [];
  const readLog: CommandApi['readLog'] = (request) => {
    requests.push(request);
    const cap = request.maxEntryBytes ?? Infinity;
    const read = entries
      .filter((e) => e.seq >= request.fromSeq)
      .slice(0, request.count)
      .map((e) =>
        e.bytes.length > cap
          ? { ...e, bytes: e.bytes.subarray(0, cap), fullLength: e.bytes.length }
          : e,
      );
    return Promise.resolve({ ok: true, entries: read, firstSeq: 1, lastSeq: count, evicted: 0 });
  };
  return { readLog, requests };
}

describe('log fetcher: only what the view shows of each entry', () => {
  it('asks for entries cut to "max bytes per entry", and fetches one whole for "Show all"', async () => {
    const store = createStore(stateWithSession(), (run) => {
      run();
      return () => {};
    });
    store.dispatch({ type: 'receive-changed', tabId: 'tab-1', patch: { maxBytesShown: 256 } });
    store.dispatch({
      type: 'log-fetched',
      sessionId: 's1',
      entries: [],
      window: { firstSeq: 1, lastSeq: 20, evicted: 0 },
    });
    const log = engineLog(20, 64 * 1024);
    const fetcher = new LogFetcher(log, store, 0);
    const cache = store.logs.of('s1')!;

    fetcher.want('s1', 1, 20);
    await expect.poll(() => cache.has(1) && cache.has(20)).toBe(true);
    expect(log.requests[0]).toMatchObject({ fromSeq: 1, maxEntryBytes: 256 });
    expect(cache.get(5)).toMatchObject({ fullLength: 65_536 });
    expect(cache.get(5)!.bytes.length).toBe(256);
    expect(cache.bytes).toBeLessThan(20 * 1024);

    await fetcher.fetchWhole('s1', 5, 1);
    expect(log.requests.at(-1)).toEqual({ sessionId: 's1', fromSeq: 5, count: 1 });
    expect(cache.get(5)!.bytes.length).toBe(65_536);
    expect(cache.get(5)!.fullLength).toBeUndefined();

    // A later page cut short leaves the whole entry whole; a larger limit fetches more again.
    store.dispatch({ type: 'receive-changed', tabId: 'tab-1', patch: { maxBytesShown: 1024 } });
    fetcher.want('s1', 1, 10);
    await expect.poll(() => cache.get(1)!.bytes.length).toBe(1024);
    expect(log.requests.at(-1)).toMatchObject({ maxEntryBytes: 1024 });
    expect(cache.get(5)!.bytes.length).toBe(65_536);
    fetcher.dispose();
  });
});

describe('log cache: entries cut short', () => {
  it('keeps an entry’s whole length, and never trades held bytes for fewer', () => {
    const cache = new LogCache();
    const whole = new Uint8Array(1000).fill(7);
    const entry: LogEntry = {
      seq: 1,
      at: AT,
      direction: 'rx',
      peer: PEER,
      bytes: whole,
      prefix: new Uint8Array(0),
    };
    cache.addFetched([{ ...entry, bytes: whole.subarray(0, 10), fullLength: 1000 }]);
    expect(cache.get(1)).toMatchObject({ fullLength: 1000 });
    cache.addFetched([entry]);
    expect(cache.get(1)!.bytes.length).toBe(1000);
    expect(cache.get(1)!.fullLength).toBeUndefined();
    cache.addFetched([{ ...entry, bytes: whole.subarray(0, 10), fullLength: 1000 }]);
    expect(cache.get(1)!.bytes.length).toBe(1000);
    expect(cache.get(1)!.fullLength).toBeUndefined();
  });
});
