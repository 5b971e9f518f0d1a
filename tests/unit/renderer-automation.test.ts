/**
 * The renderer's side of issue 6's automation: what the store keeps of periodic sends, file sends
 * and auto-reply; what persists (quick commands, the sequence, rules, per-tab history); the quick
 * commands file; and what the actions ask the engine (with a fake bridge: no sockets here).
 */
import { describe, expect, it } from 'vitest';
import type {
  AutoReplySettings,
  CommandApi,
  Framing,
  CommandRequest,
  EngineEvent,
  SessionSnapshot,
} from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS, emptyCounters } from '../../src/shared/contract';
import type { NetAssistClient } from '../../src/renderer/bridge/client';
import { readSettings, settingsOf } from '../../src/renderer/settings/persisted-settings';
import {
  exportQuickCommands,
  importQuickCommands,
} from '../../src/renderer/settings/quick-commands-file';
import { createActions } from '../../src/renderer/store/actions';
import type { QuickCommand } from '../../src/renderer/store/automation-state';
import { initialState } from '../../src/renderer/store/initial-state';
import { reducer } from '../../src/renderer/store/reducer';
import type { AppState } from '../../src/renderer/store/state';
import { displaySettings } from '../../src/renderer/store/state';
import { createStore } from '../../src/renderer/store/store';

const AT = 1_700_000_000_000;

function stateWithSession(): AppState {
  return initialState({ history: [], tabs: [], activeIndex: 0 }, ['s1'], 'en-US');
}

function tab(state: AppState) {
  return state.tabs[0]!;
}

const HELLO: QuickCommand = {
  id: 'q1',
  name: 'hello',
  data: 'hi',
  options: { ...DEFAULT_SEND_OPTIONS, lineEnding: 'crlf' },
};
const READ: QuickCommand = {
  id: 'q2',
  name: 'read',
  data: '01 03',
  options: { ...DEFAULT_SEND_OPTIONS, format: 'hex', checksum: 'crc16-modbus' },
};

const RULES: AutoReplySettings = {
  rules: [
    {
      id: 'r1',
      name: 'get',
      enabled: true,
      match: 'regex',
      pattern: '^GET (\\w+)',
      patternFormat: 'text',
      encoding: 'utf-8',
      reply: 'OK $1',
      replyOptions: DEFAULT_SEND_OPTIONS,
    },
  ],
  echo: true,
};

const CRLF: Framing = { mode: 'delimiter', delimiter: '0D 0A' };

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

function connectedStore() {
  const store = createStore(stateWithSession(), () => () => {});
  store.dispatch({
    type: 'snapshot',
    tabId: 'tab-1',
    snapshot: {
      sessionId: 's1',
      state: 'connected',
      counters: emptyCounters(),
      connections: [],
      log: { firstSeq: 1, lastSeq: 0, evicted: 0 },
      files: [],
      autoReply: { rules: [], echo: false },
      framing: { mode: 'raw' },
    },
  });
  return store;
}

describe('renderer store: periodic send and file send', () => {
  it('follows periodic events, and an answer never overwrites a newer event', () => {
    let state = stateWithSession();
    const event = (sent: number, running = true): EngineEvent => ({
      type: 'periodic',
      sessionId: 's1',
      at: AT,
      periodic: {
        running,
        intervalMs: 50,
        count: 5,
        sent,
        ...(running ? {} : { end: 'finished' }),
      },
    });
    const before = tab(state).periodic;
    state = reducer(state, { type: 'events', events: [event(2)] });
    state = reducer(state, {
      type: 'periodic-started',
      tabId: 'tab-1',
      before,
      periodic: { running: true, intervalMs: 50, count: 5, sent: 0 },
    });
    expect(tab(state).periodic?.sent).toBe(2);
    state = reducer(state, { type: 'events', events: [event(5, false)] });
    expect(tab(state).periodic).toMatchObject({ running: false, end: 'finished', sent: 5 });
  });

  it('stopPeriodic answered: the run shows stopped with the larger of the counts', () => {
    let state = stateWithSession();
    state = reducer(state, {
      type: 'periodic-started',
      tabId: 'tab-1',
      periodic: { running: true, intervalMs: 10, sent: 0 },
    });
    state = reducer(state, { type: 'periodic-stopped', tabId: 'tab-1', sent: 7 });
    expect(tab(state).periodic).toMatchObject({ running: false, end: 'stopped', sent: 7 });
  });

  it('a snapshot after a reload brings back the periodic run, the file send, the rules and the framing', () => {
    const snapshot: SessionSnapshot = {
      sessionId: 's1',
      state: 'connected',
      counters: emptyCounters(),
      connections: [],
      log: { firstSeq: 1, lastSeq: 0, evicted: 0 },
      files: [],
      periodic: { running: true, intervalMs: 100, sent: 3 },
      fileSend: { name: 'fw.bin', state: 'sending', sent: 10, total: 100 },
      autoReply: RULES,
      framing: CRLF,
    };
    const state = reducer(stateWithSession(), { type: 'snapshot', tabId: 'tab-1', snapshot });
    expect(tab(state).periodic?.sent).toBe(3);
    expect(tab(state).fileSend?.state).toBe('sending');
    expect(tab(state).autoReply).toEqual(RULES);
    expect(tab(state).receive.framing).toEqual(CRLF);
    // The same framing again leaves the receive options as they were (nothing to save).
    const again = reducer(state, { type: 'snapshot', tabId: 'tab-1', snapshot });
    expect(tab(again).receive).toBe(tab(state).receive);
  });

  it('keeps each tab’s own history of sent messages, once each, newest last', () => {
    let state = stateWithSession();
    for (const message of ['a', 'b', 'a']) {
      state = reducer(state, { type: 'sent', tabId: 'tab-1', message });
    }
    expect(tab(state).history).toEqual(['b', 'a']);
  });
});

