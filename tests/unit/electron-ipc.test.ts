import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CommandName,
  DataEvent,
  EngineEvent,
  Failure,
  LogEntry,
  SessionSnapshot,
} from '../../src/shared/contract';
import { COMMAND_NAMES, DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import {
  createEventSender,
  MAX_SETTINGS_BYTES,
  registerIpcHandlers,
  registerSettingsHandlers,
  type EventSender,
} from '../../src/main/bridge/electron-ipc';
import {
  commandChannel,
  EVENTS_ACK_CHANNEL,
  EVENTS_CHANNEL,
  NEW_PAGE_ACK,
  SETTINGS_LOAD_CHANNEL,
  SETTINGS_SAVE_CHANNEL,
} from '../../src/shared/ipc-channels';
import { EVENT_BATCH_INTERVAL_MS } from '../../src/main/bridge/event-batcher';
import { JsonFileStore } from '../../src/main/desktop/settings-store';
import type { IpcSender } from '../../src/main/desktop/security-policy';
import { isTrustedSender } from '../../src/main/desktop/security-policy';
import { Engine } from '../../src/main/engine/engine';
import { FakeIpcMain, FakeWebContents, INDEX_URL } from '../support/fake-electron';
import { AckingWebContents } from '../support/fake-electron-acks';
import { connectClient, startTcpServer, type TestServer } from '../support/node-peers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function data(seq: number, bytes = new Uint8Array([seq & 0xff])): DataEvent {
  return {
    type: 'data',
    sessionId: 's1',
    at: 0,
    seq,
    direction: 'rx',
    peer: { host: '127.0.0.1', port: 9 },
    bytes,
  };
}

function logWindow(lastSeq: number): EngineEvent {
  return { type: 'log', sessionId: 's1', at: 0, firstSeq: 1, lastSeq, evicted: 0 };
}

