import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileEvent } from '../../src/shared/contract';
import { DEFAULT_SEND_OPTIONS } from '../../src/shared/contract';
import { fileAt } from '../../src/main/engine/file-on-disk';
import { EngineHarness } from '../support/engine-harness';
import type { LogLine } from '../support/log-line';
import { connectClient, udpPeer } from '../support/node-peers';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function readLines(file: string): LogLine[] {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as LogLine);
}

/** Entries in seq order with none missing. */
function expectConsecutive(lines: LogLine[]) {
  const first = lines[0]!.seq;
  expect(lines.map((line) => line.seq)).toEqual(lines.map((_line, i) => first + i));
}

describe('log to file', () => {
  let h: EngineHarness;
  let folder: string;
  beforeEach(() => {
    h = new EngineHarness();
    folder = mkdtempSync(path.join(tmpdir(), 'netassist-log-file-'));
  });
  afterEach(async () => {
    await h.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  async function send(socket: Socket, payload: Buffer) {
    for (let i = 0; i < payload.length; i += 64 * 1024) {
      if (!socket.write(payload.subarray(i, i + 64 * 1024))) {
        await new Promise((resolve) => socket.once('drain', resolve));
      }
    }
  }

  it('writes every TCP entry from its start as JSON Lines: both directions, exact hex', async () => {
    const { sessionId, client } = await h.listenWithClient();
    client.socket.write('before');
    await h.waitForBytes(sessionId, 6);
    const file = path.join(folder, 'tcp.jsonl');
    await h.engine.startFile({ sessionId, kind: 'log' }, fileAt(file));

    client.socket.write('hello');
    await h.waitForBytes(sessionId, 11);
    await h.ok('send', { sessionId, data: '你好', options: DEFAULT_SEND_OPTIONS });
    await h.waitForBytes(sessionId, 6, 'tx');
    const { bytes } = await h.ok('stopFile', { sessionId, kind: 'log' });

    const text = readFileSync(file, 'utf8');
    expect(bytes).toBe(Buffer.byteLength(text));
    const lines = readLines(file);
    const [hello, reply] = h.data(sessionId).slice(1);
    const peer = `127.0.0.1:${client.socket.localPort}`;
    expect(lines).toEqual([
      {
        seq: hello!.seq,
        time: new Date(hello!.at).toISOString(),
        direction: 'rx',
        peer,
        connectionId: 'c1',
        length: 5,
        hex: Buffer.from('hello').toString('hex'),
      },
      {
        seq: reply!.seq,
        time: new Date(reply!.at).toISOString(),
        direction: 'tx',
        peer,
        connectionId: 'c1',
        length: 6,
        hex: Buffer.from('你好').toString('hex'),
      },
    ]);
    // The key order the format promises, so a line reads the same in any viewer.
    expect(Object.keys(JSON.parse(text.split('\n')[0]!) as object)).toEqual([
      'seq',
      'time',
      'direction',
      'peer',
      'connectionId',
      'length',
      'hex',
    ]);
    client.socket.destroy();
  });

  it('writes UDP entries without a connection id, with an IPv6 peer in brackets', async () => {
    const { sessionId, local } = await h.openUdp('::1');
    const peer = await udpPeer('::1');
    const file = path.join(folder, 'udp.jsonl');
    await h.engine.startFile({ sessionId, kind: 'log' }, fileAt(file));
    const datagrams = [Buffer.from('one'), Buffer.from([0, 1, 2, 255]), Buffer.from('three')];
    let received = 0;
    for (const datagram of datagrams) {
      // One at a time: loopback UDP keeps order, but the test should not rely on it.
      peer.socket.send(datagram, local.port, '::1');
      received += datagram.length;
      await h.waitForBytes(sessionId, received);
    }
    await h.ok('send', {
      sessionId,
      data: 'back',
      options: DEFAULT_SEND_OPTIONS,
      target: { kind: 'last-sender' },
    });
    await h.waitForBytes(sessionId, 4, 'tx');
    await h.ok('stopFile', { sessionId, kind: 'log' });

    const lines = readLines(file);
    expectConsecutive(lines);
    const sent = [...datagrams, Buffer.from('back')];
    expect(lines.map((line) => line.hex)).toEqual(sent.map((bytes) => bytes.toString('hex')));
    expect(lines.map((line) => line.direction)).toEqual(['rx', 'rx', 'rx', 'tx']);
    for (const line of lines) {
      expect(line.peer).toBe(`[::1]:${peer.port}`);
      expect(line).not.toHaveProperty('connectionId');
      expect(line.length).toBe(line.hex.length / 2);
    }
  });

  it('keeps on disk what memory evicts: a flood, byte-exact, none missing', async () => {
    await h.ok('setLogLimits', { maxEntries: 10, maxBytes: 64 * 1024 });
    const { sessionId, local } = await h.listen();
    const file = path.join(folder, 'flood.jsonl');
    await h.engine.startFile({ sessionId, kind: 'log' }, fileAt(file));
    const client = await connectClient(local.port);
    const payload = randomBytes(8 * 1024 * 1024);
    await send(client.socket, payload);
    await h.waitForBytes(sessionId, payload.length, 'rx', 30_000);
    await h.ok('stopFile', { sessionId, kind: 'log' });

    const lines = readLines(file);
    const { sessions } = await h.ok('listSessions', {});
    const log = sessions[0]!.log;
    expect(log.evicted).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(log.lastSeq - log.firstSeq + 1);
    expectConsecutive(lines);
    expect(lines[0]!.seq).toBe(1);
    expect(lines.at(-1)!.seq).toBe(log.lastSeq);
    const written = Buffer.concat(lines.map((line) => Buffer.from(line.hex, 'hex')));
    expect(sha(written)).toBe(sha(payload));
    client.socket.destroy();
  });

  it('reports its size while it grows and its end, once', async () => {
    const { sessionId, local } = await h.listen();
    const file = path.join(folder, 'events.jsonl');
    await h.engine.startFile({ sessionId, kind: 'log' }, fileAt(file));
    const client = await connectClient(local.port);
    client.socket.write('abc');
    await h.waitFor((e) => e.type === 'file' && e.file.bytes > 0, 5000, 'a size report');
    const { bytes } = await h.ok('stopFile', { sessionId, kind: 'log' });

    const events = h.events.filter((e): e is FileEvent => e.type === 'file');
    expect(events.map((e) => e.file.state)).toEqual(['writing', 'writing', 'stopped']);
    expect(events.map((e) => e.file.bytes)).toEqual([0, bytes, bytes]);
    expect(events.every((e) => e.file.kind === 'log' && e.file.name === file)).toBe(true);
    client.socket.destroy();
  });
});
