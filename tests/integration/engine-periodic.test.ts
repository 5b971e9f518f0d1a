/**
 * Periodic send through the engine's commands, to real peers on loopback: exact counts, stop,
 * the end when the peer goes, and the scheduling accuracy (10 ms for 2 s: 200 ± 2).
 */
import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import type { PeriodicEvent, PeriodicStatus } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import type { EngineHarness } from '../support/engine-harness';
import type { TestServer } from '../support/node-peers';
import { startTcpServer } from '../support/node-peers';
import { afterTest, engineForTest, until } from '../support/test-resources';

async function server(): Promise<TestServer> {
  const made = await startTcpServer();
  afterTest(() => made.close());
  return made;
}

async function connectedClient(h: EngineHarness, port: number) {
  const { sessionId } = await h.openSession({
    protocol: 'tcp-client',
    remoteHost: '127.0.0.1',
    remotePort: port,
  });
  return sessionId;
}

/** A UDP receiver that counts datagrams: the receiving peer measures what was sent. */
async function countingReceiver() {
  const socket = dgram.createSocket('udp4');
  let count = 0;
  socket.on('message', () => (count += 1));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  afterTest(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { port: socket.address().port, received: () => count };
}

function ended(h: EngineHarness, sessionId: string) {
  return h.waitFor<PeriodicEvent>(
    (e) => e.type === 'periodic' && e.sessionId === sessionId && !e.periodic.running,
    10_000,
    'the periodic send to end',
  );
}

const ping = { data: 'ping', options: DEFAULT_SEND_OPTIONS };

describe('periodic send', () => {
  it('sends exactly `count` messages: the peer receives count × the payload', async () => {
    const h = engineForTest();
    const peer = await server();
    const sessionId = await connectedClient(h, peer.port);
    const socket = await peer.nextSocket();
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));

    expect(await h.call('startPeriodic', { sessionId, ...ping, intervalMs: 1, count: 50 })).toEqual(
      { ok: true },
    );

    const end = await ended(h, sessionId);
    expect(end.periodic).toEqual({
      running: false,
      intervalMs: 1,
      count: 50,
      sent: 50,
      end: 'finished',
    });
    await until(() => Buffer.concat(received).length >= 200, 5000, '200 bytes at the peer');
    expect(Buffer.concat(received).toString()).toBe('ping'.repeat(50));
    const [first] = h.events.filter((e): e is PeriodicEvent => e.type === 'periodic');
    expect(first?.periodic).toEqual({ running: true, intervalMs: 1, count: 50, sent: 0 });
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.periodic).toEqual(end.periodic);
    expect(sessions[0]!.counters).toMatchObject({ txBytes: 200, txMessages: 50 });
  });

  it('at 10 ms for 2 s sends 200 ± 2 messages, counted by the receiving peer', async () => {
    const h = engineForTest();
    const receiver = await countingReceiver();
    const { sessionId } = await h.openSession({
      protocol: 'udp',
      localHost: '127.0.0.1',
      localPort: 0,
      remoteHost: '127.0.0.1',
      remotePort: receiver.port,
    });

    await h.ok('startPeriodic', { sessionId, ...ping, intervalMs: 10 });
    // The schedule starts when the engine starts the run (its first status), which on a busy
    // machine can be a while after the command was sent.
    const { at: startedAt } = await h.waitFor((e) => e.type === 'periodic');
    await new Promise((resolve) => setTimeout(resolve, startedAt + 2000 - Date.now()));
    const stopAsked = Date.now();
    const { sent } = await h.ok('stopPeriodic', { sessionId });
    const stopAnswered = Date.now();

    await until(() => receiver.received() >= sent, 5000, `${sent} datagrams at the peer`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received()).toBe(sent);
    // The n-th send is due at start + n × 10 ms, and a stop ends the run at that moment of the
    // schedule: the count is the sends due by then, however late single timers fired. (Clocks
    // in whole ms: ± 1.) When this test's own timer fired on time, that is the 200 ± 2.
    const due = (at: number) => Math.floor((at - startedAt) / 10) + 1;
    expect(sent).toBeGreaterThanOrEqual(due(stopAsked) - 1);
    expect(sent).toBeLessThanOrEqual(due(stopAnswered) + 1);
    if (stopAnswered - startedAt <= 2010) expect(Math.abs(sent - 200)).toBeLessThanOrEqual(2);
  });

  it('stops mid-run: nothing more goes out, and the answer says how many went', async () => {
    const h = engineForTest();
    const peer = await server();
    const sessionId = await connectedClient(h, peer.port);
    const socket = await peer.nextSocket();
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await h.ok('startPeriodic', { sessionId, ...ping, intervalMs: 2 });
    await until(() => bytes >= 5 * 4, 5000, 'five pings');

    const { sent } = await h.ok('stopPeriodic', { sessionId });

    expect(sent).toBeGreaterThanOrEqual(5);
    const end = await ended(h, sessionId);
    expect(end.periodic).toMatchObject({ running: false, sent, end: 'stopped' });
    expect(end.periodic.error).toBeUndefined();
    await until(() => bytes >= sent * 4, 5000, 'every ping sent');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bytes).toBe(sent * 4);
    expect(await h.ok('stopPeriodic', { sessionId })).toEqual({ ok: true, sent });
  });

  it('ends as failed when the peer closes the connection', async () => {
    const h = engineForTest();
    const peer = await server();
    const sessionId = await connectedClient(h, peer.port);
    const socket = await peer.nextSocket();
    await h.ok('startPeriodic', { sessionId, ...ping, intervalMs: 5 });
    await h.waitFor((e) => e.type === 'data' && e.direction === 'tx', 5000, 'a first ping');

    socket.end();

    const end = await ended(h, sessionId);
    expect(end.periodic.end).toBe('failed');
    expect(end.periodic.error?.code).toMatch(/NOT_CONNECTED|BROKEN_PIPE|CONNECTION_RESET/);
  });

  it('ends as stopped when the session is closed', async () => {
    const h = engineForTest();
    const peer = await server();
    const sessionId = await connectedClient(h, peer.port);
    await h.ok('startPeriodic', { sessionId, ...ping, intervalMs: 5 });

    await h.ok('close', { sessionId });

    const end = await ended(h, sessionId);
    expect(end.periodic).toMatchObject({ running: false, end: 'stopped' });
  });

  it('refuses a second run, a bad payload, a bad interval or count, and a closed session', async () => {
    const h = engineForTest();
    const peer = await server();
    const { sessionId: idle } = await h.ok('createSession', {});
    expect(
      await h.call('startPeriodic', { sessionId: idle, ...ping, intervalMs: 10 }),
    ).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
    const sessionId = await connectedClient(h, peer.port);
    const bad = async (request: { intervalMs: number; count?: number; data?: string }) => {
      const hex = { ...DEFAULT_SEND_OPTIONS, format: 'hex' as const };
      const result = await h.call('startPeriodic', {
        sessionId,
        data: request.data ?? '01 02',
        options: hex,
        intervalMs: request.intervalMs,
        ...(request.count !== undefined ? { count: request.count } : {}),
      });
      return result.ok ? 'ok' : result.code;
    };
    expect(await bad({ intervalMs: 10, data: '0G' })).toBe('INVALID_HEX');
    expect(await bad({ intervalMs: 10, data: '' })).toBe('EMPTY_PAYLOAD');
    expect(await bad({ intervalMs: 0 })).toBe('INVALID_REQUEST');
    expect(await bad({ intervalMs: Number.NaN })).toBe('INVALID_REQUEST');
    expect(await bad({ intervalMs: 10, count: 0 })).toBe('INVALID_REQUEST');
    expect(await bad({ intervalMs: 10, count: 2.5 })).toBe('INVALID_REQUEST');
    expect(h.events.some((e) => e.type === 'periodic')).toBe(false);

    expect(await bad({ intervalMs: 1000 })).toBe('ok');
    expect(await bad({ intervalMs: 1000 })).toBe('ALREADY_OPEN');
    const status = (await h.ok('listSessions', {})).sessions.find((s) => s.sessionId === sessionId)
      ?.periodic as PeriodicStatus;
    expect(status).toMatchObject({ running: true, intervalMs: 1000 });
    await h.ok('stopPeriodic', { sessionId });
    expect(await bad({ intervalMs: 1000, count: 1 })).toBe('ok');
  });
});
