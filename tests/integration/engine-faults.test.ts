/**
 * Faults a debugging tool meets (issue 7), on real loopback sockets: a peer that never reads
 * (sends refused with SEND_QUEUE_FULL past the limit, the waiting bytes reported, periodic and
 * file sends pausing), a peer's half-close (FIN) and reset (RST) while data flows, the server
 * stopped under 20 busy clients, a client leaving during a file send, one byte at a time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type {
  CommandRequest,
  CommandResponse,
  ConnectionClosedEvent,
  ConnectionOpenedEvent,
  CountersEvent,
  ErrorEvent,
  FileSendEvent,
  PeriodicEvent,
  StateEvent,
} from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { StreamDecoder } from '../../src/shared/codec/text-decoder';
import {
  SEND_QUEUE_LIMIT,
  STATUS_INTERVAL_MS,
  UNSENT_REPORT_MS,
} from '../../src/main/engine/constants';
import { fileFrom } from '../../src/main/engine/file-source';
import type { EngineHarness } from '../support/engine-harness';
import { connectClient } from '../support/node-peers';
import { afterTest, engineForTest, tcpClientSession, until } from '../support/test-resources';

const KiB = 1024;
const MiB = 1024 * KiB;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serverSession(h: EngineHarness) {
  const { sessionId, local } = await h.openSession({
    protocol: 'tcp-server',
    localHost: '127.0.0.1',
    localPort: 0,
  });
  return { sessionId, port: local.port };
}

/** A plain client of a server session, with the connection id the session gave it. */
async function clientOf(h: EngineHarness, sessionId: string, port: number) {
  const client = await connectClient(port);
  afterTest(() => client.socket.destroy());
  const opened = await h.waitFor<ConnectionOpenedEvent>(
    (e) =>
      e.type === 'connection-opened' &&
      e.sessionId === sessionId &&
      e.connection.remote.port === client.socket.localPort,
  );
  return { ...client, connectionId: opened.connection.connectionId };
}

/** Counts what a peer socket receives, once it reads. */
function counting(socket: net.Socket) {
  let bytes = 0;
  socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
  return () => bytes;
}

function countersOf(h: EngineHarness, sessionId: string, after = 0): CountersEvent[] {
  return h.events
    .slice(after)
    .filter((e): e is CountersEvent => e.type === 'counters' && e.sessionId === sessionId);
}

type SendResponse = CommandResponse<'send'>;

/**
 * Sends `data` until a send is refused (at most `tries`): the sends accepted (still waiting for
 * the peer, or done) and the refusal. A refused send answers at once; an accepted one to a peer
 * that does not read waits for it.
 */
async function sendUntilRefused(
  h: EngineHarness,
  request: Omit<CommandRequest<'send'>, 'options'>,
  tries = 16,
) {
  const accepted: Promise<SendResponse>[] = [];
  for (let i = 0; i < tries; i++) {
    const sending = h.call('send', { ...request, options: DEFAULT_SEND_OPTIONS });
    const answer = await Promise.race([sending, sleep(50).then(() => undefined)]);
    if (answer && !answer.ok) return { accepted, refused: answer };
    accepted.push(sending);
  }
  return { accepted, refused: undefined };
}

