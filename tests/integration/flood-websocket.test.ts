/**
 * Floods through the browser-mode host, on loopback: a page that does not keep up never slows the
 * sockets nor makes the host grow, and catches up exactly from the engine's log; a page that keeps
 * up misses nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  DataEvent,
  EngineEvent,
  LogEvent,
} from '../../src/shared/contract';
import type { ResponseFrame, ServerFrame } from '../../src/shared/wire';
import { decodeFrame, encodeFrame } from '../../src/shared/wire';
import { EVENT_BATCH_MAX_BYTES } from '../../src/main/bridge/event-batcher';
import { MAX_BYTES_IN_FLIGHT } from '../../src/main/bridge/event-flow';
import { Engine } from '../../src/main/engine/engine';
import type { RunningHost } from '../../src/main/web/host';
import { startHost } from '../../src/main/web/host';
import { FLOOD_CHUNK_BYTES, flood, floodTail, pacedSend } from '../support/flood-peer';
import { chunkLength, expectChunksOf } from '../support/page-data';
import { Conditions } from '../support/conditions';

const TOKEN = 'flood-token-0123456789abcdef';
const FLOOD_CHUNKS = 1024; // 64 MiB
/** One batch at most: the size cap plus the chunk that crossed it, as base64, plus slack. */
const MAX_BATCH_BYTES = EVENT_BATCH_MAX_BYTES + Math.ceil((FLOOD_CHUNK_BYTES * 4) / 3) + 4096;
/** What can be sent unacknowledged: the allowance, crossed by one batch at most. */
const MAX_UNACKNOWLEDGED_BYTES = MAX_BYTES_IN_FLIGHT + MAX_BATCH_BYTES;

let staticDir: string;
beforeAll(async () => {
  staticDir = await mkdtemp(path.join(tmpdir(), 'netassist-flood-'));
});
afterAll(() => rm(staticDir, { recursive: true, force: true }));

const hosts: RunningHost[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

/** The host, with a handle on its engine to read counters without going through the bridge. */
async function start(bridge: Parameters<typeof startHost>[0]['bridge'] = {}) {
  let engine: Engine | undefined;
  const host = await startHost({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    staticDir,
    bridge,
    createEngine: (emit) => (engine = new Engine(emit)),
  });
  hosts.push(host);
  return { host, engine: engine! };
}

/** A page over a real WebSocket that acknowledges batches only while `acking` is on. */
class FloodPage {
  readonly events: EngineEvent[] = [];
  batches = 0;
  lastBatch = 0;
  dataBytes = 0;
  acking: boolean;
  private nextId = 1;
  private readonly waiting = new Map<number, (frame: ResponseFrame) => void>();
  private readonly conditions = new Conditions();

  constructor(
    readonly socket: WebSocket,
    acking: boolean,
  ) {
    this.acking = acking;
    socket.on('message', (data) => {
      const frame = decodeFrame(String(data)) as ServerFrame;
      if (frame.kind === 'response') {
        this.waiting.get(frame.id)?.(frame);
        this.waiting.delete(frame.id);
      } else {
        this.batches += 1;
        this.lastBatch = frame.batch ?? 0;
        for (const event of frame.events) {
          if (event.type === 'data') this.dataBytes += event.bytes.length;
          // Data events are kept only by the page that checks them (memory of the test).
          if (event.type !== 'data' || this.keepData) this.events.push(event);
        }
        if (this.acking) this.acknowledge();
      }
      this.conditions.changed();
    });
  }

  keepData = false;

  acknowledge() {
    this.socket.send(encodeFrame({ kind: 'ack', batch: this.lastBatch }));
  }

  async ok<C extends CommandName>(command: C, request: CommandRequest<C>) {
    const id = this.nextId++;
    const answered = new Promise<ResponseFrame>((resolve) => this.waiting.set(id, resolve));
    this.socket.send(encodeFrame({ kind: 'command', id, command, request }));
    const response = (await answered).response as CommandResponse<C>;
    if (!response.ok) throw new Error(`${command}: ${response.code} ${response.message}`);
    return response;
  }

  newestLog(sessionId: string): LogEvent | undefined {
    return this.events.findLast(
      (e): e is LogEvent => e.type === 'log' && e.sessionId === sessionId,
    );
  }

  until<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
    return this.conditions.until(find, what, timeoutMs);
  }
}

async function openPage(host: RunningHost, acking: boolean) {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${TOKEN}`, {
    origin: `http://127.0.0.1:${host.port}`,
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  cleanups.push(() => socket.terminate());
  return new FloodPage(socket, acking);
}

async function listen(page: FloodPage) {
  const { sessionId } = await page.ok('createSession', {});
  const opened = await page.ok('open', {
    sessionId,
    config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
  });
  return { sessionId, port: opened.local.port };
}