/** The events the window received, in order, flattened out of their batches. */
function received(webContents: FakeWebContents): EngineEvent[] {
  return webContents.sent
    .filter((message) => message.channel === EVENTS_CHANNEL)
    .flatMap((message) => message.args[0] as EngineEvent[]);
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('Electron IPC bridge: commands', () => {
  let ipcMain: FakeIpcMain;
  let window: FakeWebContents;
  let events: EventSender;
  let engine: Engine;
  let removeHandlers: () => void;
  let server: TestServer | undefined;

  const trusted = (event: IpcSender) => isTrustedSender(event, window, INDEX_URL);
  const call = (command: CommandName, request: unknown, event = window.eventFromTopFrame()) =>
    ipcMain.invoke(event, commandChannel(command), request) as Promise<
      { ok: true } & Record<string, unknown>
    >;
  const sessions = async () =>
    ((await call('listSessions', {})) as unknown as { sessions: SessionSnapshot[] }).sessions;

  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    window = new FakeWebContents();
    events = createEventSender(window);
    engine = new Engine(events.emit);
    removeHandlers = registerIpcHandlers(ipcMain, engine, trusted);
  });
  afterEach(async () => {
    removeHandlers();
    events.dispose();
    await engine.shutdown();
    await server?.close();
    server = undefined;
  });

  it('has one handler per contract command, on its own channel, and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
  });

  it('removes every handler when disposed (the window closed)', () => {
    removeHandlers();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('carries a real loopback round trip: connect, send, receive, with events batched back', async () => {
    server = await startTcpServer();
    const created = await call('createSession', {});
    expect(created).toMatchObject({ ok: true });
    const sessionId = created.sessionId as string;

    const opened = await call('open', {
      sessionId,
      config: { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: server.port },
    });
    expect(opened).toMatchObject({ ok: true, remote: { host: '127.0.0.1', port: server.port } });
    const peer = await server.nextSocket();
    const atPeer: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => atPeer.push(chunk));

    const sent = await call('send', { sessionId, data: '你好', options: DEFAULT_SEND_OPTIONS });
    expect(sent).toMatchObject({ ok: true, bytes: 6, recipients: 1 });
    await waitUntil(
      () => Buffer.concat(atPeer).toString('utf8') === '你好',
      'the peer to get 你好',
    );

    peer.write(Buffer.from([0x01, 0x02, 0xff]));
    await waitUntil(
      () => received(window).some((e) => e.type === 'data' && e.direction === 'rx'),
      'the rx data event to reach the window',
    );
    const rx = received(window).find(
      (e): e is DataEvent => e.type === 'data' && e.direction === 'rx',
    );
    expect([...(rx?.bytes ?? [])]).toEqual([0x01, 0x02, 0xff]);
    expect(rx?.bytes).toBeInstanceOf(Uint8Array);
    expect(
      received(window)
        .filter((e) => e.type === 'state')
        .map((e) => e.state),
    ).toEqual(['connecting', 'connected']);
    expect((await sessions())[0]?.counters).toMatchObject({ txBytes: 6, rxBytes: 3 });
  });

  it('answers an engine failure as a result, not an exception', async () => {
    const answer = (await call('close', { sessionId: 'nope' })) as unknown as Failure;
    expect(answer).toMatchObject({ ok: false, code: 'UNKNOWN_SESSION' });
  });

  it.each([
    ['a number for a session id', 'close', { sessionId: 1 }],
    ['no request at all', 'close', undefined],
    ['null', 'listSessions', null],
    ['a string', 'createSession', 'please'],
    ['an unknown field', 'createSession', { admin: true }],
    ['an unknown protocol', 'open', { sessionId: 's1', config: { protocol: 'icmp' } }],
    [
      'a port given as text',
      'open',
      {
        sessionId: 's1',
        config: { protocol: 'tcp-client', remoteHost: '127.0.0.1', remotePort: '80' },
      },
    ],
    ['an unknown encoding', 'send', { sessionId: 's1', data: 'x', options: { format: 'text' } }],
  ] as const)('refuses %s with INVALID_REQUEST, before the engine', async (_, command, request) => {
    const answer = (await call(command, request)) as unknown as Failure;
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(answer.params.detail).toBeTypeOf('string');
    expect(await sessions()).toEqual([]);
  });

  it('has no channel for a command the contract does not have', async () => {
    await expect(
      ipcMain.invoke(window.eventFromTopFrame(), 'netassist:command:eval', 'process.exit()'),
    ).rejects.toThrow(/No handler/);
  });

  it.each([
    ['another window', () => new FakeWebContents().eventFromTopFrame()],
    ['a sub-frame', () => ({ sender: window, senderFrame: { url: INDEX_URL, parent: {} } })],
    ['a page from elsewhere', () => window.eventFromTopFrame('https://example.com/index.html')],
    ['another local file', () => window.eventFromTopFrame('file:///tmp/evil/index.html')],
    ['a frame that is gone', () => ({ sender: window, senderFrame: null })],
  ])('refuses a command from %s, before the engine', async (_, event) => {
    const answer = (await call('createSession', {}, event())) as unknown as Failure;
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await sessions()).toEqual([]);
  });

  it('accepts our page with a query or a hash (the renderer may use either)', async () => {
    const answer = await call('createSession', {}, window.eventFromTopFrame(`${INDEX_URL}#/s1`));
    expect(answer).toMatchObject({ ok: true });
  });
});

