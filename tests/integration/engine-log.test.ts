import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';
import { connectClient } from '../support/node-peers';

describe('the engine keeps a bounded log beside exact counters', () => {
  let h: EngineHarness;
  beforeEach(() => {
    h = new EngineHarness();
  });
  afterEach(() => h.dispose());

  async function floodServer(totalBytes: number) {
    const { sessionId, local } = await h.openSession({
      protocol: 'tcp-server',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    const client = await connectClient(local.port);
    const payload = randomBytes(totalBytes);
    for (let i = 0; i < payload.length; i += 64 * 1024) {
      if (!client.socket.write(payload.subarray(i, i + 64 * 1024))) {
        await new Promise((resolve) => client.socket.once('drain', resolve));
      }
    }
    await h.waitFor(
      (e) =>
        e.type === 'counters' && e.sessionId === sessionId && e.counters.rxBytes === totalBytes,
      20_000,
      `${totalBytes} bytes counted`,
    );
    client.socket.destroy();
    return { sessionId, payload };
  }

  it('holds every byte of a flood within the limits, readable in order', async () => {
    const { sessionId, payload } = await floodServer(8 * 1024 * 1024);
    const chunks: Buffer[] = [];
    for (let from = 1; ;) {
      const page = await h.ok('readLog', { sessionId, fromSeq: from, count: 10_000 });
      const rx = page.entries.filter((e) => e.direction === 'rx');
      chunks.push(...rx.map((e) => Buffer.from(e.bytes)));
      if (page.entries.length === 0 || page.entries.at(-1)!.seq >= page.lastSeq) {
        expect(page.evicted).toBe(0);
        break;
      }
      from = page.entries.at(-1)!.seq + 1;
    }
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(Buffer.concat(chunks))).toBe(sha(payload));
  });

  it('evicts the oldest entries past its limit while the counters stay exact', async () => {
    await h.ok('setLogLimits', { maxEntries: 100, maxBytes: 1024 * 1024 });
    const { sessionId, payload } = await floodServer(16 * 1024 * 1024);
    const list = await h.ok('listSessions', {});
    const snapshot = list.sessions.find((s) => s.sessionId === sessionId)!;
    expect(snapshot.counters.rxBytes).toBe(payload.length);
    const { log } = snapshot;
    expect(log.evicted).toBeGreaterThan(0);
    expect(log.lastSeq - log.firstSeq + 1).toBeLessThanOrEqual(100);
    const page = await h.ok('readLog', { sessionId, fromSeq: 0, count: 10_000 });
    const keptBytes = page.entries.reduce((n, e) => n + e.bytes.length, 0);
    expect(keptBytes).toBeLessThanOrEqual(1024 * 1024);
    // What is kept is the newest traffic: the last entry ends where the payload ends.
    const last = page.entries.filter((e) => e.direction === 'rx').at(-1)!;
    expect(Buffer.from(last.bytes)).toEqual(payload.subarray(payload.length - last.bytes.length));
    // A log event tells the UI how many were evicted.
    const logEvent = h.events.findLast((e) => e.type === 'log' && e.sessionId === sessionId);
    expect(logEvent).toMatchObject({ evicted: log.evicted });
  });

  it('refuses nonsense limits and read requests with a clear error', async () => {
    expect(await h.call('setLogLimits', { maxEntries: 0, maxBytes: 1 })).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
    const { sessionId } = await h.ok('createSession', {});
    expect(await h.call('readLog', { sessionId, fromSeq: 1.5, count: 1 })).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
    expect(await h.ok('clearLog', { sessionId })).toMatchObject({ firstSeq: 1, lastSeq: 0 });
  });
});
