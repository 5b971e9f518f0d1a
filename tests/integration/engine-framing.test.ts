/**
 * Framing in the engine (setFraming): received bytes are cut into log entries — data events,
 * readLog, log to file — by a delimiter, a fixed length or a length prefix, however they arrived
 * in chunks, through real sockets on loopback. Counters and receive to file see the chunks as
 * they came; bytes of an unfinished message are logged when their stream ends or the framing
 * changes.
 */
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, FileEvent, Framing } from '../../src/shared/contract';
import { fileAt } from '../../src/main/engine/file-on-disk';
import type { EngineHarness } from '../support/engine-harness';
import { connectClient } from '../support/node-peers';
import { afterTest, engineForTest, tcpClientSession } from '../support/test-resources';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const texts = (events: { bytes: Uint8Array }[]) =>
  events.map((e) => Buffer.from(e.bytes).toString());

function tempFolder() {
  const folder = mkdtempSync(path.join(tmpdir(), 'netassist-framing-'));
  afterTest(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/**
 * Waits until the session counted `bytes` received: an unfinished message is in no data event
 * yet, but the counters count every byte as it arrives.
 */
const counted = (h: EngineHarness, sessionId: string, bytes: number) =>
  h.waitFor(
    (e) => e.type === 'counters' && e.sessionId === sessionId && e.counters.rxBytes >= bytes,
    5000,
    `${bytes} bytes counted`,
  );

/** A TCP server session with `framing` and one connected client. */
async function serverWithClient(h: EngineHarness, framing: Framing) {
  const { sessionId, local } = await h.openSession({
    protocol: 'tcp-server',
    localHost: '127.0.0.1',
    localPort: 0,
  });
  await h.ok('setFraming', { sessionId, framing });
  const client = await connectClient(local.port);
  afterTest(() => client.socket.destroy());
  await h.waitFor((e) => e.type === 'connection-opened' && e.sessionId === sessionId);
  let total = 0;
  /** Writes each part as its own read: the next waits until the engine counted this one. */
  const writeParts = async (...parts: (string | Buffer)[]) => {
    for (const part of parts) {
      client.socket.write(part);
      total += Buffer.byteLength(part);
      await counted(h, sessionId, total);
    }
  };
  return { sessionId, client, writeParts };
}

async function logged(h: EngineHarness, sessionId: string) {
  const { entries } = await h.ok('readLog', { sessionId, fromSeq: 1, count: 1000 });
  return entries.filter((e) => e.direction === 'rx');
}

describe('framing in the engine', () => {
  it('a delimiter split across reads ("hel", "lo\\r", "\\nwor", "ld\\r\\n") logs "hello\\r\\n" and "world\\r\\n"; counters and receive to file see the reads', async () => {
    const h = engineForTest();
    const folder = tempFolder();
    const { sessionId, writeParts } = await serverWithClient(h, {
      mode: 'delimiter',
      delimiter: '0D 0A',
    });
    const capturePath = path.join(folder, 'rx.bin');
    const logPath = path.join(folder, 'log.jsonl');
    await h.engine.startFile({ sessionId, kind: 'capture' }, fileAt(capturePath));
    await h.engine.startFile({ sessionId, kind: 'log' }, fileAt(logPath));

    await writeParts('hel');
    // Receive to file has the bytes although no message is complete (and none is logged).
    await h.waitFor(
      (e) => e.type === 'file' && e.file.kind === 'capture' && e.file.bytes === 3,
      5000,
      'the capture to hold "hel"',
    );
    expect(h.data(sessionId, 'rx')).toEqual([]);
    await writeParts('lo\r', '\nwor', 'ld\r\n');
    await h.waitForBytes(sessionId, 14);

    expect(texts(h.data(sessionId, 'rx'))).toEqual(['hello\r\n', 'world\r\n']);
    const entries = await logged(h, sessionId);
    expect(texts(entries)).toEqual(['hello\r\n', 'world\r\n']);
    expect(entries.map((e) => e.connectionId)).toEqual(['c1', 'c1']);
    // The second entry's prefix is the stream's bytes before it, for a split character.
    expect(Buffer.from(entries[1]!.prefix).toString()).toBe('lo\r\n');
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.counters).toMatchObject({ rxBytes: 14, rxMessages: 4 });
    expect(sessions[0]!.connections[0]!.counters).toMatchObject({ rxBytes: 14, rxMessages: 4 });
    expect(sessions[0]!.framing).toEqual({ mode: 'delimiter', delimiter: '0D 0A' });

    await h.ok('stopFile', { sessionId, kind: 'capture' });
    await h.ok('stopFile', { sessionId, kind: 'log' });
    expect(readFileSync(capturePath).toString()).toBe('hello\r\nworld\r\n');
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as { seq: number; hex: string })).toEqual(
      entries.map((e) =>
        expect.objectContaining({ seq: e.seq, hex: Buffer.from(e.bytes).toString('hex') }),
      ),
    );
  });

  it('receive to file is byte for byte what arrived, whatever the framing holds back', async () => {
    const h = engineForTest();
    const folder = tempFolder();
    const { sessionId, client, writeParts } = await serverWithClient(h, {
      mode: 'fixed',
      length: 1000,
    });
    const capturePath = path.join(folder, 'rx.bin');
    await h.engine.startFile(
      { sessionId, kind: 'capture', connectionId: 'c1' },
      fileAt(capturePath),
    );
    const payload = Buffer.alloc(256 * 1024 + 77);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + (i >> 9)) & 0xff;

    await writeParts(payload.subarray(0, 100_000), payload.subarray(100_000));
    await h.waitForBytes(sessionId, 262_000);
    client.socket.end();
    await h.waitFor((e) => e.type === 'connection-closed');

    const rx = h.data(sessionId, 'rx');
    expect(rx.map((e) => e.bytes.length)).toEqual([...Array<number>(262).fill(1000), 221]);
    expect(sha(h.bytes(sessionId, 'rx'))).toBe(sha(payload));
    const capture = await h.waitFor<FileEvent>(
      (e) => e.type === 'file' && e.file.kind === 'capture' && e.file.state === 'stopped',
    );
    expect(capture.file.bytes).toBe(payload.length);
    expect(sha(readFileSync(capturePath))).toBe(sha(payload));
  });

  it('fixed length: the unfinished rest is logged when the peer closes, before connection-closed', async () => {
    const h = engineForTest();
    const { sessionId, client, writeParts } = await serverWithClient(h, {
      mode: 'fixed',
      length: 3,
    });

    await writeParts('abcd', 'efg');
    client.socket.end();
    await h.waitFor((e) => e.type === 'connection-closed');

    const order = h.events
      .filter((e) => e.sessionId === sessionId)
      .filter((e) => (e.type === 'data' && e.direction === 'rx') || e.type === 'connection-closed')
      .map((e) => (e.type === 'data' ? Buffer.from(e.bytes).toString() : e.type));
    expect(order).toEqual(['abc', 'def', 'g', 'connection-closed']);
    expect(texts(await logged(h, sessionId))).toEqual(['abc', 'def', 'g']);
  });

  it.each([
    [1, 'big'],
    [1, 'little'],
    [2, 'big'],
    [2, 'little'],
    [4, 'big'],
    [4, 'little'],
  ] as const)(
    'length-prefixed, %i-byte %s-endian prefix: each message whole, prefix included',
    async (prefixBytes, byteOrder) => {
      const h = engineForTest();
      const { sessionId, writeParts } = await serverWithClient(h, {
        mode: 'length-prefixed',
        prefixBytes,
        byteOrder,
      });
      const message = (text: string) => {
        const body = Buffer.from(text);
        const prefix = Buffer.alloc(prefixBytes);
        if (byteOrder === 'big') prefix.writeUIntBE(body.length, 0, prefixBytes);
        else prefix.writeUIntLE(body.length, 0, prefixBytes);
        return Buffer.concat([prefix, body]);
      };
      const first = message('温度=23');
      const second = message('ok');
      const stream = Buffer.concat([first, second]);

      // Split inside the first prefix, then inside the second message.
      await writeParts(stream.subarray(0, 1), stream.subarray(1, first.length + 2));
      await writeParts(stream.subarray(first.length + 2));
      await h.waitForBytes(sessionId, stream.length);

      expect(h.data(sessionId, 'rx').map((e) => Buffer.from(e.bytes))).toEqual([first, second]);
    },
  );

  it('a framing change logs the unfinished message as it is; then bytes are cut the new way', async () => {
    const h = engineForTest();
    const { sessionId, writeParts } = await serverWithClient(h, {
      mode: 'delimiter',
      delimiter: '0A',
    });
    await h.ok('setAutoReply', { sessionId, rules: [], echo: true });

    await writeParts('one\ntw');
    await h.ok('setFraming', { sessionId, framing: { mode: 'raw' } });
    expect(texts(h.data(sessionId, 'rx'))).toEqual(['one\n', 'tw']);
    await writeParts('o\n');
    await writeParts('three');
    await h.waitForBytes(sessionId, 13);

    expect(texts(await logged(h, sessionId))).toEqual(['one\n', 'tw', 'o\n', 'three']);
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.framing).toEqual({ mode: 'raw' });
    // Echo answered whole messages and the raw chunks, never the unfinished 'tw'.
    await h.waitForBytes(sessionId, 11, 'tx');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(texts(h.data(sessionId, 'tx'))).toEqual(['one\n', 'o\n', 'three']);
  });

  it('raw logs each read as it came; merge is raw in the engine', async () => {
    for (const framing of [{ mode: 'raw' }, { mode: 'merge', withinMs: 100 }] as const) {
      const h = engineForTest();
      const { sessionId, writeParts } = await serverWithClient(h, framing);

      await writeParts('hel', 'lo\r', '\nwor', 'ld\r\n');
      await h.waitForBytes(sessionId, 14);

      expect(texts(h.data(sessionId, 'rx'))).toEqual(['hel', 'lo\r', '\nwor', 'ld\r\n']);
      expect(texts(await logged(h, sessionId))).toEqual(['hel', 'lo\r', '\nwor', 'ld\r\n']);
      await h.dispose();
    }
  });

  it('UDP: each peer has its own stream; their unfinished messages are logged when the session closes', async () => {
    const h = engineForTest();
    const { sessionId, local } = await h.openSession({
      protocol: 'udp',
      localHost: '127.0.0.1',
      localPort: 0,
    });
    await h.ok('setFraming', { sessionId, framing: { mode: 'delimiter', delimiter: '0A' } });
    const peers = await Promise.all(
      [0, 1].map(async () => {
        const socket = dgram.createSocket('udp4');
        afterTest(() => socket.close());
        await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
        return socket;
      }),
    );
    const [a, b] = peers as [dgram.Socket, dgram.Socket];
    let total = 0;
    const datagram = async (from: dgram.Socket, text: string) => {
      from.send(text, local.port, '127.0.0.1');
      total += Buffer.byteLength(text);
      await counted(h, sessionId, total);
    };

    await datagram(a, 'he');
    await datagram(b, 'wo');
    await datagram(a, 'y\n');
    await datagram(b, 'rld\n');
    await datagram(a, 'unfin');
    await datagram(b, 'ished');
    await h.ok('close', { sessionId });

    const rx = h.data(sessionId, 'rx');
    expect(rx.map((e) => [Buffer.from(e.bytes).toString(), e.peer.port])).toEqual([
      ['hey\n', a.address().port],
      ['world\n', b.address().port],
      ['unfin', a.address().port],
      ['ished', b.address().port],
    ]);
    const sessionEvents = h.events.filter((e: EngineEvent) => e.sessionId === sessionId);
    const closedAt = sessionEvents.findIndex((e) => e.type === 'state' && e.state === 'closed');
    expect(sessionEvents.indexOf(rx.at(-1)!)).toBeLessThan(closedAt);
  });

  it('a TCP client session closed by the user logs what it held', async () => {
    const h = engineForTest();
    const { sessionId, peer } = await tcpClientSession(h);
    await h.ok('setFraming', { sessionId, framing: { mode: 'delimiter', delimiter: '0D 0A' } });

    peer.write('$GPGGA,1\r\n$GPG');
    await counted(h, sessionId, 14);
    await h.ok('close', { sessionId });

    expect(texts(await logged(h, sessionId))).toEqual(['$GPGGA,1\r\n', '$GPG']);
  });

  it('setFraming refuses bad framings with the sentence the user sees, keeping the framing it had', async () => {
    const h = engineForTest();
    const { sessionId } = await h.ok('createSession', {});
    const good: Framing = { mode: 'fixed', length: 8 };
    await h.ok('setFraming', { sessionId, framing: good });
    const refused = async (framing: Framing) => {
      const result = await h.call('setFraming', { sessionId, framing });
      return result.ok ? 'ok' : [result.code, result.message];
    };

    expect(await refused({ mode: 'delimiter', delimiter: '0D 0' })).toEqual([
      'INVALID_HEX',
      'Invalid hex: the byte at position 4 has only one digit — write 04, not 4.',
    ]);
    expect(await refused({ mode: 'delimiter', delimiter: '' })).toEqual([
      'INVALID_HEX',
      'Invalid hex: there are no hex digits to send.',
    ]);
    expect((await refused({ mode: 'fixed', length: 0 }))[0]).toBe('INVALID_REQUEST');
    expect((await refused({ mode: 'fixed', length: 1.5 }))[0]).toBe('INVALID_REQUEST');
    expect((await refused({ mode: 'merge', withinMs: -1 }))[0]).toBe('INVALID_REQUEST');
    const three = { mode: 'length-prefixed', prefixBytes: 3, byteOrder: 'big' } as unknown;
    expect((await refused(three as Framing))[0]).toBe('INVALID_REQUEST');
    const unknown = await h.call('setFraming', { sessionId: 'nope', framing: good });
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_SESSION' });

    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.framing).toEqual(good);
  });

  it('a new session frames nothing (raw) until told', async () => {
    const h = engineForTest();
    await h.ok('createSession', {});
    const { sessions } = await h.ok('listSessions', {});
    expect(sessions[0]!.framing).toEqual({ mode: 'raw' });
  });
});