describe('Electron IPC bridge: events', () => {
  let window: FakeWebContents;
  let events: EventSender;

  beforeEach(() => {
    window = new FakeWebContents();
    events = createEventSender(window);
  });
  afterEach(() => events.dispose());

  it('sends a burst of events as one batch, in order', async () => {
    for (let seq = 1; seq <= 50; seq++) events.emit(data(seq));
    expect(window.sent).toEqual([]);

    await waitUntil(() => window.sent.length > 0, 'a batch');
    await sleep(EVENT_BATCH_INTERVAL_MS * 3);
    expect(window.sent).toHaveLength(1);
    expect(window.sent[0]?.channel).toBe(EVENTS_CHANNEL);
    expect(received(window).map((e) => (e as DataEvent).seq)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });

  it('sends nothing to a window destroyed while a batch was pending', async () => {
    events.emit(data(1));
    window.destroyed = true; // FakeWebContents.send throws now, as Electron's does
    await sleep(EVENT_BATCH_INTERVAL_MS * 3);
    expect(window.sent).toEqual([]);
  });

  it('sends nothing to a destroyed window, ever after', async () => {
    events.emit(data(1));
    await waitUntil(() => window.sent.length === 1, 'the first batch');
    window.destroyed = true;
    events.emit(data(2));
    events.emit(data(3));
    await sleep(EVENT_BATCH_INTERVAL_MS * 3);
    expect(received(window).map((e) => (e as DataEvent).seq)).toEqual([1]);
  });

  it('sends nothing after dispose (the window is closing)', async () => {
    events.emit(data(1));
    events.dispose();
    events.emit(data(2));
    await sleep(EVENT_BATCH_INTERVAL_MS * 3);
    expect(window.sent).toEqual([]);
  });
});

describe('Electron IPC bridge: flow control', () => {
  let window: AckingWebContents;
  let events: EventSender;
  /** Every batch goes out at once (one event, one batch), and only four go unacknowledged. */
  const oneEventPerBatch = { batching: { maxBytes: 1 }, flow: { maxBatchesInFlight: 4 } };
  const batches = () =>
    window.sent
      .filter((message) => message.channel === EVENTS_CHANNEL)
      .map((message) => ({
        batch: message.args[1] as number,
        events: (message.args[0] as EngineEvent[]).map((e) =>
          e.type === 'data' ? `data ${e.seq}` : e.type === 'log' ? `log ${e.lastSeq}` : e.type,
        ),
      }));
  const acknowledge = (batch: number) =>
    window.ipc.deliver(window, EVENTS_ACK_CHANNEL, [structuredClone(batch)]);

  beforeEach(() => {
    window = new AckingWebContents();
    events = createEventSender(window, oneEventPerBatch);
  });
  afterEach(() => events.dispose());

  it('numbers batches and sends only a few ahead of the acknowledgements', () => {
    for (let seq = 1; seq <= 10; seq++) {
      events.emit(data(seq));
      events.emit(logWindow(seq));
    }

    expect(batches().map((b) => b.batch)).toEqual([1, 2, 3, 4]);
    expect(events.droppedDataEvents).toBe(8);
    expect(events.pendingEvents).toBe(1); // the newest log window, nothing else

    acknowledge(4);

    expect(batches().at(-1)).toEqual({ batch: 5, events: ['log 10'] });
    events.emit(data(11));
    expect(batches().at(-1)).toEqual({ batch: 6, events: ['data 11'] });
  });

  it('starts over when a new page loads (its preload says NEW_PAGE_ACK)', () => {
    for (let seq = 1; seq <= 6; seq++) events.emit(data(seq));
    expect(batches()).toHaveLength(4);

    acknowledge(NEW_PAGE_ACK);
    events.emit(data(7));

    expect(batches().at(-1)).toEqual({ batch: 5, events: ['data 7'] });
  });

  it('ignores acknowledgements that are not batch numbers', () => {
    for (let seq = 1; seq <= 4; seq++) events.emit(data(seq));
    for (const junk of ['4', null, { batch: 4 }, [4], -1, 1e300]) {
      window.ipc.deliver(window, EVENTS_ACK_CHANNEL, [junk]);
    }
    events.emit(data(5));
    expect(batches()).toHaveLength(4);
  });

  it('sends every batch to a window that cannot acknowledge (no webContents.ipc)', () => {
    const plain = new FakeWebContents();
    const sender = createEventSender(plain, oneEventPerBatch);
    for (let seq = 1; seq <= 20; seq++) sender.emit(data(seq));
    expect(received(plain).map((e) => (e as DataEvent).seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    sender.dispose();
  });

  it("stops listening for the page's acknowledgements when disposed", () => {
    expect(window.ipc.listenerCount(EVENTS_ACK_CHANNEL)).toBe(1);
    events.dispose();
    expect(window.ipc.listenerCount(EVENTS_ACK_CHANNEL)).toBe(0);
  });

  it("sends a chunk's own bytes, not the log arena they are a view of", async () => {
    const arena = new Uint8Array(4 * 1024 * 1024).fill(0x41);
    const sender = createEventSender(window);
    sender.emit(data(1, arena.subarray(10, 13)));
    sender.emit(data(2, arena.subarray(100, 105)));

    await waitUntil(() => batches().length > 0, 'a batch');

    const sent = window.sent[0]!.args[0] as DataEvent[];
    expect(sent.map((e) => [...e.bytes])).toEqual([
      [0x41, 0x41, 0x41],
      [0x41, 0x41, 0x41, 0x41, 0x41],
    ]);
    expect(sent[0]!.bytes.buffer.byteLength).toBe(8);
    sender.dispose();
  });
});

describe('Electron IPC bridge: readLog', () => {
  it("answers with the entries' own bytes, not the log arenas they are views of", async () => {
    const ipcMain = new FakeIpcMain();
    const window = new FakeWebContents();
    const events = createEventSender(window);
    const engine = new Engine(events.emit);
    const removeHandlers = registerIpcHandlers(ipcMain, engine, () => true);
    const call = (command: CommandName, request: unknown) =>
      ipcMain.invoke(window.eventFromTopFrame(), commandChannel(command), request) as Promise<
        { ok: true } & Record<string, unknown>
      >;
    const { sessionId } = (await call('createSession', {})) as unknown as { sessionId: string };
    const opened = (await call('open', {
      sessionId,
      config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
    })) as unknown as { local: { port: number } };
    const peer = await connectClient(opened.local.port);
    peer.socket.write('hello');
    await waitUntil(() => received(window).some((e) => e.type === 'data'), 'the data event');

    const answer = (await call('readLog', { sessionId, fromSeq: 1, count: 10 })) as unknown as {
      entries: LogEntry[];
    };

    expect(answer.entries.map((e) => Buffer.from(e.bytes).toString())).toEqual(['hello']);
    expect(answer.entries[0]!.bytes.buffer.byteLength).toBe(5);
    peer.socket.destroy();
    removeHandlers();
    events.dispose();
    await engine.shutdown();
  });
});

describe('Electron IPC bridge: settings', () => {
  let folder: string;
  let ipcMain: FakeIpcMain;
  let window: FakeWebContents;
  let removeHandlers: () => void;

  const save = (value: unknown, event = window.eventFromTopFrame()) =>
    ipcMain.invoke(event, SETTINGS_SAVE_CHANNEL, value) as Promise<{ ok: boolean; code?: string }>;
  const load = (event = window.eventFromTopFrame()) =>
    ipcMain.invoke(event, SETTINGS_LOAD_CHANNEL) as Promise<{ ok: boolean; value?: unknown }>;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'netassist-ipc-settings-'));
    ipcMain = new FakeIpcMain();
    window = new FakeWebContents();
    const store = new JsonFileStore(join(folder, 'settings.json'));
    removeHandlers = registerSettingsHandlers(ipcMain, store, (event) =>
      isTrustedSender(event, window, INDEX_URL),
    );
  });
  afterEach(async () => {
    removeHandlers();
    await rm(folder, { recursive: true, force: true });
  });

  it('loads nothing at first, then what was saved', async () => {
    expect(await load()).toEqual({ ok: true, value: undefined });
    const settings = { language: 'zh-CN', sendHistory: ['AA 55', 'hello\\r\\n'] };
    expect(await save(settings)).toEqual({ ok: true });
    expect(await load()).toEqual({ ok: true, value: settings });
  });

  it.each([
    ['a Map', new Map([['a', 1]])],
    ['a Date', new Date(0)],
    ['undefined', undefined],
    ['NaN inside', { width: Number.NaN }],
    ['bytes', new Uint8Array(4)],
    ['more than the limit', { text: 'x'.repeat(MAX_SETTINGS_BYTES) }],
  ])('refuses %s with INVALID_REQUEST and keeps the saved settings', async (_, value) => {
    await save({ kept: true });
    expect(await save(value)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await load()).toEqual({ ok: true, value: { kept: true } });
  });

  it('refuses nesting deeper than the stack instead of crashing', async () => {
    const deep: unknown = JSON.parse('['.repeat(20_000) + ']'.repeat(20_000));
    // Straight to the handler: structuredClone itself gives up at this depth.
    const handler = ipcMain.handlers.get(SETTINGS_SAVE_CHANNEL);
    expect(await handler?.(window.eventFromTopFrame(), deep)).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
  });

  it('refuses a cycle (structured clone carries it; JSON cannot)', async () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(await save(cycle)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  it('refuses both verbs from an untrusted sender', async () => {
    await save({ secret: 'kept' });
    const stranger = new FakeWebContents().eventFromTopFrame();
    expect(await load(stranger)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await save({ secret: 'overwritten' }, stranger)).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
    expect(await load()).toEqual({ ok: true, value: { secret: 'kept' } });
  });
});
