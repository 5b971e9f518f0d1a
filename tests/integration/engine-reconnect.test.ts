/**
 * Auto reconnect of a TCP client session (`reconnectMs`): a server that is not up yet, a server
 * that closes the connection, a server that resets it — the session connects again as soon as it
 * can, says what it is doing, and stops when the user closes it.
 */
import net from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TcpClientConfig } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import type { EngineHarness } from '../support/engine-harness';
import { afterTest, engineForTest } from '../support/test-resources';
import { unusedPort } from '../support/node-peers';
import { startStalledListener } from '../support/stalled-listener';

const HOST = '127.0.0.1';
const INTERVAL_MS = 100;

/** A server on `port` that keeps every accepted socket (it may be started after the client). */
async function serverOn(port: number) {
  const accepted: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    accepted.push(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, resolve);
  });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of accepted) socket.destroy();
      server.close(() => resolve());
    });
  afterTest(close);
  return { accepted, close };
}

/** A TCP client to `port` on loopback that reconnects every INTERVAL_MS. */
function reconnectingTo(port: number): TcpClientConfig {
  return { protocol: 'tcp-client', remoteHost: HOST, remotePort: port, reconnectMs: INTERVAL_MS };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TCP client auto reconnect', () => {
  let h: EngineHarness;
  beforeEach(() => {
    h = engineForTest();
  });

  const states = (sessionId: string) => h.eventsOf(sessionId, 'state');
  const connectedCount = (sessionId: string) =>
    states(sessionId).filter((e) => e.state === 'connected').length;
  const snapshot = (sessionId: string) => h.snapshot(sessionId);

  it('keeps trying while nothing listens, counting failed attempts, and connects once a server is up', async () => {
    const port = await unusedPort();
    const { sessionId } = await h.ok('createSession', {});
    const config = { protocol: 'tcp-client', remoteHost: HOST, remotePort: port } as const;

    const first = await h.call('open', {
      sessionId,
      config: { ...config, reconnectMs: INTERVAL_MS },
    });
    expect(first).toMatchObject({ ok: false, code: 'CONNECTION_REFUSED' });
    await expect
      .poll(() => states(sessionId).filter((e) => e.reconnect?.nextAt !== undefined).length)
      .toBeGreaterThanOrEqual(3);
    const waits = states(sessionId).filter((e) => e.reconnect?.nextAt !== undefined);
    expect(
      waits.slice(0, 3).map((e) => [e.state, e.reconnect?.failed, e.reconnect?.reason]),
    ).toEqual([
      ['connecting', 1, 'refused'],
      ['connecting', 2, 'refused'],
      ['connecting', 3, 'refused'],
    ]);
    // Never `closed` in between: the session is on its way to a connection all along.
    expect(states(sessionId).some((e) => e.state === 'closed')).toBe(false);
    const waiting = await snapshot(sessionId);
    expect(waiting).toMatchObject({
      state: 'connecting',
      remote: { host: HOST, port },
      reconnect: { reason: 'refused' },
    });
    expect(waiting.reason).toBeUndefined();
    // Already under way: a second Connect is refused as for any open session.
    expect(await h.call('open', { sessionId, config })).toMatchObject({
      ok: false,
      code: 'ALREADY_OPEN',
    });

    const server = await serverOn(port);
    await expect.poll(() => server.accepted.length, { timeout: 5000 }).toBe(1);
    await expect.poll(() => connectedCount(sessionId)).toBe(1);
    const now = await snapshot(sessionId);
    expect(now.state).toBe('connected');
    expect(now.reconnect).toBeUndefined();

    await h.ok('send', { sessionId, data: 'back', options: DEFAULT_SEND_OPTIONS });
    const got = await new Promise<string>((resolve) =>
      server.accepted[0]!.once('data', (data) => resolve(data.toString())),
    );
    expect(got).toBe('back');
  });

  it.each([
    { how: 'closes (FIN)', end: (s: net.Socket) => s.end(), reason: 'peer-closed' },
    { how: 'resets (RST)', end: (s: net.Socket) => s.resetAndDestroy(), reason: 'reset' },
  ] as const)(
    'connects again when the server $how the connection, the log telling both connections',
    async ({ end, reason }) => {
      const port = await unusedPort();
      const server = await serverOn(port);
      const { sessionId } = await h.openSession(reconnectingTo(port));
      await expect.poll(() => server.accepted.length).toBe(1);
      end(server.accepted[0]!);

      await expect.poll(() => server.accepted.length, { timeout: 5000 }).toBe(2);
      await expect.poll(() => connectedCount(sessionId)).toBe(2);
      const lost = states(sessionId).find((e) => e.reconnect !== undefined);
      expect(lost).toMatchObject({ state: 'connecting', reconnect: { failed: 0, reason } });
      const closed = h.events.filter((e) => e.type === 'connection-closed');
      expect(closed).toEqual([expect.objectContaining({ reason })]);
      expect(h.events.filter((e) => e.type === 'connection-opened')).toHaveLength(2);
    },
  );

  it('stops when the user closes it while waiting, or disconnects while connected', async () => {
    const port = await unusedPort();
    const { sessionId } = await h.ok('createSession', {});
    const config = reconnectingTo(port);
    await h.call('open', { sessionId, config });
    await h.ok('close', { sessionId });
    expect(states(sessionId).at(-1)).toMatchObject({ state: 'closed', reason: 'user' });
    expect((await snapshot(sessionId)).reconnect).toBeUndefined();

    // Nothing tries any more: a server that comes up now is left alone.
    const server = await serverOn(port);
    await sleep(INTERVAL_MS * 4);
    expect(server.accepted).toHaveLength(0);

    // Connected, then Disconnect: the user's close is final too.
    await h.ok('open', { sessionId, config });
    await expect.poll(() => server.accepted.length).toBe(1);
    await h.ok('close', { sessionId });
    await sleep(INTERVAL_MS * 4);
    expect(server.accepted).toHaveLength(1);
    expect(states(sessionId).at(-1)).toMatchObject({ state: 'closed', reason: 'user' });
  });

  it('a host that does not answer times out, is tried again, and a close mid-attempt ends it', async () => {
    const stalled = await startStalledListener();
    afterTest(() => stalled.stop());
    const { sessionId } = await h.ok('createSession', {});
    const config = { ...reconnectingTo(stalled.port), connectTimeoutMs: 200 };
    expect(await h.call('open', { sessionId, config })).toMatchObject({
      ok: false,
      code: 'CONNECT_TIMEOUT',
    });
    // The second attempt is under way (connecting, no next time): close it there.
    const underWay = () => {
      const last = states(sessionId).at(-1);
      return last?.state === 'connecting' && last.reconnect?.nextAt === undefined
        ? last.reconnect
        : undefined;
    };
    await expect.poll(underWay, { timeout: 5000 }).toEqual({ failed: 1, reason: 'timeout' });
    await h.ok('close', { sessionId });
    await expect
      .poll(() => states(sessionId).at(-1))
      .toMatchObject({
        state: 'closed',
        reason: 'user',
      });
    const told = h.events.length;
    await sleep(INTERVAL_MS + 400);
    expect(h.events.length).toBe(told);
  });

  it('a session disposed while it waits tries nothing more', async () => {
    const port = await unusedPort();
    const { sessionId } = await h.ok('createSession', {});
    const config = reconnectingTo(port);
    await h.call('open', { sessionId, config });
    await h.ok('disposeSession', { sessionId });
    const told = h.events.length;
    const server = await serverOn(port);
    await sleep(INTERVAL_MS * 4);
    expect(server.accepted).toHaveLength(0);
    expect(h.events.length).toBe(told);
  });

  it('without reconnectMs a lost connection stays closed', async () => {
    const port = await unusedPort();
    const server = await serverOn(port);
    const { sessionId } = await h.openSession({
      protocol: 'tcp-client',
      remoteHost: HOST,
      remotePort: port,
    });
    await expect.poll(() => server.accepted.length).toBe(1);
    server.accepted[0]!.end();
    await expect.poll(() => states(sessionId).at(-1)?.state).toBe('closed');
    await sleep(300);
    expect(server.accepted).toHaveLength(1);
  });

  it.each([0, 99, 3_600_001, 1.5])('refuses a reconnect interval of %s ms', async (reconnectMs) => {
    const { sessionId } = await h.ok('createSession', {});
    const result = await h.call('open', {
      sessionId,
      config: { protocol: 'tcp-client', remoteHost: HOST, remotePort: 9, reconnectMs },
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
      params: { detail: 'the reconnect interval must be 100 to 3600000 ms' },
    });
  });
});