describe('persisted automation settings', () => {
  it('round-trips quick commands, the sequence, rules, framing, fields and history', () => {
    let state = initialState(readSettings(undefined), [], 'en');
    state = reducer(state, { type: 'quick-commands-changed', commands: [HELLO, READ] });
    state = reducer(state, {
      type: 'sequence-changed',
      sequence: { steps: [{ commandId: 'q1', delayMs: 100 }], repeat: 3 },
    });
    state = reducer(state, { type: 'auto-reply-changed', tabId: 'tab-1', settings: RULES });
    state = reducer(state, { type: 'receive-changed', tabId: 'tab-1', patch: { framing: CRLF } });
    state = reducer(state, {
      type: 'automation-changed',
      tabId: 'tab-1',
      patch: { intervalMs: '250', count: '10' },
    });
    state = reducer(state, { type: 'sent', tabId: 'tab-1', message: 'exit' });

    const stored: unknown = JSON.parse(JSON.stringify(settingsOf(state)));
    const restored = initialState(readSettings(stored), [], 'en');

    expect(restored.quickCommands).toEqual([HELLO, READ]);
    expect(restored.sequence).toEqual({ steps: [{ commandId: 'q1', delayMs: 100 }], repeat: 3 });
    expect(tab(restored).autoReply).toEqual(RULES);
    expect(tab(restored).receive.framing).toEqual(CRLF);
    expect(tab(restored).automation).toMatchObject({ intervalMs: '250', count: '10' });
    expect(tab(restored).history).toEqual(['exit']);
  });

  it('reads settings from before issue 6: tabs start from the shared history', () => {
    const restored = initialState(
      readSettings({ history: ['old'], tabs: [{}], activeIndex: 0 }),
      [],
      'en',
    );
    expect(tab(restored).history).toEqual(['old']);
    expect(tab(restored).autoReply.rules).toEqual([]);
    expect(restored.quickCommands).toEqual([]);
  });

  it('drops rules and commands that are not what they should be', () => {
    const settings = readSettings({
      history: [],
      activeIndex: 0,
      quickCommands: [HELLO, { name: '' }, { name: 'x' }, 'junk'],
      tabs: [
        {
          autoReply: {
            rules: [{ pattern: 'a', reply: 'b', match: 'fuzzy' }, { pattern: 3 }],
            echo: 'yes',
            framing: { mode: 'length-prefixed', prefixBytes: 3 },
          },
        },
      ],
    });
    expect(settings.quickCommands).toEqual([HELLO]);
    const autoReply = settings.tabs[0]!.autoReply!;
    expect(autoReply.rules).toHaveLength(1);
    expect(autoReply.rules[0]).toMatchObject({ match: 'contains', enabled: true });
    expect(autoReply.echo).toBe(false);
    expect(autoReply).not.toHaveProperty('framing');
    // A framing saved with the rules (before it moved to the receive settings), mended.
    expect(settings.tabs[0]!.receive.framing).toEqual({
      mode: 'length-prefixed',
      prefixBytes: 2,
      byteOrder: 'big',
    });
  });
});

