import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendFile } from '../../src/main/engine/file-sender';
import { writeWithBackpressure } from '../../src/main/engine/tcp-write';
import { afterTest } from '../support/test-resources';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
async function tempFile(bytes: Uint8Array) {
  const folder = await mkdtemp(path.join(tmpdir(), 'netassist-send-'));
  afterTest(() => rm(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'payload.bin');
  await writeFile(file, bytes);
  return file;
}

/** A TCP peer that hashes everything it receives until the sender closes. */
async function hashingPeer() {
  const received = new Promise<{ sha: string; bytes: number }>((resolve) => {
    const server = net.createServer((socket) => {
      const hash = createHash('sha256');
      let bytes = 0;
      socket.on('data', (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      socket.on('end', () => resolve({ sha: hash.digest('hex'), bytes }));
    });
    afterTest(() => server.close());
    server.listen(0, '127.0.0.1', () => ready((server.address() as net.AddressInfo).port));
  });
  let ready!: (port: number) => void;
  const port = await new Promise<number>((resolve) => (ready = resolve));
  return { port, received };
}

describe('sendFile', () => {
  it('streams a 24 MiB file over TCP byte-exact, with progress up to its size', async () => {
    const payload = randomBytes(24 * 1024 * 1024);
    const file = await tempFile(payload);
    const peer = await hashingPeer();
    const socket = net.connect(peer.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const progress: number[] = [];
    const result = await sendFile({
      source: createReadStream(file),
      name: file,
      send: async (bytes) => {
        await writeWithBackpressure(socket, bytes);
        return { ok: true, bytes: bytes.length, recipients: 1 };
      },
      plan: {},
      cancel: new AbortController().signal,
      onProgress: (sent) => progress.push(sent),
    });
    socket.end();
    expect(result).toEqual({ ok: true, bytes: payload.length });
    expect(await peer.received).toEqual({ sha: sha256(payload), bytes: payload.length });
    expect(progress.at(-1)).toBe(payload.length);
    expect(progress.every((value, i) => i === 0 || value > progress[i - 1]!)).toBe(true);
  });

  it('cuts a file into datagrams of the chosen size for UDP', async () => {
    const payload = randomBytes(10_000);
    const file = await tempFile(payload);
    const receiver = dgram.createSocket('udp4');
    const sender = dgram.createSocket('udp4');
    afterTest(
      () => receiver.close(),
      () => sender.close(),
    );
    const datagrams: Buffer[] = [];
    receiver.on('message', (message) => datagrams.push(message));
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    const { port } = receiver.address();
    const result = await sendFile({
      source: createReadStream(file, { highWaterMark: 3000 }), // chunks that do not line up
      name: file,
      send: (bytes) =>
        new Promise((resolve) =>
          sender.send(bytes, port, '127.0.0.1', () =>
            resolve({ ok: true, bytes: bytes.length, recipients: 1 }),
          ),
        ),
      plan: { datagramBytes: 1024, delayMs: 1 },
      cancel: new AbortController().signal,
      onProgress: () => {},
    });
    expect(result).toEqual({ ok: true, bytes: 10_000 });
    await expect.poll(() => datagrams.length).toBe(10);
    expect(datagrams.map((d) => d.length)).toEqual([...Array(9).fill(1024), 10_000 - 9 * 1024]);
    expect(Buffer.concat(datagrams).equals(payload)).toBe(true);
  });

  it('stops when cancelled, and names the file when reading it fails', async () => {
    const cancel = new AbortController();
    let sends = 0;
    async function* endless() {
      for (;;) yield new Uint8Array(1000);
    }
    const cancelled = await sendFile({
      source: endless(),
      name: 'endless',
      send: (bytes) => {
        if (++sends === 5) cancel.abort();
        return Promise.resolve({ ok: true, bytes: bytes.length, recipients: 1 });
      },
      plan: {},
      cancel: cancel.signal,
      onProgress: () => {},
    });
    expect(cancelled).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(sends).toBe(5);

    async function* vanishing() {
      yield new Uint8Array(10);
      throw Object.assign(new Error('gone'), { code: 'EIO' });
    }
    const failed = await sendFile({
      source: vanishing(),
      name: '/data/log.bin',
      send: (bytes) => Promise.resolve({ ok: true, bytes: bytes.length, recipients: 1 }),
      plan: {},
      cancel: new AbortController().signal,
      onProgress: () => {},
    });
    expect(failed).toMatchObject({
      ok: false,
      code: 'FILE_ERROR',
      params: { path: '/data/log.bin', errno: 'EIO' },
    });
  });

  it('stops at the first failed send and returns that failure', async () => {
    const result = await sendFile({
      source: (async function* () {
        yield new Uint8Array(5);
        yield new Uint8Array(5);
      })(),
      name: 'x',
      send: () =>
        Promise.resolve({ ok: false, code: 'NOT_CONNECTED', message: 'closed', params: {} }),
      plan: {},
      cancel: new AbortController().signal,
      onProgress: () => {},
    });
    expect(result).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
  });
});
