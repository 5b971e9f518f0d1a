/**
 * Send file through the engine's commands (the source named by the test, as no bridge can), to
 * real peers on loopback: byte-exact over TCP (client, server to one client and to all), UDP
 * datagrams of the chosen size, cancel, and the session closing under it.
 */
import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileSendEvent, FileSendStatus } from '../../src/shared/contract';
import { fileFrom } from '../../src/main/engine/file-source';
import type { EngineHarness } from '../support/engine-harness';
import { connectClient } from '../support/node-peers';
import { afterTest, engineForTest, tcpClientSession, until } from '../support/test-resources';

const MiB = 1024 * 1024;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function tempFile(bytes: Uint8Array) {
  const folder = await mkdtemp(path.join(tmpdir(), 'netassist-send-file-'));
  afterTest(() => rm(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'payload.bin');
  await writeFile(file, bytes);
  return file;
}

/** Everything a socket receives, hashed as it comes (24 MiB need not be kept). */
function hashing(socket: net.Socket) {
  const hash = createHash('sha256');
  let bytes = 0;
  socket.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  return { bytes: () => bytes, sha: () => hash.copy().digest('hex') };
}

function sendEnded(h: EngineHarness, sessionId: string, after = 0) {
  return h.waitFor<FileSendEvent>(
    (e) =>
      e.type === 'file-send' &&
      e.sessionId === sessionId &&
      !['waiting', 'sending'].includes(e.fileSend.state) &&
      h.events.indexOf(e) >= after,
    30_000,
    'the file send to end',
  );
}

async function tcpServerSession(h: EngineHarness) {
  const { sessionId } = await h.ok('createSession', {});
  const opened = await h.ok('open', {
    sessionId,
    config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
  });
  return { sessionId, port: opened.local.port };
}

async function clientOf(h: EngineHarness, sessionId: string, port: number) {
  const before = h.events.filter((e) => e.type === 'connection-opened').length;
  const client = await connectClient(port);
  afterTest(() => client.socket.destroy());
  const opened = await h.waitFor(
    (e) =>
      e.type === 'connection-opened' &&
      e.sessionId === sessionId &&
      h.events.filter((o) => o.type === 'connection-opened').indexOf(e) >= before,
  );
  if (opened.type !== 'connection-opened') throw new Error('unreachable');
  return { client, connectionId: opened.connection.connectionId, received: hashing(client.socket) };
}

describe('send file', () => {
  it('sends a 24 MiB file through a TCP client session byte-exact, counted and logged as tx', async () => {
    const h = engineForTest();
    const payload = randomBytes(24 * MiB);
    const file = await tempFile(payload);
    const { sessionId, peer } = await tcpClientSession(h);
    const received = hashing(peer);

    const started = await h.engine.sendFile({ sessionId }, fileFrom(file));

    expect(started).toEqual({ ok: true, name: file });
    const end = await sendEnded(h, sessionId);
    expect(end.fileSend).toEqual({
      name: file,
      state: 'done',
      sent: payload.length,
      total: payload.length,
    });
    await until(() => received.bytes() >= payload.length, 10_000, 'the whole file');
    expect(received.sha()).toBe(sha(payload));
    const progress = h.events.filter(
      (e): e is FileSendEvent => e.type === 'file-send' && e.fileSend.state === 'sending',
    );
    expect(progress[0]?.fileSend).toEqual({
      name: file,
      state: 'sending',
      sent: 0,
      total: payload.length,
    });
    const sent = progress.map((e) => e.fileSend.sent);
    expect(sent.every((value, i) => i === 0 || value >= sent[i - 1]!)).toBe(true);
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.counters.txBytes).toBe(payload.length);
    expect(sessions[0]!.fileSend).toEqual(end.fileSend);
    const tx = h.data(sessionId, 'tx');
    expect(tx.reduce((total, e) => total + e.bytes.length, 0)).toBe(payload.length);
    expect(tx.every((e) => e.auto === undefined)).toBe(true);
  });

  it('a TCP server sends a 24 MiB file to one client, then to all, byte-exact', async () => {
    const h = engineForTest();
    const payload = randomBytes(24 * MiB);
    const file = await tempFile(payload);
    const { sessionId, port } = await tcpServerSession(h);
    const first = await clientOf(h, sessionId, port);
    const second = await clientOf(h, sessionId, port);

    const target = { kind: 'connection' as const, connectionId: second.connectionId };
    await h.engine.sendFile({ sessionId, target }, fileFrom(file));
    expect((await sendEnded(h, sessionId)).fileSend.state).toBe('done');
    await until(() => second.received.bytes() >= payload.length, 10_000, 'the file at one');
    expect(second.received.sha()).toBe(sha(payload));
    expect(first.received.bytes()).toBe(0);

    const mark = h.events.length;
    await h.engine.sendFile({ sessionId, target: { kind: 'all' } }, fileFrom(file));
    expect((await sendEnded(h, sessionId, mark)).fileSend.state).toBe('done');
    await until(() => first.received.bytes() >= payload.length, 10_000, 'the file at all');
    await until(() => second.received.bytes() >= 2 * payload.length, 10_000, 'twice at one');
    expect(first.received.sha()).toBe(sha(payload));
    expect(second.received.sha()).toBe(sha(Buffer.concat([payload, payload])));
  });

  it('cuts the file into UDP datagrams of exactly the chosen size (default: the largest)', async () => {
    const h = engineForTest();
    const receiver = dgram.createSocket('udp4');
    const sizes: number[] = [];
    const chunks: Buffer[] = [];
    receiver.on('message', (message: Buffer) => {
      sizes.push(message.length);
      chunks.push(message);
    });
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    afterTest(() => receiver.close());
    const { sessionId } = await h.openSession({
      protocol: 'udp',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    const target = { kind: 'address' as const, host: '127.0.0.1', port: receiver.address().port };
    const small = randomBytes(10_001);
    const smallFile = await tempFile(small);

    await h.engine.sendFile(
      { sessionId, target, datagramBytes: 1000, delayMs: 1 },
      fileFrom(smallFile),
    );

    expect((await sendEnded(h, sessionId)).fileSend).toMatchObject({ state: 'done', sent: 10_001 });
    await until(() => sizes.length >= 11, 5000, 'eleven datagrams');
    expect(sizes).toEqual([...Array<number>(10).fill(1000), 1]);
    expect(sha(Buffer.concat(chunks))).toBe(sha(small));

    const large = randomBytes(150_000);
    const largeFile = await tempFile(large);
    sizes.length = 0;
    const mark = h.events.length;
    await h.engine.sendFile({ sessionId, target }, fileFrom(largeFile));
    expect((await sendEnded(h, sessionId, mark)).fileSend.state).toBe('done');
    await until(() => sizes.length >= 3, 5000, 'three datagrams');
    expect(sizes).toEqual([65_507, 65_507, 150_000 - 2 * 65_507]);

    const tooLarge = await h.engine.sendFile(
      { sessionId, target, datagramBytes: 65_508 },
      fileFrom(largeFile),
    );
    expect(tooLarge).toMatchObject({
      ok: false,
      code: 'DATAGRAM_TOO_LARGE',
      params: { bytes: 65_508, max: 65_507 },
    });
    const zero = await h.engine.sendFile({ sessionId, datagramBytes: 0 }, fileFrom(largeFile));
    expect(zero).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  it('cancel mid-send stops it; exactly what was sent arrives, and a second cancel is a no-op', async () => {
    const h = engineForTest();
    const payload = randomBytes(24 * MiB);
    const file = await tempFile(payload);
    const { sessionId, port } = await tcpServerSession(h);
    const { client, received } = await clientOf(h, sessionId, port);
    // The peer reads nothing for now: the socket's backpressure holds the send back.
    client.socket.pause();

    await h.engine.sendFile({ sessionId }, fileFrom(file));
    await h.waitFor(
      (e) => e.type === 'file-send' && e.fileSend.state === 'sending' && e.fileSend.sent > 0,
      5000,
      'some progress',
    );
    expect(await h.call('sendFile', { sessionId })).toMatchObject({
      ok: false,
      code: 'ALREADY_OPEN',
    });

    expect(await h.ok('cancelSendFile', { sessionId })).toEqual({ ok: true });

    const end = await sendEnded(h, sessionId);
    expect(end.fileSend.state).toBe('cancelled');
    expect(end.fileSend.error).toBeUndefined();
    expect(end.fileSend.sent).toBeLessThan(payload.length);
    expect(await h.ok('cancelSendFile', { sessionId })).toEqual({ ok: true });
    client.socket.resume();
    await until(() => received.bytes() >= end.fileSend.sent, 10_000, 'what was sent');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.bytes()).toBe(end.fileSend.sent);
    expect(received.sha()).toBe(sha(payload.subarray(0, end.fileSend.sent)));
  });

  it('closing the session (Disconnect, Stop) cancels the send, as Stop ends a periodic send', async () => {
    const h = engineForTest();
    const file = await tempFile(randomBytes(24 * MiB));
    const { sessionId, port } = await tcpServerSession(h);
    const { client } = await clientOf(h, sessionId, port);
    client.socket.pause();
    await h.engine.sendFile({ sessionId }, fileFrom(file));
    await h.waitFor((e) => e.type === 'file-send' && e.fileSend.sent > 0, 5000, 'some progress');

    await h.ok('close', { sessionId });

    const end = await sendEnded(h, sessionId);
    expect(end.fileSend.state).toBe('cancelled');
    expect(end.fileSend.sent).toBeLessThan(24 * MiB);
  });

  it('a file that cannot be read is FILE_ERROR; without an open session, NOT_CONNECTED', async () => {
    const h = engineForTest();
    const { sessionId } = await h.ok('createSession', {});
    const missing = path.join(tmpdir(), `netassist-missing-${process.pid}.bin`);
    expect(await h.engine.sendFile({ sessionId }, fileFrom(missing))).toMatchObject({
      ok: false,
      code: 'NOT_CONNECTED',
    });
    await h.ok('open', {
      sessionId,
      config: { protocol: 'udp', localHost: '127.0.0.1', localPort: 0 },
    });
    expect(await h.engine.sendFile({ sessionId }, fileFrom(missing))).toMatchObject({
      ok: false,
      code: 'FILE_ERROR',
      params: { path: missing, errno: 'ENOENT', action: 'read' },
    });
    // No source at all (a host that cannot read files): refused, not crashed.
    expect(await h.call('sendFile', { sessionId })).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
    const status: FileSendStatus | undefined = (await h.ok('listSessions', {})).sessions[0]!
      .fileSend;
    expect(status).toBeUndefined();
  });
});
