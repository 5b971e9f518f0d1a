/**
 * Load (issue 7): 1,000 clients connected to a server session at once, then 10,000 connect /
 * disconnect cycles. Afterwards the session holds no connection, its counters are exact, and the
 * process's sockets and memory are back where they started.
 */
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { EngineHarness } from '../support/engine-harness';
import { inParallel } from '../support/in-parallel';

const HOST = '127.0.0.1';

let h: EngineHarness;
afterEach(() => h.dispose());

async function listen() {
  const { sessionId, local } = await h.openSession({
    protocol: 'tcp-server',
    localHost: HOST,
    localPort: 0,
  });
  return { sessionId, port: local.port };
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function snapshot(sessionId: string) {
  const { sessions } = await h.ok('listSessions', {});
  return sessions.find((s) => s.sessionId === sessionId)!;
}

function tcpHandles() {
  return process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP')).length;
}

async function heapAfterCollection() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const closedCount = () => h.events.filter((e) => e.type === 'connection-closed').length;

/** Polls (a predicate over all events, run on every event, would be quadratic here). */
function until(check: () => boolean, timeoutMs: number) {
  return vi.waitFor(() => expect(check()).toBe(true), { timeout: timeoutMs, interval: 50 });
}

/** One client's life: connect, send `payload`, close, and wait until its socket is gone. */
async function cycle(port: number, payload: string) {
  const socket = await connect(port);
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.end(payload);
  });
}

describe('a server session under load', () => {
  it('takes 1,000 clients at once: all listed, each gets a reply to all, all gone after', async () => {
    h = new EngineHarness();
    const { sessionId, port } = await listen();
    const clients: net.Socket[] = [];
    await inParallel(1000, 100, async (i) => {
      const socket = await connect(port);
      socket.on('error', () => {});
      clients.push(socket);
      socket.write(`hello ${i}\n`);
    });
    const sent = Array.from({ length: 1000 }, (_, i) => Buffer.byteLength(`hello ${i}\n`));
    const total = sent.reduce((a, b) => a + b, 0);
    await h.waitFor(
      (e) => e.type === 'counters' && e.sessionId === sessionId && e.counters.rxBytes === total,
      30_000,
      `${total} bytes from 1,000 clients`,
    );
    expect((await snapshot(sessionId)).connections).toHaveLength(1000);

    const received = clients.map(
      (socket) =>
        new Promise<string>((resolve) => socket.once('data', (d) => resolve(d.toString()))),
    );
    const reply = await h.ok('send', { sessionId, data: 'to all', options: DEFAULT_SEND_OPTIONS });
    expect(reply.recipients).toBe(1000);
    expect(new Set(await Promise.all(received))).toEqual(new Set(['to all']));

    for (const socket of clients) socket.destroy();
    await until(() => closedCount() === 1000, 30_000);
    const after = await snapshot(sessionId);
    expect(after.connections).toHaveLength(0);
    expect(after.counters).toMatchObject({ rxBytes: total, txBytes: 6 * 1000 });
  });

  it('survives 10,000 connect/disconnect cycles with exact counters, no leaked sockets or memory', async () => {
    h = new EngineHarness();
    const { sessionId, port } = await listen();
    // Warm up (JIT, pools), then take the baseline.
    await inParallel(200, 20, () => cycle(port, 'warm-up!!!'));
    await until(() => closedCount() === 200, 30_000);
    await h.ok('clearLog', { sessionId });
    const handlesBefore = tcpHandles();
    const heapBefore = await heapAfterCollection();

    await inParallel(10_000, 50, () => cycle(port, '0123456789'));
    await until(() => closedCount() === 10_200, 60_000);

    const after = await snapshot(sessionId);
    expect(after.connections).toHaveLength(0);
    expect(after.counters.rxBytes).toBe(200 * 10 + 10_000 * 10);
    expect(after.log.lastSeq - after.log.firstSeq + 1).toBe(after.counters.rxMessages - 200);

    await h.ok('clearLog', { sessionId });
    h.events.length = 0; // the recorder's own memory is not the engine's
    expect(tcpHandles()).toBe(handlesBefore);
    const grown = (await heapAfterCollection()) - heapBefore;
    console.log(
      `[load] heap after 10,000 cycles: ${(grown / 2 ** 20).toFixed(1)} MiB more than before`,
    );
    expect(grown).toBeLessThan(8 * 2 ** 20);
  });
});