/** The engine's TCP handles (sockets, listeners) open in this process now. */
function tcpHandles() {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

describe('a peer that accepts and never reads', () => {
  it('refuses sends with SEND_QUEUE_FULL past the limit, reports the waiting bytes, and recovers when the peer reads', async () => {
    const h = engineForTest();
    const { sessionId, peer, server, connectionId } = await tcpClientSession(h);
    peer.pause();
    const payload = 'x'.repeat(4 * MiB);

    const { accepted, refused } = await sendUntilRefused(h, { sessionId, data: payload });

    // The kernel takes a few MiB; Node's buffer holds the rest until it reaches the limit.
    expect(refused).toMatchObject({
      ok: false,
      code: 'SEND_QUEUE_FULL',
      params: { host: '127.0.0.1', port: server.port, limit: SEND_QUEUE_LIMIT },
    });
    const queued = Number(refused!.params.queued);
    expect(queued).toBeGreaterThanOrEqual(SEND_QUEUE_LIMIT);
    expect(queued).toBeLessThan(SEND_QUEUE_LIMIT + payload.length);
    expect(refused!.message).toContain('is not reading');
    // Nothing of the refused send was logged or counted.
    const sentBytes = accepted.length * payload.length;
    expect(h.bytes(sessionId, 'tx').length).toBe(sentBytes);
    expect((await h.ok('listSessions', {})).sessions[0]!.counters.txBytes).toBe(sentBytes);

    // The waiting bytes are reported; more sends stay refused and memory stays bounded.
    const reported = await h.waitFor<CountersEvent>(
      (e) => e.type === 'counters' && (e.unsent?.[connectionId] ?? 0) >= SEND_QUEUE_LIMIT,
      5000,
      'the unsent bytes in a counters event',
    );
    expect(Object.keys(reported.unsent!)).toEqual([connectionId]);
    for (let i = 0; i < 8; i++) {
      const again = await h.call('send', {
        sessionId,
        data: payload,
        options: DEFAULT_SEND_OPTIONS,
      });
      expect(again).toMatchObject({ ok: false, code: 'SEND_QUEUE_FULL' });
    }
    const waiting = countersOf(h, sessionId).at(-1)!.unsent![connectionId]!;
    expect(waiting).toBeLessThan(SEND_QUEUE_LIMIT + payload.length);
    // While nothing changes, counters events do not flood (one per STATUS interval would be
    // ~70 here), yet keep coming now and then, for a page that reloaded meanwhile.
    const before = countersOf(h, sessionId).length;
    await sleep(UNSENT_REPORT_MS + 200);
    const meanwhile = countersOf(h, sessionId).slice(before);
    expect(meanwhile.length).toBeGreaterThanOrEqual(1);
    expect(meanwhile.length).toBeLessThanOrEqual(10);
    expect(meanwhile.at(-1)!.unsent![connectionId]).toBeGreaterThanOrEqual(SEND_QUEUE_LIMIT);

    // The peer reads: every accepted byte arrives, the sends answer, and the note goes.
    const mark = h.events.length;
    const received = counting(peer);
    peer.resume();
    await until(() => received() >= sentBytes, 10_000, 'the accepted sends at the peer');
    const answers = await Promise.all(accepted);
    expect(answers.every((answer) => answer.ok)).toBe(true);
    const drained = await h.waitFor<CountersEvent>(
      (e) => e.type === 'counters' && h.events.indexOf(e) >= mark && e.unsent === undefined,
      5000,
      'a counters event with nothing unsent',
    );
    expect(drained.counters.txBytes).toBe(sentBytes);
    await sleep(100);
    expect(received()).toBe(sentBytes);
    await h.ok('send', { sessionId, data: 'after', options: DEFAULT_SEND_OPTIONS });
    await until(() => received() === sentBytes + 5, 5000, 'the send after the drain');
  });

  it('lets one 16 MiB send through when nothing waits', async () => {
    const h = engineForTest();
    const { sessionId, peer } = await tcpClientSession(h);
    const received = counting(peer);

    const sent = await h.ok('send', {
      sessionId,
      data: 'z'.repeat(16 * MiB),
      options: DEFAULT_SEND_OPTIONS,
    });

    expect(sent.bytes).toBe(16 * MiB);
    await until(() => received() === 16 * MiB, 10_000, '16 MiB at the peer');
  });

  it('server: a send to all is refused as a whole, naming the client that does not read; the others still get sends to them', async () => {
    const h = engineForTest();
    const { sessionId, port } = await serverSession(h);
    const reader = await clientOf(h, sessionId, port);
    const stuck = await clientOf(h, sessionId, port);
    stuck.socket.pause();
    const payload = 'y'.repeat(4 * MiB);

    const { accepted, refused } = await sendUntilRefused(h, { sessionId, data: payload });

    expect(refused).toMatchObject({
      code: 'SEND_QUEUE_FULL',
      params: { host: '127.0.0.1', port: stuck.socket.localPort, limit: SEND_QUEUE_LIMIT },
    });
    // Each accepted send went to both; the refused one to neither.
    const each = accepted.length * payload.length;
    await reader.waitFor(each, 10_000);
    await sleep(100);
    expect(reader.received().length).toBe(each);
    expect(h.bytes(sessionId, 'tx', reader.connectionId).length).toBe(each);
    expect(h.bytes(sessionId, 'tx', stuck.connectionId).length).toBe(each);
    // Once the reader has all of it, only the stuck client has bytes waiting.
    await h.waitFor<CountersEvent>(
      (e) =>
        e.type === 'counters' &&
        (e.unsent?.[stuck.connectionId] ?? 0) > 0 &&
        e.unsent?.[reader.connectionId] === undefined,
      5000,
      'bytes waiting for the stuck client only',
    );

    const toReader = await h.ok('send', {
      sessionId,
      data: 'just you',
      options: DEFAULT_SEND_OPTIONS,
      target: { kind: 'connection', connectionId: reader.connectionId },
    });
    expect(toReader.recipients).toBe(1);
    expect((await reader.waitFor(each + 8)).subarray(each).toString()).toBe('just you');

    // What the alert advises: disconnecting it (its bytes can never go, so it is not kept
    // waiting for them beyond the graceful close), then sends to all go again.
    await h.ok('disconnectClient', { sessionId, connectionId: stuck.connectionId });
    const gone = await h.waitFor<ConnectionClosedEvent>(
      (e) => e.type === 'connection-closed' && e.connectionId === stuck.connectionId,
    );
    expect(gone.reason).toBe('user');
    await h.waitFor<CountersEvent>(
      (e) => e.type === 'counters' && h.events.indexOf(e) > h.events.indexOf(gone) && !e.unsent,
      5000,
      'nothing waiting once it is gone',
    );
    const toAll = await h.ok('send', { sessionId, data: '!', options: DEFAULT_SEND_OPTIONS });
    expect(toAll.recipients).toBe(1);
    expect((await reader.waitFor(each + 9)).subarray(each + 8).toString()).toBe('!');
  });

  it('a periodic send and a file send pause for it instead of piling bytes up', async () => {
    const h = engineForTest();
    const { sessionId, peer, connectionId } = await tcpClientSession(h);
    peer.pause();
    const payload = 'p'.repeat(64 * KiB);

    await h.ok('startPeriodic', {
      sessionId,
      data: payload,
      options: DEFAULT_SEND_OPTIONS,
      intervalMs: 1,
    });
    // Sends go until the kernel's buffers are full, then wait for a drain that never comes.
    await h.waitFor<CountersEvent>(
      (e) => e.type === 'counters' && (e.unsent?.[connectionId] ?? 0) > 0,
      10_000,
      'bytes waiting in Node',
    );
    await sleep(200);
    const txBytes = async () => (await h.ok('listSessions', {})).sessions[0]!.counters.txBytes;
    const stalled = await txBytes();
    await sleep(300);
    expect(await txBytes()).toBe(stalled);
    const { sent } = await h.ok('stopPeriodic', { sessionId });
    const unsent = countersOf(h, sessionId).at(-1)!.unsent![connectionId]!;
    // Node's own high-water mark plus one payload, far below the refusal limit.
    expect(unsent).toBeLessThanOrEqual(64 * KiB + payload.length);
    expect(sent * payload.length).toBe(stalled);
    const periodic = await h.waitFor<PeriodicEvent>(
      (e) => e.type === 'periodic' && !e.periodic.running,
    );
    expect(periodic.periodic).toMatchObject({ end: 'stopped', sent });

    const folder = await mkdtemp(path.join(tmpdir(), 'netassist-faults-'));
    afterTest(() => rm(folder, { recursive: true, force: true }));
    const file = path.join(folder, 'big.bin');
    await writeFile(file, randomBytes(32 * MiB));
    await h.engine.sendFile({ sessionId }, fileFrom(file));
    await sleep(500);
    const sending = await h.ok('listSessions', {});
    const fileSend = sending.sessions[0]!.fileSend!;
    expect(fileSend.state).toBe('sending');
    expect(fileSend.sent).toBeLessThan(32 * MiB);
    // The file waits with the periodic's bytes: one read of the file (64 KiB) more at most.
    const waiting = countersOf(h, sessionId).at(-1)!.unsent![connectionId]!;
    expect(waiting).toBeLessThanOrEqual(64 * KiB + payload.length + 64 * KiB);
    await h.ok('cancelSendFile', { sessionId });
    const ended = await h.waitFor<FileSendEvent>(
      (e) => e.type === 'file-send' && e.fileSend.state === 'cancelled',
    );
    expect(ended.fileSend.sent).toBeLessThan(32 * MiB);
  });
  it('Echo waits for it (bytes waiting stay small) and, once it reads, every byte comes back in order', async () => {
    const h = engineForTest();
    const { sessionId, peer, connectionId } = await tcpClientSession(h);
    await h.ok('setAutoReply', { sessionId, rules: [], echo: true });
    peer.pause();
    const chunk = randomBytes(64 * KiB);
    const sent = 256 * chunk.length; // 16 MiB: more than the kernel holds, fewer reads than MAX_PENDING_REPLIES
    for (let i = 0; i < 256; i++) peer.write(chunk);
    await h.waitForBytes(sessionId, sent, 'rx', 10_000);
    await h.waitFor<CountersEvent>(
      (e) => e.type === 'counters' && (e.unsent?.[connectionId] ?? 0) > 0,
      5000,
      'echoes waiting for the peer',
    );

    await sleep(300);
    const waiting = countersOf(h, sessionId).at(-1)!.unsent![connectionId]!;
    // One reply at a time: Node's high-water mark plus one read, however many wait their turn.
    expect(waiting).toBeLessThanOrEqual(64 * KiB + 64 * KiB);
    expect(h.bytes(sessionId, 'tx').length).toBeLessThan(sent);

    const back: Buffer[] = [];
    peer.on('data', (bytes: Buffer) => back.push(bytes));
    peer.resume();
    await until(() => Buffer.concat(back).length >= sent, 10_000, 'every echo at the peer');
    const expected = Buffer.concat(Array.from({ length: 256 }, () => chunk));
    expect(Buffer.concat(back).equals(expected)).toBe(true);
    expect(h.events.filter((e) => e.type === 'error')).toEqual([]);
  });
});

describe('the peer half-closes (FIN) while we send', () => {
  it('delivers everything written before its FIN, logs all it sent, closes as peer-closed and refuses later sends', async () => {
    const h = engineForTest();
    const { sessionId, peer, connectionId } = await tcpClientSession(h);
    const received = counting(peer);
    await h.ok('startPeriodic', {
      sessionId,
      data: 'q'.repeat(KiB),
      options: DEFAULT_SEND_OPTIONS,
      intervalMs: 1,
    });
    await until(() => received() >= 50 * KiB, 5000, 'our sends at the peer');

    // The peer's last words, then FIN; it keeps reading what we still send.
    peer.end('bye 再见');
    const closed = await h.waitFor<ConnectionClosedEvent>(
      (e) => e.type === 'connection-closed' && e.connectionId === connectionId,
    );

    // Today Node answers a FIN with ours (allowHalfOpen off): the connection ends after what was
    // already written, and the periodic send ends failed as the socket refuses more.
    expect(closed.reason).toBe('peer-closed');
    expect(h.bytes(sessionId, 'rx').toString()).toBe('bye 再见');
    const periodic = await h.waitFor<PeriodicEvent>(
      (e) => e.type === 'periodic' && !e.periodic.running,
    );
    expect(periodic.periodic).toMatchObject({ end: 'failed', error: { code: 'NOT_CONNECTED' } });
    const { sessions } = await h.ok('listSessions', {});
    const txBytes = sessions[0]!.counters.txBytes;
    await until(() => peer.destroyed || peer.readableEnded, 5000, 'our FIN at the peer');
    expect(received()).toBe(txBytes);
    expect(h.bytes(sessionId, 'tx').length).toBe(txBytes);
    expect(sessions[0]!.counters.rxBytes).toBe(Buffer.byteLength('bye 再见'));
    expect(sessions[0]!.state).toBe('closed');
    const after = await h.call('send', { sessionId, data: 'late', options: DEFAULT_SEND_OPTIONS });
    expect(after).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
  });

  it('server: a client that half-closes gets nothing more logged as sent to it', async () => {
    const h = engineForTest();
    const { sessionId, port } = await serverSession(h);
    const client = await clientOf(h, sessionId, port);
    client.socket.end('last');
    await h.waitFor<ConnectionClosedEvent>(
      (e) => e.type === 'connection-closed' && e.connectionId === client.connectionId,
    );
    const late = await h.call('send', {
      sessionId,
      data: 'late',
      options: DEFAULT_SEND_OPTIONS,
      target: { kind: 'connection', connectionId: client.connectionId },
    });
    expect(late.ok).toBe(false);
    expect(h.bytes(sessionId, 'tx').length).toBe(0);
    expect(h.bytes(sessionId, 'rx').toString()).toBe('last');
  });
});

describe('the peer resets (RST)', () => {
  const resetEvents = (h: EngineHarness, sessionId: string) =>
    h.events.filter((e): e is ErrorEvent => e.type === 'error' && e.sessionId === sessionId);

  it('in the middle of our sending: a reset error, the connection closed as reset, the next session works', async () => {
    const h = engineForTest();
    const { sessionId, peer, connectionId } = await tcpClientSession(h);
    const received = counting(peer);
    const sending = h.call('send', {
      sessionId,
      data: 'r'.repeat(8 * MiB),
      options: DEFAULT_SEND_OPTIONS,
    });
    await until(() => received() >= 256 * KiB, 5000, 'some of our send at the peer');

    peer.resetAndDestroy();

    const closed = await h.waitFor<ConnectionClosedEvent>(
      (e) => e.type === 'connection-closed' && e.connectionId === connectionId,
    );
    // Depending on whether the RST came in before or after our next write, Linux names it
    // ECONNRESET or EPIPE.
    expect(['reset', 'peer-closed']).toContain(closed.reason);
    const errors = resetEvents(h, sessionId);
    expect(errors.map((e) => e.code)).toEqual([
      closed.reason === 'reset' ? 'CONNECTION_RESET' : 'BROKEN_PIPE',
    ]);
    expect(errors[0]!.message).toMatch(/reset by the peer \(RST\)|has closed the connection/);
    expect((await sending).ok).toBe(true); // handed to the socket: what the peer read it got
    await h.waitFor<StateEvent>((e) => e.type === 'state' && e.state === 'closed');

    const next = await tcpClientSession(h);
    await h.ok('send', { sessionId: next.sessionId, data: 'again', options: DEFAULT_SEND_OPTIONS });
    const again = counting(next.peer);
    await until(() => again() === 5, 5000, 'a send on the next session');
  });

  it('in the middle of its sending: CONNECTION_RESET, closed as reset, counters equal to what was logged', async () => {
    const h = engineForTest();
    const { sessionId, port } = await serverSession(h);
    const client = await clientOf(h, sessionId, port);
    const other = await clientOf(h, sessionId, port);
    const chunk = randomBytes(64 * KiB);
    const flood = setInterval(() => client.socket.write(chunk), 1);
    afterTest(() => clearInterval(flood));
    await h.waitForBytes(sessionId, 512 * KiB);

    clearInterval(flood);
    const clientPort = client.socket.localPort;
    client.socket.resetAndDestroy();

    const closed = await h.waitFor<ConnectionClosedEvent>(
      (e) => e.type === 'connection-closed' && e.connectionId === client.connectionId,
    );
    expect(closed.reason).toBe('reset');
    const errors = resetEvents(h, sessionId);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'CONNECTION_RESET',
      params: { host: '127.0.0.1', port: clientPort },
    });
    await sleep(2 * STATUS_INTERVAL_MS);
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.counters.rxBytes).toBe(h.bytes(sessionId, 'rx').length);
    expect(sessions[0]!.state).toBe('listening');
    // The server and its other client go on.
    await h.ok('send', { sessionId, data: 'still here', options: DEFAULT_SEND_OPTIONS });
    expect((await other.waitFor(10)).toString()).toBe('still here');
  });
});