describe('quick commands file', () => {
  it('exports and imports back the same commands and sequence', () => {
    const sequence = { steps: [{ commandId: 'q2', delayMs: 5 }], repeat: 2 };
    const imported = importQuickCommands(exportQuickCommands([HELLO, READ], sequence));
    expect(imported).toEqual({ ok: true, commands: [HELLO, READ], sequence });
  });

  it('refuses a file that is not JSON, and JSON that holds no commands', () => {
    expect(importQuickCommands('{')).toMatchObject({ ok: false, problem: 'json' });
    expect(importQuickCommands('{"commands": []}')).toEqual({ ok: false, problem: 'shape' });
    expect(importQuickCommands('[{"name": "a"}]')).toEqual({ ok: false, problem: 'shape' });
    expect(importQuickCommands('"hello"')).toEqual({ ok: false, problem: 'shape' });
  });

  it('accepts a bare list, dropping sequence steps of commands it does not hold', () => {
    const result = importQuickCommands(
      JSON.stringify({
        commands: [HELLO],
        sequence: { steps: [{ commandId: 'gone', delayMs: 1 }] },
      }),
    );
    expect(result).toEqual({ ok: true, commands: [HELLO], sequence: { steps: [], repeat: 1 } });
    expect(importQuickCommands(JSON.stringify([READ]))).toEqual({ ok: true, commands: [READ] });
  });
});

describe('renderer actions: automation', () => {
  it('starts a periodic send with the message box’s payload, and refuses a bad interval', async () => {
    const asked: CommandRequest<'startPeriodic'>[] = [];
    const store = connectedStore();
    const actions = createActions(
      store,
      clientWith({
        startPeriodic: async (request) => (asked.push(request), { ok: true }),
      }),
    );
    actions.changeMessage('tab-1', 'tick');
    actions.changeAutomation('tab-1', { intervalMs: '0' });
    await actions.startPeriodic('tab-1');
    expect(asked).toEqual([]);

    actions.changeAutomation('tab-1', { intervalMs: '50', count: '5' });
    await actions.startPeriodic('tab-1');
    expect(asked).toEqual([
      {
        sessionId: 's1',
        data: 'tick',
        options: DEFAULT_SEND_OPTIONS,
        intervalMs: 50,
        count: 5,
      },
    ]);
    expect(tab(store.getState()).periodic).toMatchObject({ running: true, sent: 0, count: 5 });
    expect(tab(store.getState()).history).toEqual(['tick']);
  });

  it('in the browser, posts the picked file to the upload address the engine gives', async () => {
    const uploads: { address: string; size: number }[] = [];
    const store = connectedStore();
    const actions = createActions(
      store,
      clientWith({
        sendFile: async () => ({ ok: true, name: 'upload', upload: '/uploads/abc' }),
      }),
      () => {},
      async (address, file) => (uploads.push({ address, size: file.size }), true),
    );
    await actions.sendFile('tab-1', new Blob([new Uint8Array(1000)]));
    expect(uploads).toEqual([{ address: '/uploads/abc', size: 1000 }]);
    expect(tab(store.getState()).fileSend).toMatchObject({ state: 'waiting', total: 1000 });
  });

  it('on the desktop, the engine asks for the file itself: nothing is uploaded', async () => {
    const uploads: string[] = [];
    const asked: CommandRequest<'sendFile'>[] = [];
    const store = connectedStore();
    const actions = createActions(
      store,
      clientWith({
        sendFile: async (request) => (asked.push(request), { ok: true, name: '/home/me/fw.bin' }),
      }),
      () => {},
      async (address) => (uploads.push(address), true),
    );
    await actions.sendFile('tab-1');
    expect(asked).toEqual([{ sessionId: 's1' }]);
    expect(uploads).toEqual([]);
    expect(tab(store.getState()).fileSend).toMatchObject({
      name: '/home/me/fw.bin',
      state: 'sending',
    });
  });

  it('shows a broken regex beside its rule, and clears it once the engine takes the rules', async () => {
    const store = connectedStore();
    const actions = createActions(
      store,
      clientWith({
        setAutoReply: async (request) =>
          request.rules.some((r) => r.pattern === '(')
            ? {
                ok: false,
                code: 'INVALID_PATTERN',
                message: '',
                params: { pattern: '(', detail: 'Unterminated group' },
              }
            : { ok: true },
      }),
    );
    const broken = { ...RULES.rules[0]!, id: 'r2', pattern: '(' };
    await actions.setAutoReply('tab-1', { ...RULES, rules: [...RULES.rules, broken] });
    expect(tab(store.getState()).autoReplyProblem).toMatchObject({
      ruleId: 'r2',
      code: 'INVALID_PATTERN',
    });
    expect(tab(store.getState()).error).toBeUndefined();

    await actions.setAutoReply('tab-1', RULES);
    expect(tab(store.getState()).autoReplyProblem).toBeUndefined();
    expect(tab(store.getState()).autoReply).toEqual(RULES);
  });

  it('runs the sequence in order, Repeat times, and says where it is while it runs', async () => {
    const sent: string[] = [];
    const steps: (number | undefined)[] = [];
    const store = connectedStore();
    store.subscribe(() => steps.push(tab(store.getState()).sequenceRun?.step));
    const actions = createActions(
      store,
      clientWith({
        send: async (request) => (sent.push(request.data), { ok: true, bytes: 2, recipients: 1 }),
      }),
    );
    actions.saveQuickCommand(HELLO);
    actions.saveQuickCommand(READ);
    actions.changeSequence({
      steps: [
        { commandId: 'q1', delayMs: 0 },
        { commandId: 'q2', delayMs: 1 },
      ],
      repeat: 2,
    });
    actions.startSequence('tab-1');
    await expect.poll(() => tab(store.getState()).sequenceRun).toBeDefined();
    await expect.poll(() => sent.length).toBe(4);
    await expect.poll(() => tab(store.getState()).sequenceRun).toBeUndefined();
    expect(sent).toEqual(['hi', '01 03', 'hi', '01 03']);
    expect(steps).toContain(1);
  });

  it('a new session gets the rules and the framing the tab kept', async () => {
    const applied: CommandRequest<'setAutoReply'>[] = [];
    const framed: CommandRequest<'setFraming'>[] = [];
    const saved = readSettings({
      history: [],
      activeIndex: 0,
      tabs: [
        { autoReply: JSON.parse(JSON.stringify(RULES)) as unknown, receive: { framing: CRLF } },
      ],
    });
    const store = createStore(initialState(saved, [], 'en'), () => () => {});
    const actions = createActions(
      store,
      clientWith({
        listSessions: async () => ({
          ok: true,
          sessions: [],
          logLimits: { maxEntries: 10, maxBytes: 10 },
        }),
        createSession: async () => ({ ok: true, sessionId: 'new' }),
        setAutoReply: async (request) => (applied.push(request), { ok: true }),
        setFraming: async (request) => (framed.push(request), { ok: true }),
      }),
    );
    await actions.resync();
    await expect.poll(() => applied.length).toBe(1);
    expect(applied[0]).toEqual({ sessionId: 'new', ...RULES });
    await expect.poll(() => framed.length).toBe(1);
    expect(framed[0]).toEqual({ sessionId: 'new', framing: CRLF });
  });
});

