/**
 * Floods through the Electron IPC bridge (stand-ins for ipcMain, webContents and ipcRenderer; the
 * engine and its sockets are real): a window that does not keep up never slows the sockets nor
 * makes the main process grow, and catches up exactly from the engine's log; a window that keeps
 * up, through the preload, misses nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CommandName,
  DataEvent,
  EngineEvent,
  LogEntry,
  LogEvent,
  SessionSnapshot,
} from '../../src/shared/contract';
import type { EventSender } from '../../src/main/bridge/electron-ipc';
import { createEventSender, registerIpcHandlers } from '../../src/main/bridge/electron-ipc';
import { EVENT_BATCH_MAX_BYTES } from '../../src/main/bridge/event-batcher';
import { MAX_BATCHES_IN_FLIGHT, MAX_BYTES_IN_FLIGHT } from '../../src/main/bridge/event-flow';
import { Engine } from '../../src/main/engine/engine';
import { createDesktopBridge } from '../../src/preload/desktop-bridge';
import { commandChannel, EVENTS_ACK_CHANNEL, EVENTS_CHANNEL } from '../../src/shared/ipc-channels';
import { FakeIpcMain } from '../support/fake-electron';
import { AckingIpcRenderer, AckingWebContents } from '../support/fake-electron-acks';
import { FLOOD_CHUNK_BYTES, flood, floodTail, pacedSend } from '../support/flood-peer';
import { chunkLength, expectChunksOf } from '../support/page-data';

const FLOOD_CHUNKS = 1024; // 64 MiB
const MAX_BATCH_BYTES = EVENT_BATCH_MAX_BYTES + Math.ceil((FLOOD_CHUNK_BYTES * 4) / 3) + 4096;
/** What can be sent unacknowledged: the allowance, crossed by one batch at most. */
const MAX_UNACKNOWLEDGED_BYTES = MAX_BYTES_IN_FLIGHT + MAX_BATCH_BYTES;

describe('flood through the Electron IPC bridge', () => {
  let ipcMain: FakeIpcMain;
  let window: AckingWebContents;
  let events: EventSender;
  let engine: Engine;
  let removeHandlers: () => void;

  const call = async (command: CommandName, request: unknown) => {
    const answer = (await ipcMain.invoke(
      window.eventFromTopFrame(),
      commandChannel(command),
      request,
    )) as { ok: boolean; message?: string } & Record<string, unknown>;
    if (!answer.ok) throw new Error(`${command}: ${answer.message}`);
    return answer;
  };
  const batchesSent = () => window.sent.filter((m) => m.channel === EVENTS_CHANNEL);
  const eventsSent = () => batchesSent().flatMap((m) => m.args[0] as EngineEvent[]);

  async function listen() {
    const { sessionId } = (await call('createSession', {})) as unknown as { sessionId: string };
    const opened = (await call('open', {
      sessionId,
      config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
    })) as unknown as { local: { port: number } };
    return { sessionId, port: opened.local.port };
  }

  async function receivedByEngine(sessionId: string, bytes: number): Promise<SessionSnapshot> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const listed = await engine.listSessions();
      const session = listed.ok
        ? listed.sessions.find((s) => s.sessionId === sessionId)
        : undefined;
      if (session && session.counters.rxBytes >= bytes) return session;
      if (Date.now() > deadline) throw new Error(`the engine got ${session?.counters.rxBytes}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    window = new AckingWebContents();
    events = createEventSender(window);
    engine = new Engine(events.emit);
    removeHandlers = registerIpcHandlers(ipcMain, engine, () => true);
  });
  afterEach(async () => {
    removeHandlers();
    events.dispose();
    await engine.shutdown();
  });

  it('a window that stops acknowledging: exact counters, a bounded main process that sends it no data, an exact catch-up', async () => {
    const { sessionId, port } = await listen();
    let mostPendingEvents = 0;
    let mostPendingBytes = 0;
    const sample = () => {
      mostPendingEvents = Math.max(mostPendingEvents, events.pendingEvents);
      mostPendingBytes = Math.max(mostPendingBytes, events.pendingBytes);
    };
    const sampler = setInterval(sample, 1);

    const sent = await flood(port, FLOOD_CHUNKS, sample);
    const session = await receivedByEngine(sessionId, sent.bytes);
    clearInterval(sampler);
    sample();

    expect(session.counters.rxBytes).toBe(FLOOD_CHUNKS * FLOOD_CHUNK_BYTES);
    const dataBytesSent = () =>
      eventsSent().reduce((n, e) => n + (e.type === 'data' ? e.bytes.length : 0), 0);
    const sentBeforeAck = batchesSent().length;
    expect(sentBeforeAck).toBeLessThanOrEqual(MAX_BATCHES_IN_FLIGHT);
    expect(dataBytesSent()).toBeLessThanOrEqual(MAX_UNACKNOWLEDGED_BYTES);
    // A batch is capped by bytes: up to ~256 events of a 1 KiB chunk start (PAGE_DATA_MAX_BYTES).
    expect(mostPendingEvents).toBeLessThan(400);
    expect(mostPendingBytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(events.droppedDataEvents).toBeGreaterThan(0);
    const lastSeq = session.log.lastSeq;
    const newestLog = () =>
      eventsSent().findLast((e): e is LogEvent => e.type === 'log' && e.sessionId === sessionId);
    expect(newestLog()?.lastSeq ?? 0).toBeLessThan(lastSeq);

    window.ipc.deliver(window, EVENTS_ACK_CHANNEL, [sentBeforeAck]);

    // The backlog goes out at once; the newest window may still be in the batch being gathered.
    expect(batchesSent()).toHaveLength(sentBeforeAck + 1);
    expect(batchesSent().at(-1)?.args[1]).toBe(sentBeforeAck + 1);
    await expect.poll(() => newestLog()?.lastSeq).toBe(lastSeq);
    expect(newestLog()).toMatchObject({ firstSeq: 1, lastSeq, evicted: 0 });
    expect(dataBytesSent()).toBeLessThanOrEqual(MAX_UNACKNOWLEDGED_BYTES);
    const tail = (await call('readLog', { sessionId, fromSeq: lastSeq - 63, count: 64 })) as {
      entries?: LogEntry[];
    };
    const tailBytes = Buffer.concat((tail.entries ?? []).map((e) => e.bytes));
    expect(tail.entries?.at(-1)?.seq).toBe(lastSeq);
    expect(tailBytes.equals(floodTail(FLOOD_CHUNKS, tailBytes.length))).toBe(true);
  }, 60_000);

  it('a window that keeps up, through the preload, gets every data event in order', async () => {
    const ipcRenderer = new AckingIpcRenderer(ipcMain, window);
    const page = createDesktopBridge(ipcRenderer);
    const data: DataEvent[] = [];
    page.onEvents((batch) => {
      for (const event of batch) if (event.type === 'data') data.push(event);
    });
    const { sessionId, port } = await listen();

    const sent = await pacedSend(port, 300, 16 * 1024, 2);
    const deadline = Date.now() + 10_000;
    while (data.reduce((n, e) => n + chunkLength(e), 0) < sent.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));

    expect(data.every((e) => e.sessionId === sessionId)).toBe(true);
    expect(data.map((e) => e.seq)).toEqual(data.map((_, i) => i + 1));
    expectChunksOf(data, sent);
    expect(events.droppedDataEvents).toBe(0);
    // The preload acknowledged every batch it was sent.
    const acks = ipcRenderer.sentToMain.filter((m) => m.channel === EVENTS_ACK_CHANNEL);
    expect(acks.at(-1)?.args[0]).toBe(batchesSent().length);
  }, 30_000);
});