describe('the server stops while 20 clients are connected and sending', () => {
  it('closes every client as server-stopped, counts exactly what was logged, and leaves no handle', async () => {
    const handlesBefore = tcpHandles();
    const h = engineForTest();
    const { sessionId, port } = await serverSession(h);
    const clients = await Promise.all(
      Array.from({ length: 20 }, () => clientOf(h, sessionId, port)),
    );
    const sentBy = clients.map(() => 0);
    const chunk = randomBytes(4 * KiB);
    const floods = clients.map((client, i) =>
      setInterval(() => {
        if (!client.socket.writable) return;
        client.socket.write(chunk);
        sentBy[i]! += chunk.length;
      }, 1),
    );
    afterTest(() => floods.forEach(clearInterval));
    await h.waitForBytes(sessionId, 20 * 64 * KiB, 'rx', 10_000);

    await h.ok('close', { sessionId });

    await Promise.all(clients.map((client) => client.ended));
    floods.forEach(clearInterval);
    const closed = h.events.filter(
      (e): e is ConnectionClosedEvent =>
        e.type === 'connection-closed' && e.sessionId === sessionId,
    );
    expect(closed).toHaveLength(20);
    expect(closed.every((e) => e.reason === 'server-stopped')).toBe(true);
    const state = h.events.filter((e): e is StateEvent => e.type === 'state').at(-1)!;
    expect(state.state).toBe('closed');
    // Every closed event is out before the session says it is closed.
    expect(h.events.indexOf(state)).toBeGreaterThan(h.events.indexOf(closed.at(-1)!));
    await sleep(2 * STATUS_INTERVAL_MS);
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.counters.rxBytes).toBe(h.bytes(sessionId, 'rx').length);
    for (const [i, client] of clients.entries()) {
      const got = h.bytes(sessionId, 'rx', client.connectionId).length;
      expect(got).toBeGreaterThan(0);
      expect(got).toBeLessThanOrEqual(sentBy[i]!);
    }
    const errors = h.events.filter((e) => e.type === 'error' && e.sessionId === sessionId);
    expect(errors).toEqual([]);

    await h.ok('disposeSession', { sessionId });
    await until(() => tcpHandles() <= handlesBefore, 5000, 'the TCP handles back to before');
  });
});