describe('framing (Receive settings)', () => {
  it('a change goes to the tab and its session; a refusal shows in the tab’s alert', async () => {
    const framed: CommandRequest<'setFraming'>[] = [];
    const store = connectedStore();
    store.dispatch({ type: 'bridge-status', status: 'open' });
    const actions = createActions(
      store,
      clientWith({
        setFraming: async (request) => {
          framed.push(request);
          return request.framing.mode === 'fixed'
            ? { ok: false, code: 'INVALID_REQUEST', message: '', params: { detail: 'length' } }
            : { ok: true };
        },
      }),
    );
    await actions.setFraming('tab-1', CRLF);
    expect(framed).toEqual([{ sessionId: 's1', framing: CRLF }]);
    expect(tab(store.getState()).receive.framing).toEqual(CRLF);
    expect(tab(store.getState()).error).toBeUndefined();

    await actions.setFraming('tab-1', { mode: 'fixed', length: 8 });
    expect(tab(store.getState()).error).toMatchObject({ kind: 'engine', code: 'INVALID_REQUEST' });
  });

  it('the session hears the tab’s framing before it opens, so the first bytes are cut by it', async () => {
    const calls: string[] = [];
    const store = createStore(stateWithSession(), () => () => {});
    store.dispatch({ type: 'receive-changed', tabId: 'tab-1', patch: { framing: CRLF } });
    const actions = createActions(
      store,
      clientWith({
        setFraming: async (request) => (
          calls.push(`setFraming ${request.framing.mode}`),
          { ok: true }
        ),
        open: async () => (calls.push('open'), { ok: true, local: { host: '127.0.0.1', port: 1 } }),
      }),
    );
    await actions.toggleOpen('tab-1');
    expect(calls).toEqual(['setFraming delimiter', 'open']);
  });

  it('merge is the page’s grouping: its window is what the log view merges by', () => {
    let state = stateWithSession();
    expect(displaySettings(tab(state).receive).mergeMs).toBe(0);
    state = reducer(state, {
      type: 'receive-changed',
      tabId: 'tab-1',
      patch: { framing: { mode: 'merge', withinMs: 250 } },
    });
    expect(displaySettings(tab(state).receive).mergeMs).toBe(250);
    state = reducer(state, { type: 'receive-changed', tabId: 'tab-1', patch: { framing: CRLF } });
    expect(displaySettings(tab(state).receive).mergeMs).toBe(0);
  });
});