async function receivedByEngine(engine: Engine, sessionId: string, bytes: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const listed = await engine.listSessions();
    const session = listed.ok ? listed.sessions.find((s) => s.sessionId === sessionId) : undefined;
    if (session && session.counters.rxBytes >= bytes) return session;
    if (Date.now() > deadline) throw new Error(`the engine got ${session?.counters.rxBytes} bytes`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Samples the host's memory for pages while `work` runs. */
async function watchHost<T>(host: RunningHost, work: () => Promise<T>) {
  const most = { pendingEvents: 0, pendingBytes: 0, bufferedBytes: 0 };
  const sample = () => {
    most.pendingEvents = Math.max(most.pendingEvents, host.bridge.pendingEvents);
    most.pendingBytes = Math.max(most.pendingBytes, host.bridge.pendingBytes);
    most.bufferedBytes = Math.max(most.bufferedBytes, host.bridge.bufferedBytes);
  };
  const timer = setInterval(sample, 1);
  try {
    const result = await work();
    sample();
    return { result, most };
  } finally {
    clearInterval(timer);
  }
}

describe('flood through the WebSocket bridge', () => {
  it('a page that stops acknowledging: exact counters, a bounded host that sends it no data, an exact catch-up', async () => {
    const { host, engine } = await start();
    const page = await openPage(host, false);
    const { sessionId, port } = await listen(page);

    const { result: sent, most } = await watchHost(host, async () => {
      const sent = await flood(port, FLOOD_CHUNKS, () => {});
      await receivedByEngine(engine, sessionId, sent.bytes);
      return sent;
    });

    // The engine counted every byte; the host held only a batch and a small backlog for the page.
    const session = await receivedByEngine(engine, sessionId, sent.bytes);
    expect(session.counters.rxBytes).toBe(FLOOD_CHUNKS * FLOOD_CHUNK_BYTES);
    // A batch is capped by bytes: up to ~256 events of a 1 KiB chunk start (PAGE_DATA_MAX_BYTES).
    expect(most.pendingEvents).toBeLessThan(400);
    expect(most.pendingBytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(most.bufferedBytes).toBeLessThanOrEqual(MAX_UNACKNOWLEDGED_BYTES);
    expect(page.dataBytes).toBeLessThanOrEqual(MAX_UNACKNOWLEDGED_BYTES);
    expect(host.bridge.droppedDataEvents).toBeGreaterThan(0);
    expect(host.bridge.pageCount).toBe(1);
    const lastSeq = session.log.lastSeq;
    expect(page.newestLog(sessionId)?.lastSeq ?? 0).toBeLessThan(lastSeq);

    // Acknowledging brings the newest log window, then the page reads the tail from the log.
    page.acking = true;
    page.acknowledge();
    const caughtUp = await page.until(
      () =>
        page.newestLog(sessionId)?.lastSeq === lastSeq ? page.newestLog(sessionId) : undefined,
      'the log event of the last entry',
    );
    expect(caughtUp).toMatchObject({ firstSeq: 1, lastSeq, evicted: 0 });
    const tail = await page.ok('readLog', { sessionId, fromSeq: lastSeq - 63, count: 64 });
    const tailBytes = Buffer.concat(tail.entries.map((e) => e.bytes));
    expect(tail.entries.at(-1)?.seq).toBe(lastSeq);
    expect(tailBytes.equals(floodTail(FLOOD_CHUNKS, tailBytes.length))).toBe(true);
    expect(host.bridge.pendingEvents).toBe(0);
  }, 60_000);

  it('a page that keeps up gets every data event, in order, and every byte', async () => {
    const { host } = await start();
    const page = await openPage(host, true);
    page.keepData = true;
    const { sessionId, port } = await listen(page);

    const sent = await pacedSend(port, 300, 16 * 1024, 2);
    const data = await page.until(() => {
      const rx = page.events.filter(
        (e): e is DataEvent => e.type === 'data' && e.sessionId === sessionId,
      );
      return rx.reduce((n, e) => n + chunkLength(e), 0) >= sent.length ? rx : undefined;
    }, 'every byte');

    expect(data.map((e) => e.seq)).toEqual(data.map((_, i) => i + 1));
    expectChunksOf(data, sent);
    expect(host.bridge.droppedDataEvents).toBe(0);
  }, 30_000);

  it('a page that acknowledges without reading is held back by its send buffer', async () => {
    const cap = 1024 * 1024;
    const { host, engine } = await start({ maxPageBufferedBytes: cap });
    const page = await openPage(host, true);
    const { sessionId, port } = await listen(page);
    const blind = await blindPage(host);
    expect(host.bridge.pageCount).toBe(2);

    const { result: sent, most } = await watchHost(host, async () => {
      const sent = await flood(port, FLOOD_CHUNKS / 4);
      await receivedByEngine(engine, sessionId, sent.bytes);
      return sent;
    });

    expect((await receivedByEngine(engine, sessionId, sent.bytes)).counters.rxBytes).toBe(
      sent.bytes,
    );
    // Over the cap by at most what one send added; the page is kept, not dropped.
    expect(most.bufferedBytes).toBeLessThanOrEqual(cap + 2 * MAX_BATCH_BYTES);
    expect(host.bridge.pageCount).toBe(2);
    blind.destroy();
  }, 60_000);
});

/**
 * A WebSocket by hand that never reads, yet acknowledges every batch it could have been sent (a
 * frozen tab whose acknowledgements were already on their way, or a page that lies).
 */
async function blindPage(host: RunningHost) {
  const socket = net.connect({ host: '127.0.0.1', port: host.port });
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET /ws?token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n` +
      `Origin: http://127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const head = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
  expect(head.toString()).toMatch(/^HTTP\/1\.1 101 /);
  socket.pause();
  let batch = 0;
  const timer = setInterval(
    () => socket.write(maskedTextFrame(`{"kind":"ack","batch":${++batch * 1000}}`)),
    2,
  );
  cleanups.push(() => clearInterval(timer));
  return {
    destroy() {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** A client-to-server text frame (RFC 6455 §5.2: clients mask), for payloads under 126 bytes. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = payload.map((byte, i) => byte ^ mask[i % 4]!);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}