describe('a client disconnects during a file send', () => {
  it('ends the file send as failed, saying the client is gone, and the server keeps working', async () => {
    const h = engineForTest();
    const folder = await mkdtemp(path.join(tmpdir(), 'netassist-faults-'));
    afterTest(() => rm(folder, { recursive: true, force: true }));
    const file = path.join(folder, 'big.bin');
    await writeFile(file, randomBytes(64 * MiB));
    const { sessionId, port } = await serverSession(h);
    const leaving = await clientOf(h, sessionId, port);
    const staying = await clientOf(h, sessionId, port);

    await h.engine.sendFile(
      { sessionId, target: { kind: 'connection', connectionId: leaving.connectionId } },
      fileFrom(file),
    );
    await leaving.waitFor(4 * MiB, 10_000);
    leaving.socket.destroy();

    const ended = await h.waitFor<FileSendEvent>(
      (e) => e.type === 'file-send' && !['waiting', 'sending'].includes(e.fileSend.state),
      10_000,
      'the file send to end',
    );
    expect(ended.fileSend).toMatchObject({
      state: 'failed',
      error: { code: 'UNKNOWN_CONNECTION', params: { connectionId: leaving.connectionId } },
    });
    expect(ended.fileSend.error!.message).toBe(
      `Client ${leaving.connectionId} is no longer connected.`,
    );
    expect(ended.fileSend.sent).toBeLessThan(64 * MiB);
    await h.ok('send', { sessionId, data: 'still here', options: DEFAULT_SEND_OPTIONS });
    expect((await staying.waitFor(10)).toString()).toBe('still here');
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.state).toBe('listening');
    expect(sessions[0]!.connections.map((c) => c.connectionId)).toEqual([staying.connectionId]);
  });
});

