import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileEvent, FileKind } from '../../src/shared/contract';
import { streamTo } from '../../src/main/engine/file-destination';
import { fileAt } from '../../src/main/engine/file-on-disk';
import { EngineHarness } from '../support/engine-harness';
import { connectClient } from '../support/node-peers';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('receive to file', () => {
  let h: EngineHarness;
  let folder: string;
  beforeEach(() => {
    h = new EngineHarness();
    folder = mkdtempSync(path.join(tmpdir(), 'netassist-capture-'));
  });
  afterEach(async () => {
    await h.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  async function server() {
    const { sessionId, local } = await h.openSession({
      protocol: 'tcp-server',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    return { sessionId, port: local.port };
  }

  async function send(socket: Socket, payload: Buffer) {
    for (let i = 0; i < payload.length; i += 64 * 1024) {
      if (!socket.write(payload.subarray(i, i + 64 * 1024))) {
        await new Promise((resolve) => socket.once('drain', resolve));
      }
    }
  }

  const fileEvents = (sessionId: string, kind: FileKind = 'capture') =>
    h.events.filter(
      (e): e is FileEvent => e.type === 'file' && e.sessionId === sessionId && e.file.kind === kind,
    );

  it('writes a flood byte-exact to the file', async () => {
    const { sessionId, port } = await server();
    const file = path.join(folder, 'rx.bin');
    expect(await h.engine.startFile({ sessionId, kind: 'capture' }, fileAt(file))).toEqual({
      ok: true,
      name: file,
    });
    const client = await connectClient(port);
    const payload = randomBytes(32 * 1024 * 1024);
    await send(client.socket, payload);
    await h.waitForBytes(sessionId, payload.length, 'rx', 30_000);
    expect(await h.ok('stopFile', { sessionId, kind: 'capture' })).toEqual({
      ok: true,
      bytes: payload.length,
    });
    expect(sha(readFileSync(file))).toBe(sha(payload));
    client.socket.destroy();
  });

  it('a slow writer pauses reading (TCP backpressure) and still loses nothing', async () => {
    const { sessionId, port } = await server();
    const parts: Buffer[] = [];
    let buffered = 0;
    let maxBuffered = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, done) {
        buffered += chunk.length;
        maxBuffered = Math.max(maxBuffered, this.writableLength);
        parts.push(chunk);
        setTimeout(() => {
          buffered -= chunk.length;
          done();
        }, 2);
      },
    });
    await h.ok('createSession', {}); // another session: only this one's bytes go to the file
    expect(await h.engine.startFile({ sessionId, kind: 'capture' }, streamTo(slow))).toEqual({
      ok: true,
      name: 'stream',
    });
    const client = await connectClient(port);
    const payload = randomBytes(4 * 1024 * 1024);
    await send(client.socket, payload);
    await h.waitForBytes(sessionId, payload.length, 'rx', 60_000);
    await h.ok('stopFile', { sessionId, kind: 'capture' });
    expect(sha(Buffer.concat(parts))).toBe(sha(payload));
    // Reading paused while the writer was behind: its queue stayed near its high-water mark
    // (one socket read past it at most), not the whole 4 MiB.
    expect(maxBuffered).toBeLessThan(1024 * 1024);
    expect(buffered).toBe(0);
    client.socket.destroy();
  });

  it('captures one connection only when asked, and stops when that connection closes', async () => {
    const { sessionId, port } = await server();
    const a = await connectClient(port);
    const b = await connectClient(port);
    await h.waitFor(() => h.events.filter((e) => e.type === 'connection-opened').length === 2);
    const connectionOf = (port: number | undefined) => {
      for (const e of h.events) {
        if (e.type === 'connection-opened' && e.connection.remote.port === port) {
          return e.connection.connectionId;
        }
      }
      throw new Error(`no connection from port ${port}`);
    };
    const connectionId = connectionOf(a.socket.localPort);
    const file = path.join(folder, 'one.bin');
    await h.engine.startFile({ sessionId, kind: 'capture', connectionId }, fileAt(file));
    a.socket.write('mine');
    b.socket.write('not mine');
    await h.waitForBytes(sessionId, 12);
    a.socket.end();
    const stopped = await h.waitFor<FileEvent>(
      (e) => e.type === 'file' && e.file.state === 'stopped',
    );
    expect(stopped.file).toEqual({
      kind: 'capture',
      name: file,
      connectionId,
      state: 'stopped',
      bytes: 4,
    });
    expect(readFileSync(file, 'utf8')).toBe('mine');
    b.socket.destroy();
  });

  it('refuses a connection the session does not have, and a connection for the log', async () => {
    const { sessionId } = await server();
    const file = path.join(folder, 'x.bin');
    expect(
      await h.engine.startFile({ sessionId, kind: 'capture', connectionId: 'c9' }, fileAt(file)),
    ).toMatchObject({ ok: false, code: 'UNKNOWN_CONNECTION' });
    expect(
      await h.engine.startFile({ sessionId, kind: 'log', connectionId: 'c9' }, fileAt(file)),
    ).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  it('a file that cannot be opened is FILE_ERROR and nothing changes', async () => {
    const { sessionId } = await server();
    const missing = path.join(folder, 'no/such/dir/x.bin');
    const result = await h.engine.startFile({ sessionId, kind: 'capture' }, fileAt(missing));
    expect(result).toMatchObject({ ok: false, code: 'FILE_ERROR', params: { errno: 'ENOENT' } });
    expect(await h.ok('stopFile', { sessionId, kind: 'capture' })).toEqual({ ok: true, bytes: 0 });
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.files).toEqual([]);
  });

  it('a path that is a folder is FILE_ERROR (even for root, unlike a read-only folder)', async () => {
    const { sessionId } = await server();
    const result = await h.engine.startFile({ sessionId, kind: 'log' }, fileAt(folder));
    expect(result).toMatchObject({ ok: false, code: 'FILE_ERROR', params: { errno: 'EISDIR' } });
  });

  it('one file per kind at a time: a second start is ALREADY_OPEN; after a stop, a new one', async () => {
    const { sessionId } = await server();
    const first = path.join(folder, 'first.bin');
    await h.engine.startFile({ sessionId, kind: 'capture' }, fileAt(first));
    const again = await h.engine.startFile(
      { sessionId, kind: 'capture' },
      fileAt(path.join(folder, 'second.bin')),
    );
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_OPEN' });
    // The other kind is another file.
    const log = path.join(folder, 'log.jsonl');
    expect(await h.engine.startFile({ sessionId, kind: 'log' }, fileAt(log))).toMatchObject({
      ok: true,
    });
    await h.ok('stopFile', { sessionId, kind: 'capture' });
    expect(
      await h.engine.startFile({ sessionId, kind: 'capture' }, fileAt(path.join(folder, 'c.bin'))),
    ).toMatchObject({ ok: true });
  });

  it('says what it does in file events, and keeps the last state in the snapshot', async () => {
    const { sessionId, port } = await server();
    const file = path.join(folder, 'events.bin');
    await h.engine.startFile({ sessionId, kind: 'capture' }, fileAt(file));
    const client = await connectClient(port);
    client.socket.write(Buffer.alloc(1000, 1));
    await h.waitForBytes(sessionId, 1000);
    await h.waitFor((e) => e.type === 'file' && e.file.bytes === 1000, 5000, 'the size reported');
    expect(await h.ok('stopFile', { sessionId, kind: 'capture' })).toEqual({
      ok: true,
      bytes: 1000,
    });

    const states = fileEvents(sessionId).map((e) => [e.file.state, e.file.bytes]);
    expect(states[0]).toEqual(['writing', 0]);
    expect(states.at(-1)).toEqual(['stopped', 1000]);
    expect(states.filter(([state]) => state === 'stopped')).toHaveLength(1);
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.files).toEqual([
      { kind: 'capture', name: file, state: 'stopped', bytes: 1000 },
    ]);
    client.socket.destroy();
  });

  it('stopFile is idempotent: no file, or one already stopped, answers its size', async () => {
    const { sessionId } = await server();
    expect(await h.ok('stopFile', { sessionId, kind: 'log' })).toEqual({ ok: true, bytes: 0 });
    await h.engine.startFile({ sessionId, kind: 'log' }, fileAt(path.join(folder, 'l.jsonl')));
    const [a, b] = await Promise.all([
      h.ok('stopFile', { sessionId, kind: 'log' }),
      h.ok('stopFile', { sessionId, kind: 'log' }),
    ]);
    expect(a).toEqual(b);
    expect(await h.ok('stopFile', { sessionId, kind: 'log' })).toEqual(a);
    expect(fileEvents(sessionId, 'log').filter((e) => e.file.state === 'stopped')).toHaveLength(1);
  });

  it('without a place to save files, startFile is refused', async () => {
    const { sessionId } = await server();
    expect(await h.call('startFile', { sessionId, kind: 'capture' })).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
  });

  it('a capture spans a reconnection; disposing the session stops it', async () => {
    const { sessionId, port } = await server();
    const file = path.join(folder, 'spans.bin');
    await h.engine.startFile({ sessionId, kind: 'capture' }, fileAt(file));
    const first = await connectClient(port);
    first.socket.write('one ');
    await h.waitForBytes(sessionId, 4);
    await h.ok('close', { sessionId });
    const { local } = await h.ok('open', {
      sessionId,
      config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
    });
    const second = await connectClient(local.port);
    second.socket.write('two');
    await h.waitForBytes(sessionId, 7);
    await h.ok('disposeSession', { sessionId });
    expect(readFileSync(file, 'utf8')).toBe('one two');
    expect(fileEvents(sessionId).at(-1)?.file).toMatchObject({ state: 'stopped', bytes: 7 });
    first.socket.destroy();
    second.socket.destroy();
  });

  it('a stream that fails mid-way is FILE_ERROR; the session keeps receiving', async () => {
    const { sessionId, port } = await server();
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
      },
    });
    await h.engine.startFile({ sessionId, kind: 'capture' }, streamTo(failing, 'full.bin'));
    const client = await connectClient(port);
    client.socket.write('x');
    const failed = await h.waitFor<FileEvent>(
      (e) => e.type === 'file' && e.file.state === 'failed',
    );
    expect(failed.file.error).toMatchObject({
      code: 'FILE_ERROR',
      params: { path: 'full.bin', errno: 'ENOSPC' },
    });
    client.socket.write('yz');
    await h.waitForBytes(sessionId, 3);
    // A failed file is not a running one: a new one may start.
    expect(
      await h.engine.startFile({ sessionId, kind: 'capture' }, fileAt(path.join(folder, 'n.bin'))),
    ).toMatchObject({ ok: true });
    client.socket.destroy();
  });
});
