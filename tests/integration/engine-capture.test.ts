import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    const { sessionId } = await h.ok('createSession', {});
    const { local } = await h.ok('open', {
      sessionId,
      config: { protocol: 'tcp-server', localHost: '127.0.0.1', localPort: 0 },
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

  it('writes a flood byte-exact to the file', async () => {
    const { sessionId, port } = await server();
    const file = path.join(folder, 'rx.bin');
    expect(await h.engine.captureToFile(sessionId, file)).toEqual({ ok: true });
    const client = await connectClient(port);
    const payload = randomBytes(32 * 1024 * 1024);
    await send(client.socket, payload);
    await h.waitForBytes(sessionId, payload.length, 'rx', 30_000);
    expect(await h.engine.stopCapture(sessionId)).toEqual({ ok: true, bytes: payload.length });
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
    expect(h.engine.captureTo(sessionId, slow)).toEqual({ ok: true });
    const client = await connectClient(port);
    const payload = randomBytes(4 * 1024 * 1024);
    await send(client.socket, payload);
    await h.waitForBytes(sessionId, payload.length, 'rx', 60_000);
    await h.engine.stopCapture(sessionId);
    expect(sha(Buffer.concat(parts))).toBe(sha(payload));
    // Reading paused while the writer was behind: its queue stayed near its high-water mark
    // (one socket read past it at most), not the whole 4 MiB.
    expect(maxBuffered).toBeLessThan(1024 * 1024);
    expect(buffered).toBe(0);
    client.socket.destroy();
  });

  it('captures one connection only when asked', async () => {
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
    expect(await h.engine.captureToFile(sessionId, file, connectionId)).toEqual({ ok: true });
    a.socket.write('mine');
    b.socket.write('not mine');
    await h.waitForBytes(sessionId, 12);
    await h.engine.stopCapture(sessionId);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    a.socket.destroy();
    b.socket.destroy();
  });

  it('a file that cannot be opened is FILE_ERROR and nothing changes', async () => {
    const { sessionId } = await server();
    const result = await h.engine.captureToFile(sessionId, path.join(folder, 'no/such/dir/x.bin'));
    expect(result).toMatchObject({ ok: false, code: 'FILE_ERROR', params: { errno: 'ENOENT' } });
    expect(await h.engine.stopCapture(sessionId)).toEqual({ ok: true, bytes: 0 });
  });
});