describe('a peer that sends one byte at a time', () => {
  it('logs and counts every byte of 1,000 single-byte writes', async () => {
    const h = engineForTest();
    const { sessionId, port } = await serverSession(h);
    const client = await clientOf(h, sessionId, port);
    client.socket.setNoDelay(true);
    const bytes = randomBytes(1000);

    for (const byte of bytes) {
      client.socket.write(Buffer.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }

    expect(await h.waitForBytes(sessionId, 1000)).toEqual(bytes);
    await sleep(2 * STATUS_INTERVAL_MS);
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.counters.rxBytes).toBe(1000);
    expect(sessions[0]!.connections[0]!.counters.rxBytes).toBe(1000);
    expect(sessions[0]!.counters.rxMessages).toBe(h.data(sessionId, 'rx').length);
  });

  it.each([
    ['utf-8', Buffer.from('你好，世界 🌏 ok', 'utf-8'), '你好，世界 🌏 ok'],
    [
      'gbk',
      Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xca, 0xc0, 0xbd, 0xe7]),
      '你好，世界',
    ],
  ] as const)('%s text sent byte by byte shows whole', async (encoding, wire, text) => {
    const h = engineForTest();
    const { sessionId, peer } = await tcpClientSession(h);
    peer.setNoDelay(true);

    for (const byte of wire) {
      peer.write(Buffer.of(byte));
      // Each byte its own read: wait until it arrived before writing the next.
      await h.waitForBytes(sessionId, h.bytes(sessionId, 'rx').length + 1);
    }

    const chunks = h.data(sessionId, 'rx').map((e) => e.bytes);
    expect(chunks).toHaveLength(wire.length);
    const decoder = new StreamDecoder(encoding);
    expect(chunks.map((chunk) => decoder.decode(chunk)).join('')).toBe(text);
  });
});
