/**
 * TCP sockets read into one shared buffer (socket-reader.ts), so every byte a session hands on
 * must be its log's copy: a chunk that still pointed into the read buffer would show the next
 * read's bytes. Several peers flood at once, each with its own random bytes, and every data
 * event and the log must hold exactly each peer's stream.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataEvent } from '../../src/shared/contract';
import { EngineHarness } from '../support/engine-harness';
import { connectClient } from '../support/node-peers';

const BYTES_PER_PEER = 4 * 1024 * 1024;

async function writeAll(socket: net.Socket, payload: Buffer) {
  for (let i = 0; i < payload.length; i += 64 * 1024) {
    if (!socket.write(payload.subarray(i, i + 64 * 1024))) {
      await new Promise((resolve) => socket.once('drain', resolve));
    }
  }
}

/** Each connection's received bytes, from the data events and from the log. */
async function streams(h: EngineHarness, sessionId: string) {
  const fromEvents = new Map<string, Buffer[]>();
  for (const event of h.events) {
    if (event.type !== 'data' || event.sessionId !== sessionId || event.direction !== 'rx')
      continue;
    const { connectionId = '', bytes } = event as DataEvent;
    fromEvents.set(connectionId, [...(fromEvents.get(connectionId) ?? []), Buffer.from(bytes)]);
  }
  const fromLog = new Map<string, Buffer[]>();
  for (let from = 1; ;) {
    const page = await h.ok('readLog', { sessionId, fromSeq: from, count: 10_000 });
    if (page.entries.length === 0) break;
    for (const entry of page.entries) {
      if (entry.direction !== 'rx') continue;
      const id = entry.connectionId ?? '';
      fromLog.set(id, [...(fromLog.get(id) ?? []), Buffer.from(entry.bytes)]);
    }
    from = page.entries.at(-1)!.seq + 1;
  }
  const joined = (map: Map<string, Buffer[]>) =>
    new Map([...map].map(([id, chunks]) => [id, Buffer.concat(chunks)]));
  return { events: joined(fromEvents), log: joined(fromLog) };
}

describe('the TCP read path', () => {
  let h: EngineHarness;
  afterEach(() => h.dispose());

  it('keeps concurrent floods apart: events and log hold each peer’s exact bytes (server)', async () => {
    h = new EngineHarness();
    const { sessionId, local } = await h.openSession({
      protocol: 'tcp-server',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    const peers = await Promise.all([1, 2, 3].map(() => connectClient(local.port)));
    const opened = await h.waitFor(
      () => h.events.filter((e) => e.type === 'connection-opened').length === 3,
    );
    expect(opened).toBeTruthy();
    const connectionIds = h.events.flatMap((e) =>
      e.type === 'connection-opened' ? [e.connection] : [],
    );
    const payloads = peers.map(() => randomBytes(BYTES_PER_PEER));
    await Promise.all(peers.map((peer, i) => writeAll(peer.socket, payloads[i]!)));
    await h.waitForBytes(sessionId, 3 * BYTES_PER_PEER, 'rx', 30_000);

    const { events, log } = await streams(h, sessionId);
    for (const [i, peer] of peers.entries()) {
      const port = peer.socket.localPort;
      const id = connectionIds.find((c) => c.remote.port === port)!.connectionId;
      expect(events.get(id)!.equals(payloads[i]!)).toBe(true);
      expect(log.get(id)!.equals(payloads[i]!)).toBe(true);
      peer.socket.destroy();
    }
  });

  it('a TCP client session reads the same way: the peer’s exact bytes in events and log', async () => {
    h = new EngineHarness();
    const payload = randomBytes(BYTES_PER_PEER);
    const server = net.createServer((socket) => void writeAll(socket, payload));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { sessionId } = await h.openSession({
        protocol: 'tcp-client',
        remoteHost: '127.0.0.1',
        remotePort: (server.address() as net.AddressInfo).port,
      });
      await h.waitForBytes(sessionId, payload.length, 'rx', 30_000);
      const { events, log } = await streams(h, sessionId);
      expect(events.get('c1')!.equals(payload)).toBe(true);
      expect(log.get('c1')!.equals(payload)).toBe(true);
    } finally {
      server.close();
    }
  });
});
